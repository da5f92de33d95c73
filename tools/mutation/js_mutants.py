"""Mutation testing of the runtime's JavaScript (templates/static/*.js), on demand.

Stryker does not run offline with Node's own test runner here, so this script does the
small part of it the project needs: it makes realistic one-line mutants of a file (a
comparison or boundary flipped, a logical or arithmetic operator swapped, a negation or a
statement removed, a constant moved by one), runs the tests that cover the file on each,
in throw-away copies of the working tree (one per job), and prints the score and every
mutant that survived.

    python tools/mutation/js_mutants.py templates/static/sco-logic.js
    python tools/mutation/js_mutants.py templates/static/sco-logic.js --quick   # no browser
    python tools/mutation/js_mutants.py templates/static/runtime.js --sample 60 --jobs 2
    python tools/mutation/js_mutants.py templates/static/runtime.js --sample 60 --lines 105,139

A mutant is killed when the tests fail (or time out). Lines marked `// mutation: skip`
are left alone.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
# The tests that run each file: the quick ones first, so most mutants die in seconds.
TESTS: dict[str, list[list[str]]] = {
    "templates/static/sco-logic.js": [
        ["node", "--test", "tests/js/"],
        [*PYTEST, "tests/test_suspend_bound.py"],
        [*PYTEST, "tests/browser/"],
    ],
    "templates/static/course-logic.js": [["node", "--test", "tests/js/"]],
    "templates/static/runtime.js": [[*PYTEST, "tests/browser/"]],
    "templates/static/lms-session.js": [
        ["node", "--test", "tests/js/"],
        [*PYTEST, "tests/browser/"],
    ],
}
# A mutant that loops forever is killed by the timeout: the node tests take a second or two.
TIMEOUTS = {"node": 60, "pytest": 300, "browser": 900}

# (pattern, replacement): each match on a line makes one mutant.
OPERATORS: list[tuple[str, str]] = [
    (r"===", "!=="),
    (r"!==", "==="),
    (r"(?<![=!<>])>=", ">"),
    (r"(?<![=!<>])<=", "<"),
    (r"(?<![=!<>-])>(?![=>])", ">="),
    (r"(?<![=!<>])<(?![=<])", "<="),
    (r"&&", "||"),
    (r"\|\|", "&&"),
    (r"\?\?", "||"),
    (r"(?<=\s)\+(?=\s)", "-"),
    (r"(?<=\s)-(?=\s)", "+"),
    (r"(?<=\s)\*(?=\s)", "/"),
    (r"(?<=\s)/(?=\s)", "*"),
    (r"\+\+", "--"),
    (r"--(?!-)", "++"),
    (r"!(?=[\w($.\[])", ""),
    (r"\btrue\b", "false"),
    (r"\bfalse\b", "true"),
    (r"(?<![\w.\"'])(\d+)(?![\w.\"'])", "+1"),
]
SKIP = re.compile(r"^\s*(//|/\*|\*)|mutation: skip|^\s*$")
STATEMENT = re.compile(r"^\s*(?!(const|let|var|return|function|if|for|else|\}|\)))\S.*;\s*$")


@dataclass(frozen=True)
class Mutant:
    line: int
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.line}: {self.before.strip()}  ->  {self.after.strip() or '(removed)'}"


def code_part(line: str) -> int:
    """Where a line's trailing comment starts (or its length): strings are not parsed."""
    index = line.find(" // ")
    return index if index >= 0 else len(line)


def mutants(text: str) -> Iterator[Mutant]:
    """Every one-line mutant of a JavaScript text, in line order."""
    previous = ";"
    in_comment = False
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        opened = in_comment or line.lstrip().startswith("/*")
        in_comment = opened and "*/" not in line
        if opened or SKIP.search(line):
            continue
        # A statement starts after one ended or a block opened or closed.
        starts = previous.rstrip()[-1:] in (";", "{", "}")
        previous = line[: code_part(line)] or previous
        end = code_part(line)
        seen: set[str] = set()
        for pattern, replacement in OPERATORS:
            for match in re.finditer(pattern, line[:end]):
                new = str(int(match.group(1)) + 1) if replacement == "+1" else replacement
                after = line[: match.start()] + new + line[match.end() :]
                if after not in seen and after != line:
                    seen.add(after)
                    yield Mutant(number, line, after)
        if starts and STATEMENT.match(line):
            yield Mutant(number, line, "\n")


def copy_tree(target: Path) -> None:
    """A copy of the working tree for one job (the venv and node_modules linked, not copied)."""
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "mutants", "__pycache__", ".*_cache", ".hypothesis"
    )
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    (target / "node_modules").symlink_to((ROOT / "node_modules").resolve())


def commands(tree: Path, relative: str, quick: bool) -> list[list[str]]:
    """The test commands of a file whose tests exist in the tree (browser ones unless quick)."""
    return [
        command
        for command in TESTS[relative]
        if (tree / command[-1]).exists() and not (quick and "tests/browser/" in command)
    ]


def killed(tree: Path, relative: str, text: str, mutant: Mutant, quick: bool) -> bool:
    lines = text.splitlines(keepends=True)
    if mutant.line:
        lines[mutant.line - 1] = mutant.after
    path = tree / relative
    path.write_text("".join(lines), encoding="utf-8")
    try:
        for command in commands(tree, relative, quick):
            try:
                kind = "browser" if "tests/browser/" in command else Path(command[0]).name
                result = subprocess.run(
                    command,
                    cwd=tree,
                    capture_output=True,
                    timeout=TIMEOUTS.get(kind, TIMEOUTS["pytest"]),
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return True
            if result.returncode != 0:
                return True
        return False
    finally:
        path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", choices=sorted(TESTS))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, help="test this many mutants, drawn at random")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--quick", action="store_true", help="leave out the browser tests")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument(
        "--lines",
        type=lambda text: {int(n) for n in text.split(",")},
        help="keep only the chosen mutants of these lines (comma-separated): survivors re-run",
    )
    args = parser.parse_args()
    text = (ROOT / args.file).read_text(encoding="utf-8")
    found = list(mutants(text))
    chosen = found
    if args.sample and args.sample < len(found):
        chosen = sorted(random.Random(args.seed).sample(found, args.sample), key=lambda m: m.line)
    if args.lines:
        chosen = [mutant for mutant in chosen if mutant.line in args.lines]
    if args.list:
        print("\n".join(map(str, chosen)))
        return 0
    print(f"{args.file}: {len(found)} mutants, testing {len(chosen)} with {args.jobs} jobs")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="js-mutants-") as scratch:
        trees = [Path(scratch) / f"tree{n}" for n in range(args.jobs)]
        for tree in trees:
            copy_tree(tree)
        free = list(trees)
        # The tests must pass on the file as it is, or every mutant would seem killed.
        if killed(trees[0], args.file, text, Mutant(0, "", ""), args.quick):
            print("the tests fail without any mutant: fix them first")
            return 1

        def run(mutant: Mutant) -> bool:
            tree = free.pop()
            try:
                return killed(tree, args.file, text, mutant, args.quick)
            finally:
                free.append(tree)

        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run, chosen))
    survivors = [m for m, dead in zip(chosen, results, strict=True) if not dead]
    for mutant in survivors:
        print(f"survived {args.file}:{mutant}")
    score = 100 * (len(chosen) - len(survivors)) / max(1, len(chosen))
    print(
        f"{args.file}: {len(chosen) - len(survivors)} of {len(chosen)} killed ({score:.1f} %) "
        f"in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
