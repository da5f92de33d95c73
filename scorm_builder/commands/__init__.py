"""The verbs of the command line, one module each; they call the pipeline, never the reverse.

At the top, a verb's module imports only click and light modules; it imports the pipeline
(pydantic models, lxml, Jinja2, markdown-it, ruamel.yaml) inside the functions that run the
verb, so that its `--help` and its usage errors answer as fast as click alone (issue 14;
tests/test_startup.py checks it).
"""
