"""Audio and video: a course file shown with the image syntax plays in the browser's own
player, with its controls, never on its own, and a video always with its captions.

    ![The pipeline runs on each push](pipeline.webm)
    ![A lecture, captions and poster named](talk.mp4 "talk-subtitles.vtt talk-cover.png")

A video's captions are a WebVTT file beside it, `pipeline.fr.vtt` (the course's language)
or `pipeline.vtt`, or one named in the title; a video without captions is an error (WCAG
1.2.2). Its poster is an image beside it (`pipeline.png`, `.jpg`, `.jpeg`, `.webp`), or one
named in the title. Both go into the package with the video. A transcript is a reveal
block or a linked file under it, in the author's words: nothing to generate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token

from scorm_builder import assets
from scorm_builder.components.base import (
    Attached,
    Attachment,
    Finder,
    Problem,
    Use,
    interface_string,
    linked_file,
)

CAPTIONS = "captions"
POSTER = "poster"
POSTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
"""The images looked for beside a video as its poster, in this order."""
CUE_TAGS = ("b", "c", "i", "lang", "ruby", "rt", "u", "v")
"""The markup WebVTT allows in a cue's text; anything else is not captions."""
CUE_MARKUP = re.compile(
    r"<(?:/(?:b|c|i|lang|ruby|rt|u|v)"
    r"|(?:b|c|i|ruby|rt|u)(?:\.[^\s.<>&]+)*"
    r"|(?:lang|v)(?:\.[^\s.<>&]+)*(?:[ \t][^\n=\"'<>]*)?"
    r"|(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})>"
)
"""A cue tag WebVTT allows: `<c.class>`, `<b>`, `<v Voice>`, `<lang en>`, a closing tag or a
timestamp; no attributes, which a browser's caption renderer would never see but a player
that turns cues into HTML might."""
SIGNATURE = re.compile(r"WEBVTT(?:[ \t]|\r?\n|\r|$)")
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def extend(md: MarkdownIt) -> None:
    image = cast(RendererHTML, md.renderer).rules["image"]

    def render(
        self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
    ) -> str:
        """Render audio and video as players, any other image as markdown-it does."""
        src = str(tokens[index].attrGet("src") or "")
        if kind(src) is None:
            return str(image(tokens, index, options, env))
        return player(tokens[index], src, env)

    md.add_render_rule("image", render)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Nothing to tell from the text alone: the loader hands the files to `attach`."""
    return []


def kind(name: str) -> str | None:
    """Return "video" or "audio" for a file the browser plays, else None."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in assets.VIDEO_SUFFIXES:
        return "video"
    return "audio" if suffix in assets.AUDIO_SUFFIXES else None


def attach(use: Use, find: Finder) -> Attached:
    """Return a shown video's captions and poster, and what is wrong with them."""
    if not use.shown or kind(use.name) is None:
        return Attached()
    named = use.title.split()
    if kind(use.name) == "video":
        if not any(map(is_captions, named)):
            named.extend(first_beside(use, caption_names(use)))
        if not any(map(is_image, named)):
            named.extend(first_beside(use, poster_names(use)))
    files: list[Attachment] = []
    found: list[str] = []
    for name in named:
        path = find(name)
        if path is None:
            continue  # the loader told why
        attachment, problem = companion(path, name, use.language)
        files.extend([attachment] if attachment else [])
        found.extend([problem] if problem else [])
    if kind(use.name) == "video" and not any(map(is_captions, named)):
        found.append(missing_captions(use))
    return Attached(tuple(files), tuple(found))


def is_captions(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == assets.CAPTIONS_SUFFIX


def is_image(name: str) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in assets.IMAGE_SUFFIXES or suffix == assets.SVG_SUFFIX


def companion(path: Path, name: str, language: str) -> tuple[Attachment | None, str | None]:
    """Return a file that goes with a video as its captions or poster, or why it cannot."""
    if is_captions(name):
        problem = captions_problem(path, name)
        return (None, problem) if problem else (captions(path, language), None)
    if is_image(name):
        problem = assets.asset_problem(path, name, as_image=True)
        return (None, problem) if problem else (Attachment(path, POSTER), None)
    return None, (
        f"'{name}' cannot go with a video: name its captions (a WebVTT file, .vtt) or its "
        'poster (an image) after it, as in ![what it shows](demo.mp4 "demo.vtt demo.png")'
    )


def first_beside(use: Use, names: list[str]) -> list[str]:
    """Return the first of `names` that is a file beside the video, or nothing."""
    return next(([name] for name in names if is_file(use.folder / name)), [])


def is_file(path: Path) -> bool:
    """Tell whether `path` is a file; a name the system refuses (too long) is none."""
    try:
        return path.is_file()
    except OSError:
        return False


def caption_names(use: Use) -> list[str]:
    language = use.language
    primary = language.split("-")[0].lower()
    stem = sibling(use.name, "")
    return list(dict.fromkeys([f"{stem}.{language}.vtt", f"{stem}.{primary}.vtt", f"{stem}.vtt"]))


def poster_names(use: Use) -> list[str]:
    return [sibling(use.name, suffix) for suffix in POSTER_SUFFIXES]


def sibling(name: str, suffix: str) -> str:
    """Return `name` with its suffix replaced, in the same folder (as a page writes it)."""
    return str(PurePosixPath(name).with_suffix(suffix))


def missing_captions(use: Use) -> str:
    stem = sibling(PurePosixPath(use.name).name, "")
    primary = use.language.split("-")[0].lower()
    return (
        f"video '{use.name}' has no captions, which WCAG 1.2.2 requires: put them beside it "
        f"as a WebVTT file, '{stem}.vtt' or '{stem}.{primary}.vtt', or name one after the "
        f'video: ![...]({use.name} "captions.vtt")'
    )


def captions(path: Path, course_language: str) -> Attachment:
    """Return captions in the language their name says (`demo.en.vtt`), else the course's."""
    middle = PurePosixPath(path.stem).suffix.removeprefix(".")
    language = middle if LANGUAGE_TAG.fullmatch(middle) else course_language
    return Attachment(path, CAPTIONS, language)


def captions_problem(path: Path, name: str) -> str | None:
    """Return why a file is not WebVTT captions that are safe to package, or None."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return f"'{name}' is not UTF-8, as WebVTT must be: save the captions as UTF-8"
    if not SIGNATURE.match(text):
        first = text.splitlines()[0][:40] if text else ""
        return (
            f"'{name}' is not a WebVTT file: its first line must be WEBVTT (found '{first}'): "
            "export the captions as WebVTT (.vtt)"
        )
    for start in (match.start() for match in re.finditer("<", text)):
        if not CUE_MARKUP.match(text, start):
            line = text.count("\n", 0, start) + 1
            allowed = ", ".join(f"<{tag}>" for tag in CUE_TAGS)
            return (
                f"'{name}' holds {tag_at(text, start)} at line {line}, which is not WebVTT cue "
                f"markup: remove it, or write &lt; for a '<' of the text (captions may use "
                f"{allowed}, without attributes)"
            )
    return None


def tag_at(text: str, start: int) -> str:
    """Return the tag that opens at `start`, up to its '>' (or 40 characters, or the line)."""
    shown = text[start : start + 41].split("\n")[0]
    return shown[: shown.find(">") + 1] if ">" in shown else shown


def track_label(env: Any, captions: Attachment, count: int) -> str:
    """Return the name a player's menu gives captions: "Captions", or "Captions (fr)" when
    a video has captions in several languages, which the menu must tell apart."""
    label = interface_string(env, "captions")
    return f"{label} ({captions.language})" if count > 1 else label


def player(token: Token, src: str, env: Any) -> str:
    """Return the `<video>` or `<audio>` element of a shown media file, with its tracks."""
    element = kind(src)
    assert element is not None
    name = escapeHtml("".join(child.content for child in token.children or []))
    linked = linked_file(env, src)
    attachments = linked.attachments if linked else ()
    poster = "".join(f' poster="{escapeHtml(url)}"' for a, url in attachments if a.role == POSTER)
    captions = [(a, url) for a, url in attachments if a.role == CAPTIONS]
    tracks = "".join(
        f'<track src="{escapeHtml(url)}" kind="captions" srclang="{escapeHtml(a.language)}" '
        f'label="{escapeHtml(track_label(env, a, len(captions)))}"{"" if n else " default"}>'
        for n, (a, url) in enumerate(captions)
    )
    named = f' aria-label="{name}"' if name else ""
    return (
        f'<{element} src="{escapeHtml(src)}" class="media" controls preload="metadata"'
        f"{poster}{named}>{tracks}</{element}>"
    )
