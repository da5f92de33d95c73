"""`python -m scorm_builder` runs the command line."""

from scorm_builder.cli import main

main()
