"""Print one of README's fresh-machine commands, for .ci/run to run it exactly as written.

README marks each such command with an HTML comment, `<!-- ci: NAME -->`, on the line before
its ```sh block (a forge does not show the comment). The block must hold one command line:
CI runs what a new user copies, not its own copy of it. Standard library only: it runs
before any virtual environment exists.

    python3 .ci/readme_commands.py install     # prints the install command
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
MARKED_BLOCK = re.compile(r"^<!-- ci: ([a-z-]+) -->\n```sh\n(.*?)```\n", re.MULTILINE | re.DOTALL)


class MarkError(Exception):
    """README's marked blocks are not what CI needs."""


def marked_commands(readme: str) -> dict[str, str]:
    """Return README's marked commands by name; raise `MarkError` for a malformed mark."""
    commands: dict[str, str] = {}
    for match in MARKED_BLOCK.finditer(readme):
        name, body = match.group(1), match.group(2)
        lines = body.splitlines()
        if len(lines) != 1 or not lines[0].strip():
            raise MarkError(f"the block marked '{name}' must hold one command line")
        if name in commands:
            raise MarkError(f"two blocks are marked '{name}'")
        commands[name] = lines[0]
    marks = re.findall(r"<!-- ci: ([a-z-]+) -->", readme)
    unread = sorted(set(marks) - set(commands))
    if unread:
        raise MarkError(f"the mark '{unread[0]}' is not right before a ```sh block")
    return commands


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: readme_commands.py NAME", file=sys.stderr)
        return 2
    try:
        commands = marked_commands(README.read_text(encoding="utf-8"))
    except MarkError as error:
        print(f"error: README.md: {error}", file=sys.stderr)
        return 1
    if argv[0] not in commands:
        print(
            f"error: README.md marks no command '{argv[0]}' (<!-- ci: {argv[0]} -->)",
            file=sys.stderr,
        )
        return 1
    print(commands[argv[0]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
