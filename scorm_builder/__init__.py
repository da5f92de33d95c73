"""scorm-builder: turn a course written as YAML and Markdown into a SCORM 1.2 package."""

# The one place the version is written: the build reads it from here (pyproject.toml,
# [tool.hatch.version]), so that `--version` needs no importlib.metadata (25 ms, issue 14).
__version__ = "0.1.0"
