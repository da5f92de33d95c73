"""Which course files a package may hold: only files that cannot run script when opened.

The LMS serves every file of a package from its own origin, and any file can be opened
directly by its URL: an HTML page, an XML file with a stylesheet or an SVG drawing opened
that way runs its scripts as the LMS itself (in Moodle, stored XSS against every student
and teacher). So a page may link to, or show, only files of an allow-list of types that
browsers never run, checked by name and by content:

- by name: images, audio, video, PDF, office documents, plain text and CSV, archives;
  anything else (HTML, XHTML, XML, XSL, JavaScript, unknown types...) is refused;
- by content: a file whose first bytes are markup (`<...`) is refused, whatever its name,
  because a browser may sniff it as a page;
- SVG only as an image (`![alt](x.svg)`, where it is inert), and only when its content
  holds nothing that runs when the same file is opened by its URL: no script, event
  attribute, foreign object, HTML element, processing instruction, internal DTD (entities),
  and no reference (`href`) that leaves the file.

The runtime's own files come from the theme, not from here.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

# fmt: off
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico"})
AUDIO_SUFFIXES = frozenset({
    ".mp3", ".m4a", ".aac", ".oga", ".ogg", ".opus", ".wav", ".flac", ".weba",
})
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".webm", ".ogv", ".mov"})
AUDIO_VIDEO_SUFFIXES = AUDIO_SUFFIXES | VIDEO_SUFFIXES
DOCUMENT_SUFFIXES = frozenset({
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".odg",
    ".rtf", ".epub", ".txt", ".csv", ".tsv",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".tar",
})
# fmt: on
LINKABLE_SUFFIXES = IMAGE_SUFFIXES | AUDIO_VIDEO_SUFFIXES | DOCUMENT_SUFFIXES
SHOWN_SUFFIXES = IMAGE_SUFFIXES | AUDIO_VIDEO_SUFFIXES
"""What `![alt](file)` shows: an image, or audio and video with the browser's own controls."""
SVG_SUFFIX = ".svg"
CAPTIONS_SUFFIX = ".vtt"
"""WebVTT captions: packaged with the video they go with, never shown or linked alone."""
ALLOWED_KINDS = "images, audio, video, PDF, office documents, plain text, CSV and archives"
SNIFFED_BYTES = 512
"""Browsers sniff the start of a file; markup anywhere there can make it a page."""
LEADING_BYTES = b"\xef\xbb\xbf\t\n\x0c\r "
"""A byte-order mark and whitespace, which sniffing skips before looking for markup."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
RUNNING_ELEMENTS = frozenset(
    ["script", "foreignobject", "iframe", "object", "embed", "handler", "listener"]
)
"""Elements (lower-cased local names, any namespace) that run script or hold a document."""
ANIMATIONS = frozenset(["set", "animate", "animatemotion", "animatetransform", "animatecolor"])
"""Elements that can change an attribute later, a `href` into `javascript:` for one."""
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[")
INTERNAL_DTD = "an internal DTD (<!DOCTYPE svg [...]>)"


def asset_problem(path: Path, url: str, as_image: bool) -> str | None:
    """Return why the course file `path` (written `url` in a page) cannot go in a package.

    `as_image` tells whether the page shows it (`![alt](url)`: an image, audio or video)
    or links to it.
    """
    suffix = path.suffix.lower()
    if suffix == SVG_SUFFIX:
        if not as_image:
            return (
                f"'{url}' is an SVG linked as a file, which opens in the LMS's origin where "
                f"it could run script: show it as an image, ![description]({destination(url)})"
            )
        return svg_problem(path, url)
    if as_image and suffix == CAPTIONS_SUFFIX:
        return (
            f"'{url}' is captions, which a page does not show: a video finds them beside it "
            "(demo.vtt for demo.mp4), or named after it, as in "
            '![what it shows](demo.mp4 "captions.vtt")'
        )
    if as_image and suffix not in SHOWN_SUFFIXES:
        return (
            f"'{url}' is not an image a browser shows ({', '.join(sorted(IMAGE_SUFFIXES))}, "
            f".svg), nor audio or video it plays ({', '.join(sorted(AUDIO_VIDEO_SUFFIXES))}): "
            f"convert it, or link to it with [text]({destination(url)})"
        )
    if suffix not in LINKABLE_SUFFIXES:
        kind = f"'{suffix}' files" if suffix else "files without an extension"
        return (
            f"'{url}' cannot go in a package: it holds only files that cannot run script "
            f"when opened ({ALLOWED_KINDS}), not {kind}: export it as one of those, e.g. PDF"
        )
    if starts_with_markup(path):
        return (
            f"'{url}' is named '{suffix}' but holds markup (it starts with '<'), which a "
            "browser may open as a page: save it in the format its name says"
        )
    return None


def starts_with_markup(path: Path) -> bool:
    with path.open("rb") as file:
        start = file.read(SNIFFED_BYTES)
    return start.lstrip(LEADING_BYTES).startswith(b"<")


def svg_problem(path: Path, url: str) -> str | None:
    """Return what in an SVG file could run script when it is opened by its URL, or None."""
    data = path.read_bytes()
    # Browsers apply an internal DTD's entities and default attributes (an `onload`...),
    # which lxml does not list completely: any internal subset is refused, from the text.
    subset = INTERNAL_SUBSET.search(data)
    if subset:
        line = data.count(b"\n", 0, subset.start()) + 1
        return svg_refusal(url, INTERNAL_DTD, line)
    # No network, no DTD loading, no entity expansion: the file is only inspected.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"'{url}' is not an SVG image: {error.msg}"
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None:
        # In UTF-16 the bytes searched above do not read `<!DOCTYPE`: the parser still sees it.
        text = data.decode(docinfo.encoding or "utf-8", errors="replace")
        return svg_refusal(url, INTERNAL_DTD, text.count("\n", 0, text.find("<!DOCTYPE")) + 1)
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return (
            f"'{url}' is not an SVG image: its root element is not <svg> in the SVG "
            f'namespace (xmlns="{SVG_NAMESPACE}")'
        )
    found = svg_danger(root)
    return svg_refusal(url, *found) if found else None


def svg_refusal(url: str, what: str, line: int) -> str:
    return (
        f"'{url}' could run script when opened by its URL: {what} at line {line}; "
        "remove it, or export the drawing as PNG"
    )


def svg_danger(root: etree._Element) -> tuple[str, int] | None:
    """Return the first thing in an SVG document that can run script, and its line."""
    nodes = [*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings()]
    for node in nodes:
        what = node_danger(node)
        if what:
            line = node.sourceline
            return what, line if isinstance(line, int) else 1
    return None


def node_danger(node: etree._Element) -> str | None:
    """Return what in one node (element, processing instruction) can run script, or None."""
    if isinstance(node, etree._ProcessingInstruction):
        return f"the processing instruction <?{node.target!s}?>"
    if not isinstance(node.tag, str):
        return None  # a comment
    name = etree.QName(node)
    local = name.localname.lower()
    if local in RUNNING_ELEMENTS:
        return f"the element <{name.localname}>"
    if name.namespace == XHTML_NAMESPACE:
        return f"the HTML element <{name.localname}>"
    if local in ANIMATIONS and node.get("attributeName", "").split(":")[-1].strip() == "href":
        return f"<{name.localname}> changing a link"
    return next(
        filter(None, (attribute_danger(str(k), str(v)) for k, v in node.attrib.items())), None
    )


def attribute_danger(key: str, value: str) -> str | None:
    local = etree.QName(key).localname
    # Browsers drop tabs and line breaks anywhere in a URL: "java\tscript:" is "javascript:".
    compact = re.sub(r"[\t\n\r]", "", value).strip()
    shown, url = compact[:40], compact.lower()
    if local.lower().startswith("on"):
        return f"the event attribute {local}"
    if url.startswith(SCRIPT_SCHEMES):
        return f"the attribute {local}='{shown}'"
    if local == "href" and not url.startswith("#"):
        return f"a reference outside the file, {local}='{shown}'"
    return None


def destination(url: str) -> str:
    """Return a link destination as Markdown must write it: in <...> when it has spaces."""
    return f"<{url}>" if any(c.isspace() for c in url) else url
