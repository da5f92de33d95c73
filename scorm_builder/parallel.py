"""Work spread over forked worker processes: the modules a build loads, the SCOs it renders.

A forked worker starts with the parent's imports and data as they are (copy on write), so
the calls it makes are never pickled: only their results come back, pickled, in order.
Where processes cannot be forked safely (Windows, macOS) or there is too little work, the
calls are made here, one after the other: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar, cast

R = TypeVar("R")

MIN_CALLS = 8
"""Fewest calls worth a pool: a pool of two costs 10 to 43 ms to fork, map and close, a module
of 5 pages takes about 10 ms to load (benchmarks/README.md, issue 14)."""

_calls: Sequence[Callable[[], object]] = ()
"""In a worker: the calls of the pool it belongs to, set when the worker starts."""


def workers_available() -> int:
    """Return the cores this process may use, or 1 where workers cannot be forked safely."""
    if sys.platform != "linux":
        # Windows cannot fork (a spawned worker would import everything again); macOS can,
        # but its system libraries are not safe to use in a forked child.
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def results(
    calls: Sequence[Callable[[], R]], workers: int, ahead: int | None = None
) -> Iterator[Iterator[R]]:
    """Give the result of each call, in order, made in up to `workers` forked processes
    when there are enough calls, else here when read; the workers stop on leaving.

    The workers start at once; with `ahead`, at most that many calls are handed out before
    their results are read. A worker that dies (killed, out of memory) raises
    `BrokenProcessPool` where its result is read, never a wait without end.
    """
    workers = min(workers, len(calls))
    if workers < 2 or len(calls) < MIN_CALLS:
        yield (call() for call in calls)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, context, initializer=_receive, initargs=(calls,))
    try:
        yield _in_order(pool, len(calls), ahead or len(calls))
    finally:
        # Leaving early (an error): the calls not started are dropped, not made.
        pool.shutdown(cancel_futures=True)


def _in_order(pool: ProcessPoolExecutor, count: int, ahead: int) -> Iterator[R]:
    handed = deque(pool.submit(_make, index) for index in range(min(ahead, count)))
    following = iter(range(len(handed), count))
    while handed:
        result = cast("R", handed.popleft().result())
        index = next(following, None)
        if index is not None:
            handed.append(pool.submit(_make, index))  # the slot just read, given again
        yield result


def _receive(calls: Sequence[Callable[[], object]]) -> None:
    # A forked worker receives its arguments as the parent held them: nothing is pickled.
    global _calls
    _calls = calls


def _make(index: int) -> object:
    try:
        return _calls[index]()
    except Exception as error:
        raise sendable(error) from None


def sendable(error: Exception) -> Exception:
    """Return `error` if it survives the trip back pickled, else a `RuntimeError` telling
    it with the worker's traceback: an error the parent cannot unpickle would break the pool
    (`BrokenProcessPool`) and leave the error itself untold."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        told = "".join(traceback.format_exception(error))
        return RuntimeError(f"in a worker process: {told}")
    return error
