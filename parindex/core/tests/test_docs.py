"""The documentation names every setting and every command the product has."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("**/*.md")))


def test_it_documents_every_parindex_setting() -> None:
    """Each PARINDEX_* variable read by the code appears in docs/settings.md."""
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "parindex").glob("**/*.py")
        if "tests" not in p.parts
    ) + (ROOT / "run").read_text(encoding="utf-8")
    names = set(re.findall(r"\b(PARINDEX_[A-Z_]+)\b", code)) - {"PARINDEX_"}
    documented = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if n not in documented and not n.endswith("_FILE"))
    assert names, "no settings found: the scan is broken"
    assert missing == []


def test_it_documents_every_parindex_command() -> None:
    """Each management command shipped by a ParIndex app is described in docs/."""
    ours = sorted(name for name, app in get_commands().items() if str(app).startswith("parindex"))
    text = _docs_text()
    missing = [
        name for name in ours if f"parindex {name}" not in text and f"./run {name}" not in text
    ]
    assert ours, "no commands found: the scan is broken"
    assert missing == []
