"""Fixtures shared by every test: a course to damage, the official SCORM 1.2 schemas, and the
one headless Chromium of the session (Playwright's sync API allows one instance at a time, so
the browser tests and the Moodle tests share it)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.browser.lms_harness import CHROMIUM, CHROMIUM_ARGS, require
from tests.course_fixtures import XSD_DIR, skip_or_fail, write_course


@pytest.fixture(autouse=True)
def fresh_caches_under_mutmut() -> None:
    """Under mutmut, empty the package's caches before every test. A cached function (the one
    Markdown parser, whose build calls every component's `extend`; a converted formula) runs
    once: mutmut would map it to the first test that filled the cache alone, and a mutant's
    test process, forked from one that has filled it, would never run the mutant."""
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    for name, module in list(sys.modules.items()):
        if name.startswith("scorm_builder"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


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


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
