"""Write a synthetic large course, to measure how `scorm-builder build` scales.

The course is valid (it passes `scorm-builder validate`) and looks like a real one: Markdown
pages with headings, lists, tables, code blocks, an image and links; a quiz per module that
uses every question type; and media shared between modules. The media are random bytes named
.jpg/.png/.mp4: random data does not compress, exactly like real encoded media, so the
packager stores them and both it and `zip -r` do the same work as on a real course. A few
media are hundreds of megabytes, so that a packager holding a whole medium in memory shows
up in its peak RSS.

Everything is derived from `--seed`: two runs with the same arguments write the same bytes,
so measurements made on different days compare the same course.

Usage: python benchmarks/make_large_course.py OUT_DIR [--modules 200] [--pages 20]
       [--media-mb 2048] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
CHUNK = 4 * MIB
"""Media are written in chunks, so the generator itself never holds a whole medium."""

LARGE_SHARE = 0.45
"""Share of the media volume held by the few large videos (3 of them: ~300 MiB each at 2 GiB)."""
LARGE_COUNT = 3
CLIP_SHARE = 0.35
"""Share held by medium-sized clips, one linked from each module's first page."""
MAX_CLIPS = 40
IMAGES_PER_MODULE = 4

WORDS = (
    "pipeline",
    "build",
    "test",
    "deploy",
    "release",
    "artefact",
    "container",
    "image",
    "registry",
    "cluster",
    "node",
    "service",
    "latency",
    "throughput",
    "rollback",
    "canary",
    "feature",
    "flag",
    "branch",
    "merge",
    "review",
    "commit",
    "monitoring",
    "alert",
    "incident",
    "postmortem",
    "team",
    "culture",
    "automation",
    "measure",
    "sharing",
    "lean",
    "environment",
    "staging",
    "production",
    "configuration",
    "secret",
    "version",
    "tag",
    "changelog",
    "quality",
    "security",
    "scan",
    "dependency",
    "cache",
    "runner",
    "job",
    "stage",
    "trigger",
    "schedule",
    "metric",
    "dashboard",
    "log",
    "trace",
    "span",
    "capacity",
    "scaling",
    "load",
    "balancer",
    "database",
    "migration",
    "schema",
    "backup",
)

CODE_SAMPLES = (
    (
        "yaml",
        "stages:\n  - build\n  - test\n  - deploy\n\nbuild:\n  stage: build\n"
        "  script:\n    - make build\n",
    ),
    (
        "bash",
        'set -euo pipefail\ndocker build -t "app:${VERSION}" .\ndocker push "app:${VERSION}"\n',
    ),
    (
        "python",
        "def healthy(status: int) -> bool:\n    return 200 <= status < 300\n\n"
        "assert healthy(204)\n",
    ),
)


@dataclass(frozen=True)
class Medium:
    """One media file: its path relative to the course folder and its size in bytes."""

    path: str
    size: int


@dataclass(frozen=True)
class MediaPlan:
    """Which media exist, grouped by how pages use them."""

    large: tuple[Medium, ...]
    clips: tuple[Medium, ...]
    images: tuple[Medium, ...]

    @property
    def all(self) -> tuple[Medium, ...]:
        return self.large + self.clips + self.images


# -- media ---------------------------------------------------------------------------------


def split_sizes(total: int, count: int, rng: random.Random) -> list[int]:
    """Split `total` bytes into `count` varied sizes (0.3x to 1.7x the mean) summing to it.

    Varied sizes exercise both many small files (per-entry overhead) and mid-sized ones.
    """
    if count <= 0:
        return []
    weights = [rng.uniform(0.3, 1.7) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[-1] = max(1, sizes[-1] + total - sum(sizes))
    return sizes


def plan_media(modules: int, pages: int, media_bytes: int, rng: random.Random) -> MediaPlan:
    """Decide the media files so that every one is referenced by at least one page.

    Large videos are linked from modules 1..3, clips from each module's first page, and
    images are shown one per page in turn; hence at most as many images as pages.
    """
    large_count = min(LARGE_COUNT, modules)
    clip_count = min(MAX_CLIPS, modules)
    image_count = max(1, min(modules * IMAGES_PER_MODULE, modules * pages))
    large_bytes = int(media_bytes * LARGE_SHARE)
    clip_bytes = int(media_bytes * CLIP_SHARE)
    image_bytes = media_bytes - large_bytes - clip_bytes
    large = tuple(
        Medium(f"media/video/lecture-{i + 1:02d}.mp4", size)
        for i, size in enumerate(split_sizes(large_bytes, large_count, rng))
    )
    clips = tuple(
        Medium(f"media/video/clip-{i + 1:03d}.mp4", size)
        for i, size in enumerate(split_sizes(clip_bytes, clip_count, rng))
    )
    images = tuple(
        Medium(f"media/images/figure-{i + 1:04d}.{'png' if i % 3 == 0 else 'jpg'}", size)
        for i, size in enumerate(split_sizes(image_bytes, image_count, rng))
    )
    return MediaPlan(large, clips, images)


SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff\xe0", ".mp4": b"\0\0\0\x18ftyp"}
"""The first bytes of each format: random bytes alone may start with '<', which the build
refuses in a medium (markup a browser could open as a page)."""


def write_medium(root: Path, medium: Medium, seed: int) -> None:
    """Write `medium` as its format's signature, then seeded random bytes, chunk by chunk
    (incompressible, like real media)."""
    path = root / medium.path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:{medium.path}")
    signature = SIGNATURES[path.suffix][: medium.size]
    left = medium.size - len(signature)
    with path.open("wb") as out:
        out.write(signature)
        while left > 0:
            size = min(CHUNK, left)
            out.write(rng.randbytes(size))
            left -= size


# -- text ----------------------------------------------------------------------------------


def sentence(rng: random.Random, words: int = 12) -> str:
    """Return a plausible sentence: varied length, capitalised, ends with a full stop."""
    chosen = [rng.choice(WORDS) for _ in range(rng.randint(words // 2, words + words // 2))]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    """Return a paragraph with inline emphasis and code, as authors write them."""
    parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
    parts[0] = f"**{parts[0][:-1]}**."
    parts[-1] = f"Run `{rng.choice(WORDS)}` to check the *{rng.choice(WORDS)}*."
    return " ".join(parts)


def bullet_list(rng: random.Random) -> str:
    ordered = rng.random() < 0.5
    items = [sentence(rng, 8) for _ in range(rng.randint(3, 6))]
    return "\n".join(f"{i + 1}. {t}" if ordered else f"- {t}" for i, t in enumerate(items))


def table(rng: random.Random) -> str:
    header = "| Practice | Tool | Frequency |\n| -------- | ---- | --------- |"
    rows = [
        f"| {rng.choice(WORDS)} | `{rng.choice(WORDS)}` | {rng.randint(1, 30)} per week |"
        for _ in range(rng.randint(3, 6))
    ]
    return "\n".join([header, *rows])


def code_block(rng: random.Random) -> str:
    language, code = rng.choice(CODE_SAMPLES)
    return f"```{language}\n{code}```"


def page_markdown(
    rng: random.Random, module: int, page: int, pages: int, image: str, videos: Sequence[str]
) -> str:
    """Return one page: front matter, then headings, prose, a list, a table, code, links.

    `image` and `videos` are course-relative paths; the page lives one folder down.
    """
    title = f"Module {module} page {page}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"
    blocks = [
        f"---\ntitle: {quoted(title)}\n---",
        paragraph(rng),
        f"![Diagram of the {rng.choice(WORDS)} {rng.choice(WORDS)}](../{image})",
        f"## Why {rng.choice(WORDS)} matters",
        paragraph(rng),
        bullet_list(rng),
        "## In practice",
        table(rng),
        paragraph(rng),
        code_block(rng),
        "### Going further",
        paragraph(rng),
    ]
    blocks += [f"Watch [the video about {rng.choice(WORDS)}](../{v})." for v in videos]
    if page > 1:
        blocks.append(f"Back to [the first page](p{1:02d}.md) of this module.")
    if page < pages:
        blocks.append(f"Next: [page {page + 1}](p{page + 1:02d}.md).")
    return "\n\n".join(blocks) + "\n"


# -- quiz ----------------------------------------------------------------------------------


def quoted(text: str) -> str:
    """Return `text` as a double-quoted YAML scalar (the generated text has no quotes)."""
    return f'"{text}"'


def quiz_yaml(rng: random.Random, module: int) -> str:
    """Return a quiz using every question type, so rendering and manifest handle them all."""
    a, b, c, d = rng.sample(WORDS, 4)
    return f"""title: {quoted(f"Quiz of module {module}")}
pass_mark: 70
attempts: 3
shuffle: true
questions:
  - id: single
    type: single-choice
    prompt: {quoted(f"Which practice best reduces {a} risk?")}
    choices:
      - text: {quoted(f"Small and frequent {b} releases")}
        correct: true
        feedback: {quoted("Right: small batches are easier to review and roll back.")}
      - text: {quoted(f"One large {c} release per quarter")}
        feedback: {quoted("No: large batches hide problems until late.")}
      - text: {quoted(f"Skipping {d} tests")}
    explanation: {quoted(sentence(rng))}
  - id: multiple
    type: multiple-choice
    prompt: {quoted(f"Which of these belong in a **{a}** pipeline?")}
    choices:
      - text: {quoted(f"Automated {b}")}
        correct: true
      - text: {quoted(f"Versioned {c}")}
        correct: true
      - text: {quoted(f"Manual {d} by email")}
  - id: statement
    type: true-false
    prompt: {quoted(f"A {a} should be reproducible from version control.")}
    answer: true
  - id: word
    type: fill-in
    prompt: {quoted("Which acronym names the five DevOps pillars?")}
    accepted: [CALMS, calms]
  - id: order
    type: ordering
    prompt: {quoted("Put the pipeline stages in order.")}
    items: [Build, Test, Deploy]
  - id: pairs
    type: matching
    prompt: {quoted("Match each practice with its goal.")}
    weight: 2
    pairs:
      - left: {quoted("Continuous integration")}
        right: {quoted("Merge and test often")}
      - left: {quoted("Continuous delivery")}
        right: {quoted("Always releasable")}
      - left: {quoted("Monitoring")}
        right: {quoted(f"See {b} in production")}
"""


# -- course --------------------------------------------------------------------------------


def module_yaml(module: int, pages: int) -> str:
    page_lines = "\n".join(f"  - p{p:02d}.md" for p in range(1, pages + 1))
    return (
        f"title: {quoted(f'Module {module}: delivery at scale')}\n"
        "objectives:\n"
        "  - Explain the practice of this module\n"
        "  - Apply it to a pipeline\n"
        f"pages:\n{page_lines}\n"
        "quiz: quiz.yaml\n"
    )


def course_yaml(modules: int) -> str:
    module_lines = "\n".join(f"  - {module_folder(m)}" for m in range(1, modules + 1))
    return (
        "id: synthetic-large\n"
        'title: "Synthetic large course"\n'
        "language: en\n"
        'version: "1.0.0"\n'
        "description: A generated course for benchmarking scorm-builder at scale.\n"
        "authors:\n  - scorm-builder benchmarks\n"
        "mastery_score: 80\n"
        f"modules:\n{module_lines}\n"
    )


def module_folder(module: int) -> str:
    return f"m{module:03d}"


def page_videos(plan: MediaPlan, module: int, page: int, pages: int) -> list[str]:
    """Return the videos a page links to: a clip on first pages, a lecture on last pages."""
    videos = []
    if page == 1 and plan.clips:
        videos.append(plan.clips[(module - 1) % len(plan.clips)].path)
    if page == pages and module <= len(plan.large):
        videos.append(plan.large[module - 1].path)
    return videos


def write_module(root: Path, plan: MediaPlan, module: int, pages: int, seed: int) -> None:
    """Write one module folder: module.yaml, its pages and its quiz."""
    folder = root / module_folder(module)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:module:{module}")
    (folder / "module.yaml").write_text(module_yaml(module, pages), encoding="utf-8")
    for page in range(1, pages + 1):
        index = (module - 1) * pages + page - 1
        image = plan.images[index % len(plan.images)].path
        videos = page_videos(plan, module, page, pages)
        text = page_markdown(rng, module, page, pages, image, videos)
        (folder / f"p{page:02d}.md").write_text(text, encoding="utf-8")
    (folder / "quiz.yaml").write_text(quiz_yaml(rng, module), encoding="utf-8")


def make_course(out: Path, modules: int, pages: int, media_mb: float, seed: int = 1) -> MediaPlan:
    """Write the whole course into `out` (emptied first) and return its media plan."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    plan = plan_media(modules, pages, int(media_mb * MIB), random.Random(seed))
    (out / "course.yaml").write_text(course_yaml(modules), encoding="utf-8")
    for module in range(1, modules + 1):
        write_module(out, plan, module, pages, seed)
    for medium in plan.all:
        write_medium(out, medium, seed)
    return plan


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--modules", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20, help="pages per module")
    parser.add_argument("--media-mb", type=float, default=2048, help="total media, in MiB")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.modules < 1 or args.pages < 1 or args.media_mb <= 0:
        parser.error("--modules, --pages and --media-mb must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = make_course(args.out_dir, args.modules, args.pages, args.media_mb, args.seed)
    total = sum(m.size for m in plan.all)
    print(
        f"wrote {args.out_dir}: {args.modules} modules x {args.pages} pages, "
        f"{len(plan.all)} media ({total / MIB:.0f} MiB, largest "
        f"{max(m.size for m in plan.all) / MIB:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
