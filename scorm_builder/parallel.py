"""Work spread over forked worker processes: the modules a build loads, the SCOs it renders.

A forked worker starts with the parent's imports and data as they are (copy on write), so
the calls it makes are never pickled: only their results come back, pickled, in order.
Where processes cannot be forked (Windows) or there is too little work, the calls are made
here, one after the other: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar, cast

R = TypeVar("R")

MIN_CALLS = 8
"""Fewest calls worth a pool: a pool of two costs 10 to 43 ms to fork, map and close, a module
of 5 pages takes about 10 ms to load (benchmarks/README.md, issue 14)."""

_calls: Sequence[Callable[[], object]] = ()
"""In a worker: the calls of the pool it belongs to, set when the worker starts."""


def workers_available() -> int:
    """Return the cores this process may use, or 1 where workers cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # Windows: a spawned worker would import everything again
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def results(
    calls: Sequence[Callable[[], R]], workers: int, ahead: int | None = None
) -> Iterator[Iterator[R]]:
    """Give the result of each call, in order, made in up to `workers` forked processes
    when there are enough calls, else here when read; the workers stop on leaving.

    With `ahead`, at most that many calls are made before their results are read.
    """
    workers = min(workers, len(calls))
    if workers < 2 or len(calls) < MIN_CALLS:
        yield (call() for call in calls)
        return
    slots = threading.Semaphore(ahead or len(calls))
    stopping = False

    def indices() -> Iterator[int]:
        # Read by the pool's task thread: a call is handed out once a slot is free.
        for index in range(len(calls)):
            slots.acquire()
            if stopping:
                return
            yield index

    def read(made: Iterator[R]) -> Iterator[R]:
        for result in made:
            slots.release()
            yield result

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_receive, initargs=(calls,)) as pool:
        # Small tasks, so that the workers finish together, a task apart (a module or a SCO
        # takes 5 to 40 ms); a few calls a task, as each task's round trip costs 0.1-0.3 ms.
        chunk = max(1, min(len(calls) // (workers * 32), (ahead or len(calls)) // (workers * 2)))
        try:
            yield read(cast("Iterator[R]", pool.imap(_make, indices(), chunksize=chunk)))
        finally:
            # Leaving early (an error): the task thread, waiting for a slot, must end for
            # the pool to close.
            stopping = True
            slots.release()


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
    it with the worker's traceback: an error the parent cannot unpickle would stop the pool's
    result thread, and the parent would wait forever."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        told = "".join(traceback.format_exception(error))
        return RuntimeError(f"in a worker process: {told}")
    return error
