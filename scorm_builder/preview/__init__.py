"""`scorm-builder preview`: the course as a learner sees it in an LMS, served on 127.0.0.1.

A strict SCORM 1.2 LMS page (static/), the current build kept in memory (site.py), the
learner's data in a JSON file (learners.py), a watcher that rebuilds on change (watching.py)
and the HTTP server tying them together (server.py). The pipeline never imports this package.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
# Only this machine: the preview serves a learner's data and writes it on request.
HOST = "127.0.0.1"
