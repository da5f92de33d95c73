"""The maths converter on the formulas of an engineering course: how many convert, how many
wrong ones are refused, and how long a formula takes (components/maths.py, latex2mathml).

    python benchmarks/maths.py

With `--node DIR`, a folder where `npm install temml katex` was run, it also runs temml and
KaTeX (JavaScript, MathML output) on the same formulas, for comparison: they need Node.js
when a course is built, which is why the tool does not use them. Prints a report; exit 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from scorm_builder.components.maths import MathError, mathml

GOOD = [
    "x^2 + y^2 = z^2",
    "\\frac{a+b}{c}",
    "\\sqrt{2}",
    "\\sqrt[3]{x}",
    "\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}",
    "\\int_0^1 x\\,dx",
    "\\lim_{n \\to \\infty} \\left(1 + \\frac{1}{n}\\right)^n = e",
    "\\alpha + \\beta \\geq \\gamma",
    "\\mathbb{R}^n",
    "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}",
    "\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{sinon} \\end{cases}",
    "O(n \\log n)",
    "\\text{MTTR} = \\frac{\\text{temps total de réparation}}{\\text{nombre de pannes}}",
    "A = \\frac{\\text{MTBF}}{\\text{MTBF} + \\text{MTTR}}",
    "99{,}9\\,\\%",
    "P(A \\cap B) = P(A)\\,P(B)",
    "\\binom{n}{k}",
    "\\vec{v} \\cdot \\vec{w}",
    "\\hat{x} \\times \\bar{y}",
    "\\operatorname{argmax}_x f(x)",
    "a \\le b \\ne c \\approx d",
    "\\log_2 1024 = 10",
    "e^{i\\pi} + 1 = 0",
    "\\begin{aligned} a &= b + c \\\\ d &= e \\end{aligned}",
    "\\{ x \\in \\mathbb{N} \\mid x < 10 \\}",
    "\\mathcal{O}(1)",
    "f'(x) = \\lim_{h\\to 0}\\frac{f(x+h)-f(x)}{h}",
    "\\overline{AB}",
    "\\underbrace{1+\\dots+1}_{n}",
    "2^{10} = 1\\,024",
]
"""What an engineering course writes: fractions, sums, limits, matrices, cases, text."""
BAD = ["\\frac{1}{", "x^", "\\unknowncommand{x}", "\\begin{matrix} 1", "}", "\\left( x"]
"""Formulas that are wrong: each must be refused, not shown as something else."""
ROUNDS = 20

NODE_SCRIPT = """
const [good, bad, rounds] = JSON.parse(process.argv[1]);
for (const name of ["temml", "katex"]) {
  const lib = require(name), options = {throwOnError: true, output: "mathml"};
  const converts = f => {
    try { lib.renderToString(f, options); return true } catch { return false }
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) good.forEach(f => converts(f));
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / rounds / good.length;
  const refused = bad.filter(f => !converts(f)).length;
  console.log(JSON.stringify([name, good.filter(converts).length, refused, ms]));
}
"""


def converts(latex: str) -> bool:
    try:
        mathml(latex, False)
    except MathError:
        return False
    return True


def report(name: str, good: int, refused: int, ms: float) -> None:
    print(
        f"{name:13} converts {good}/{len(GOOD)}, refuses {refused}/{len(BAD)} wrong ones, "
        f"{ms:.3f} ms a formula"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node", type=Path, help="a folder with temml and katex installed")
    arguments = parser.parse_args()
    start = time.perf_counter()
    import latex2mathml.converter  # noqa: F401 (the import's cost, measured once)

    print(f"latex2mathml import: {(time.perf_counter() - start) * 1000:.0f} ms")
    failed = [latex for latex in GOOD if not converts(latex)]
    refused = sum(not converts(latex) for latex in BAD)
    start = time.perf_counter()
    for _ in range(ROUNDS):
        mathml.cache_clear()  # each round converts again
        for latex in GOOD:
            converts(latex)
    ms = (time.perf_counter() - start) * 1000 / ROUNDS / len(GOOD)
    report("latex2mathml", len(GOOD) - len(failed), refused, ms)
    for latex in failed:
        print(f"  not converted: {latex}")
    if arguments.node:
        output = subprocess.run(
            ["node", "-e", NODE_SCRIPT, json.dumps([GOOD, BAD, ROUNDS])],
            cwd=arguments.node,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in output.splitlines():
            report(*json.loads(line))


if __name__ == "__main__":
    main()
