"""The generated parts of ``docs/``: the settings table and every command's ``--help``.

A page holds hand-written prose around blocks that are generated, datasette's cog style::

    <!-- [[[help parindex units]]] -->
    … the help of ``parindex units`` and of each of its subcommands …
    <!-- [[[end]]] -->

``<!-- [[[settings]]] -->`` holds the table of :mod:`parindex.core.settings_table`.
``parindex docs --write`` (``./run docs --write``) regenerates every block; ``--check`` and the
docs test fail when a committed block differs, when a ParIndex command has no block, or when a
block names a command that no longer exists. Help is rendered in English, 100 columns wide,
without Django's common options (``--verbosity``, ``--settings``, …).
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import get_commands, load_command_class
from django.core.management.base import DjangoHelpFormatter
from django.test import override_settings
from django.utils import translation

from parindex.core.settings_table import markdown_table

DOCS = Path(__file__).resolve().parents[2] / "docs"
COLUMNS = "100"
LANGUAGE = "en"

BLOCK = re.compile(
    r"(?P<start><!-- \[\[\[(?P<what>[^\]]+)\]\]\] -->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- \[\[\[end\]\]\] -->)",
    re.DOTALL,
)
FENCE = "```"


def parindex_commands() -> list[str]:
    """The management commands shipped by ParIndex's own apps, by name."""
    return sorted(name for name, app in get_commands().items() if str(app).startswith("parindex"))


@contextmanager
def _stable_help() -> Iterator[None]:
    """English help at a fixed width, whatever the terminal and PARINDEX_LANGUAGE say."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = COLUMNS
    try:
        with override_settings(CLI_LANGUAGE=LANGUAGE), translation.override(LANGUAGE):
            yield
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _command_parser(name: str) -> argparse.ArgumentParser:
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("parindex", name)
    for action in parser._actions:
        if set(action.option_strings) & DjangoHelpFormatter.show_last:
            action.help = argparse.SUPPRESS  # Django's common options: one line in docs/cli.md
    return parser


def _walk(
    parser: argparse.ArgumentParser, path: str, summary: str = ""
) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """``(path, one-line help, parser)`` of a command and of its subcommands, depth first."""
    yield path, summary, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield from _walk(child, f"{path} {name}", str(helps.get(name, "")))


def help_markdown(name: str) -> str:
    """The ``--help`` of command ``name`` and of each of its subcommands, as Markdown."""
    parts: list[str] = []
    with _stable_help():
        for path, summary, parser in _walk(_command_parser(name), f"parindex {name}"):
            text = parser.format_help().rstrip()
            parts.append(f"### `{path} --help`\n")
            if summary:
                parts.append(f"{summary}\n")
            parts.append(f"{FENCE}text\n{text}\n{FENCE}\n")
    return "\n".join(parts)


def generate(what: str) -> str:
    """The body of the block ``<!-- [[[what]]] -->``."""
    if what == "settings":
        return markdown_table() + "\n"
    if what.startswith("help parindex "):
        name = what.removeprefix("help parindex ")
        if name not in get_commands():
            raise LookupError(what)
        return help_markdown(name)
    raise LookupError(what)


def regenerate(text: str, problems: list[str], page: str) -> str:
    """``text`` with every block regenerated; a block that names nothing known is a problem."""

    def replace(match: re.Match[str]) -> str:
        try:
            body = generate(match["what"])
        except LookupError:
            problems.append(f"{page}: unknown block “{match['what']}”")
            return match[0]
        return f"{match['start']}{body}{match['end']}"

    return BLOCK.sub(replace, text)


def check(docs: Path = DOCS) -> list[str]:
    """Everything that keeps the generated docs from matching the code (empty: all current)."""
    problems: list[str] = []
    covered: set[str] = set()
    for page in sorted(docs.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        covered |= {m["what"] for m in BLOCK.finditer(text)}
        if regenerate(text, problems, page.name) != text:
            problems.append(f"{page.name}: out of date (run ./run docs --write)")
    if "settings" not in covered:
        problems.append("no page holds the <!-- [[[settings]]] --> block")
    for name in parindex_commands():
        if f"help parindex {name}" not in covered:
            problems.append(f"parindex {name}: no <!-- [[[help parindex {name}]]] --> block")
    return problems


def write(docs: Path = DOCS) -> list[Path]:
    """Regenerate every block in place; the pages that changed (:func:`check` says the rest)."""
    changed: list[Path] = []
    for page in sorted(docs.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        new = regenerate(text, [], page.name)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page)
    return changed
