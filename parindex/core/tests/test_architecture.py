"""The tree matches ``docs/architecture.md``: every package it names exists, every package that
exists is named, each imports only what the page allows, and no module grows past 600 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PAGE = PACKAGE.parent / "docs" / "architecture.md"
MAX_LINES = 600
# Folders that are not packages of their own: they belong to the package around them.
NOT_PACKAGES = {
    "tests",
    "migrations",
    "management",
    "commands",
    "templatetags",
    "locale",
    "templates",
    "static",
    "data",
    "__pycache__",
    "cli",
    "views",
    "actions",
}


def _table() -> dict[str, set[str]]:
    """``package → packages it may import`` from the page's table of packages."""
    rows: dict[str, set[str]] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `parindex/([a-z_/]+)/` \|[^|]*\| (.*) \|$", line)
        if match:
            allowed = set(re.findall(r"`([a-z_/]+|\*)`", match.group(2)))
            rows[match.group(1)] = allowed
    return rows


def _packages() -> set[str]:
    """Top-level apps, and the sub-packages of ``lib``, as paths below ``parindex/``."""
    found = set()
    for init in PACKAGE.glob("*/__init__.py"):
        found.add(init.parent.name)
    for init in (PACKAGE / "lib").glob("*/__init__.py"):
        if init.parent.name not in NOT_PACKAGES:
            found.add(f"lib/{init.parent.name}")
    return {p for p in found if p.split("/")[-1] not in NOT_PACKAGES}


def _modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    ]


def test_it_names_every_package_on_the_architecture_page() -> None:
    """A package added without a line on the page, or a line for a package that is gone,
    fails here: the page is the map the next engineer reads."""
    assert _packages() == set(_table())


def _owner(path: Path, table: dict[str, set[str]]) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] == "lib" and len(parts) > 2 and f"lib/{parts[1]}" in table:
        return f"lib/{parts[1]}"
    return parts[0]


# Modules allowed past their package's row, each with its reason.
EXCEPTIONS = {
    # Translates through Django when Django is configured, lazily and inside a try.
    "lib/i18n.py": {"django"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    found = set()
    for name in names:
        parts = name.split(".")
        if parts[0] == "django" and parts[0] not in found:
            found.add("django")
        if parts[0] != "parindex" or len(parts) < 2:
            continue
        if parts[1] == "lib" and len(parts) > 2 and (PACKAGE / "lib" / parts[2]).is_dir():
            found.add(f"lib/{parts[2]}")
        else:
            found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(_table()))
def test_it_imports_only_what_the_page_allows(package: str) -> None:
    """Each package's modules import only the packages its row allows (``*`` allows any;
    ``lib`` and its sub-packages never import Django)."""
    table = _table()
    allowed = table[package]
    if "*" in allowed:
        return
    offending = []
    for path in _modules():
        if _owner(path, table) != package:
            continue
        allowed_here = EXCEPTIONS.get(str(path.relative_to(PACKAGE)), set())
        for imported in _imported_packages(path) - {package} - allowed_here:
            base = imported.split("/")[0]
            if imported == "django" and not package.startswith("lib"):
                continue
            if imported not in allowed and base not in allowed:
                offending.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert not offending, "\n".join(offending)


def test_it_keeps_every_module_under_600_lines() -> None:
    """A module past ~600 lines is a package waiting to be made (tests and migrations aside)."""
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
