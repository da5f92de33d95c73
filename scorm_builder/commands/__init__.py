"""The verbs of the command line, one module each; they call the pipeline, never the reverse."""
