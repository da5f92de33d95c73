"""The manifest: `imsmanifest.xml` of a SCORM 1.2 package, built with lxml.

Identifiers derive from the course and module ids only, so a rebuilt course replaces the
old one in the LMS instead of arriving as a new course. The ADL namespace is bound to the
literal prefix `adlcp`, because Moodle's parser matches that prefix, not the namespace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from scorm_builder.structure.course import Course, Module

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI}
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
)
SHARED_RESOURCE = "RES_shared"
"""No module's resource can take this id: module ids have no '_'."""


@dataclass(frozen=True)
class ScoFiles:
    """One SCO of the package: the item the LMS shows, its launch page, then its other files.

    A SCO is a module, or the whole course in a single-SCO package (its id is then the
    course's, and its files are the modules' documents and media).
    """

    id: str
    title: str
    launch: str
    files: tuple[str, ...]
    mastery_score: int | None = None

    @classmethod
    def of_module(cls, module: Module, launch: str) -> ScoFiles:
        media = tuple(asset.package_path for asset in module.assets)
        return cls(module.id, module.title, launch, media, module.mastery_score)


def manifest_xml(course: Course, scos: list[ScoFiles], shared: Iterable[str]) -> bytes:
    """Return the manifest of the package, UTF-8 encoded (characters, not references)."""
    root = etree.Element(
        _cp("manifest"),
        nsmap=NSMAP,  # type: ignore[arg-type]
        identifier=f"MANIFEST-{course.id}",
        version=course.file.version,
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.append(_metadata(course))
    root.append(_organizations(course, scos))
    resources = etree.SubElement(root, _cp("resources"))
    for sco in scos:
        resources.append(_sco_resource(sco))
    resources.append(_shared_resource(shared))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def organization_id(course: Course) -> str:
    return f"ORG-{course.id}"


def item_id(sco: ScoFiles) -> str:
    return f"ITEM-{sco.id}"


def resource_id(sco: ScoFiles) -> str:
    return f"RES-{sco.id}"


def _cp(tag: str) -> str:
    return f"{{{IMSCP}}}{tag}"


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def _langstring(parent: etree._Element, tag: str, text: str, language: str) -> None:
    wrapper = etree.SubElement(parent, f"{{{IMSMD}}}{tag}")
    _text(wrapper, f"{{{IMSMD}}}langstring", text).set(XML_LANG, language)


def _metadata(course: Course) -> etree._Element:
    metadata = etree.Element(_cp("metadata"))
    _text(metadata, _cp("schema"), "ADL SCORM")
    _text(metadata, _cp("schemaversion"), "1.2")
    lom = etree.SubElement(metadata, f"{{{IMSMD}}}lom")
    general = etree.SubElement(lom, f"{{{IMSMD}}}general")
    language = course.file.language
    _langstring(general, "title", course.title, language)
    _text(general, f"{{{IMSMD}}}language", language)
    if course.file.description:
        _langstring(general, "description", course.file.description, language)
    lifecycle = etree.SubElement(lom, f"{{{IMSMD}}}lifecycle")
    _langstring(lifecycle, "version", course.file.version, "x-none")
    return metadata


def _organizations(course: Course, scos: list[ScoFiles]) -> etree._Element:
    organizations = etree.Element(_cp("organizations"), default=organization_id(course))
    organization = etree.SubElement(
        organizations, _cp("organization"), identifier=organization_id(course)
    )
    _text(organization, _cp("title"), course.title)
    # Moodle's player links SCOs with previous/next only under one non-launchable parent item.
    parent = etree.SubElement(organization, _cp("item"), identifier=f"ITEMS-{course.id}")
    _text(parent, _cp("title"), course.title)
    previous: ScoFiles | None = None
    for sco in scos:
        parent.append(_sco_item(sco, previous if course.file.sequential else None))
        previous = sco
    return organizations


def _sco_item(sco: ScoFiles, after: ScoFiles | None) -> etree._Element:
    item = etree.Element(
        _cp("item"), identifier=item_id(sco), identifierref=resource_id(sco), isvisible="true"
    )
    _text(item, _cp("title"), sco.title)
    if after is not None:
        _text(item, f"{{{ADLCP}}}prerequisites", item_id(after)).set("type", "aicc_script")
    if sco.mastery_score is not None:
        _text(item, f"{{{ADLCP}}}masteryscore", str(sco.mastery_score))
    return item


def _sco_resource(sco: ScoFiles) -> etree._Element:
    resource = etree.Element(
        _cp("resource"),
        identifier=resource_id(sco),
        type="webcontent",
        href=href(sco.launch),
    )
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in (sco.launch, *sco.files):
        etree.SubElement(resource, _cp("file"), href=href(name))
    etree.SubElement(resource, _cp("dependency"), identifierref=SHARED_RESOURCE)
    return resource


def _shared_resource(files: Iterable[str]) -> etree._Element:
    resource = etree.Element(_cp("resource"), identifier=SHARED_RESOURCE, type="webcontent")
    resource.set(f"{{{ADLCP}}}scormtype", "asset")
    for name in files:
        etree.SubElement(resource, _cp("file"), href=href(name))
    return resource


def href(package_path: str) -> str:
    """Return a package path as a relative URL (percent-encoded, no query string)."""
    return quote(package_path, safe="/")
