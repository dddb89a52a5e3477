"""The documentation names every setting and every command the product has, and its generated
parts (the settings table, each command's ``--help``) match the code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import get_commands

from parindex.core import reference_docs
from parindex.core.settings_table import BY_NAME, SETTINGS

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("**/*.md")))


def _settings_in_code() -> set[str]:
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "parindex").glob("**/*.py")
        if "tests" not in p.parts
    ) + (ROOT / "run").read_text(encoding="utf-8")
    return set(re.findall(r"\b(PARINDEX_[A-Z_]+)\b", code)) - {"PARINDEX_"}


def test_it_documents_every_parindex_setting() -> None:
    """Each PARINDEX_* variable read by the code appears in docs/settings.md."""
    names = _settings_in_code()
    documented = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if n not in documented and not n.endswith("_FILE"))
    assert names, "no settings found: the scan is broken"
    assert missing == []


def test_it_declares_every_parindex_setting_in_the_table() -> None:
    """Each PARINDEX_* variable named in the code (or ``./run``) is a row of the settings table;
    a ``NAME_FILE`` only for a secret ``NAME``."""
    undeclared = []
    for name in sorted(_settings_in_code()):
        base = name.removesuffix("_FILE")
        if name in BY_NAME or (base in BY_NAME and BY_NAME[base].kind == "secret"):
            continue
        undeclared.append(name)
    assert undeclared == []


def test_it_reads_every_setting_through_the_table() -> None:
    """settings.py never reads the environment itself, and reads each setting it declares."""
    source = (ROOT / "parindex" / "settings.py").read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source
    read_here = set(re.findall(r"\benv_[a-z]+\(\s*\"(PARINDEX_[A-Z_]+)\"", source))
    expected = {s.name for s in SETTINGS if s.read_in == "parindex/settings.py"}
    assert read_here == expected
    run = (ROOT / "run").read_text(encoding="utf-8")
    assert all(s.name in run for s in SETTINGS if s.read_in == "run")


def test_it_documents_every_parindex_command() -> None:
    """Each management command shipped by a ParIndex app is described in docs/."""
    ours = sorted(name for name, app in get_commands().items() if str(app).startswith("parindex"))
    text = _docs_text()
    missing = [
        name for name in ours if f"parindex {name}" not in text and f"./run {name}" not in text
    ]
    assert ours, "no commands found: the scan is broken"
    assert missing == []


def test_it_keeps_the_generated_docs_current(tmp_path: Path) -> None:
    """The committed settings table and every command's --help match what the code generates,
    and every ParIndex command has its block (regenerate with ``./run docs --write``).

    ``parindex docs --check`` runs in a fresh process, as a developer runs it: some commands
    translate their help when their module is first imported, in whatever language is active.
    """
    env = {
        **os.environ,
        "PARINDEX_VAR_DIR": str(tmp_path),
        "PARINDEX_SECRET_KEY": "docs-check",
        "PARINDEX_LANGUAGE": "en",
    }
    done = subprocess.run(
        [sys.executable, "-m", "parindex", "docs", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr == "" and done.returncode == 0
    assert done.stdout.strip() == "docs/ is up to date."


def test_it_reports_a_stale_page_a_missing_command_and_an_unknown_block(tmp_path: Path) -> None:
    """The check names a page whose block differs, a command without a block and a block that
    names no command; --write fixes the first and leaves the others to a person."""
    (tmp_path / "settings.md").write_text(
        "# Settings\n\n<!-- [[[settings]]] -->\nold table\n<!-- [[[end]]] -->\n", encoding="utf-8"
    )
    (tmp_path / "cli-x.md").write_text(
        "<!-- [[[help parindex no_such_command]]] -->\n<!-- [[[end]]] -->\n", encoding="utf-8"
    )
    problems = reference_docs.check(tmp_path)
    assert "settings.md: out of date (run ./run docs --write)" in problems
    assert "cli-x.md: unknown block “help parindex no_such_command”" in problems
    assert "parindex units: no <!-- [[[help parindex units]]] --> block" in problems

    assert reference_docs.write(tmp_path) == [tmp_path / "settings.md"]
    page = (tmp_path / "settings.md").read_text(encoding="utf-8")
    assert "| `PARINDEX_DEBUG` | bool | `false` |" in page
    assert "old table" not in page
    assert "settings.md: out of date (run ./run docs --write)" not in reference_docs.check(tmp_path)


def test_it_renders_help_in_english_at_a_fixed_width(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """The terminal width and the CLI language do not change the generated help."""
    settings.CLI_LANGUAGE = "vi"
    monkeypatch.setenv("COLUMNS", "40")
    text = reference_docs.help_markdown("units")
    assert "Import, list and trace administrative units and their lineage." in text
    assert "--verbosity" not in text  # Django's common options are left out
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "### `parindex units lineage --help`" in text
