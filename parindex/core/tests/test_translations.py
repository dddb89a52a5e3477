"""The Vietnamese catalogues are complete, compiled and up to date with the code."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]


def _catalogues() -> list[Path]:
    return sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))


def test_it_has_a_vi_catalogue_for_the_project() -> None:
    """The project-wide catalogue exists; apps may add their own."""
    assert PACKAGE / "locale/vi/LC_MESSAGES/django.po" in _catalogues()


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_translates_every_entry(po_path: Path) -> None:
    """No vi entry is untranslated or fuzzy."""
    catalogue = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {po_path.name}: {missing}"
    assert not fuzzy, f"fuzzy in {po_path.name}: {fuzzy}"


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_ships_a_compiled_catalogue_matching_the_source(po_path: Path) -> None:
    """The committed .mo holds exactly the translations of the .po beside it."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run ./run messages"
    po = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.pofile(str(po_path))
        if not e.obsolete
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(mo_path))
    }
    assert po == mo, "the .mo file is stale: run ./run messages"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_it_has_every_translatable_string_of_the_code_in_a_catalogue(tmp_path: Path) -> None:
    """Re-extracting the messages from the code finds nothing the catalogues lack."""
    copy = tmp_path / "parindex"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    known = set()
    for po_path in _catalogues():
        known |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path))}
    for po_path in copy.glob("**/locale/vi/LC_MESSAGES/django.po"):
        po_path.unlink()
    roots = [p.parent for p in copy.glob("*/locale")] + [copy]
    here = os.getcwd()
    try:
        for root in roots:
            ignores = (
                [] if root != copy else [f"{p.parent.name}/*.*" for p in copy.glob("*/locale")]
            )
            # In this process (the same settings as django-admin's), not one process per app.
            os.chdir(root)
            call_command(
                "makemessages",
                locale=["vi"],
                no_location=True,
                ignore_patterns=["locale/*", *ignores],
                verbosity=0,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
    finally:
        os.chdir(here)
    extracted = set()
    for po_path in copy.glob("**/locale/vi/LC_MESSAGES/django.po"):
        extracted |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path))}
    assert extracted - known == set(), "run ./run messages and translate the new strings"
