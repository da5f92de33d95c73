"""Fixtures shared by every test: a course to damage, and the official SCORM 1.2 schemas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.course_fixtures import XSD_DIR, skip_or_fail, write_course


@pytest.fixture
def make_course(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str | bytes | None] | None = None, name: str = "course") -> Path:
        return write_course(tmp_path / name, files or {})

    return make


@pytest.fixture(scope="session")
def scorm_schema() -> etree.XMLSchema:
    """The official SCORM 1.2 schemas, read from ../shared (never copied into the repo)."""
    if not XSD_DIR.is_dir():
        skip_or_fail(f"the SCORM 1.2 schemas are not at {XSD_DIR} (a clone without ../shared)")
    namespaces = {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    }
    imports = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(XSD_DIR / name).as_uri()}"/>'
        for ns, name in namespaces.items()
    )
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))
