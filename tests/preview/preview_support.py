"""Helpers of the preview tests: waiting for the server, and speaking HTTP to it."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT = 15.0


def wait_until(condition: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    """Return the first true value of `condition()`, polled until `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except (OSError, urllib.error.URLError):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {condition}")
        time.sleep(0.05)


def save_as_an_editor(path: Path, text: str) -> None:
    """Replace `path` whole, as editors save (a swap file renamed over it): the watcher never
    sees it truncated, which in-place writing shows it if the test thread stalls."""
    swap = path.with_name(f".{path.name}.swp")  # watchfiles ignores swap files
    swap.write_text(text, "utf-8")
    swap.replace(path)


def request(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
    """Return the status and body of an HTTP request (errors included)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, method=method)) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url: str) -> Any:
    status, body = request(url)
    assert status == 200, body
    return json.loads(body)
