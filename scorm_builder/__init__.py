"""scorm-builder: turn a course written as YAML and Markdown into a SCORM 1.2 package."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("scorm-builder")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
