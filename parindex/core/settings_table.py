"""Every ``PARINDEX_*`` setting, declared once: name, type, default and meaning.

``parindex/settings.py`` reads each setting through the typed readers below, which refuse a
name the table lacks; ``docs/settings.md`` is generated from the table (``./run docs --write``)
and a test fails when the committed page differs. This module imports no Django: the settings
module uses it before Django is set up.

The readers are strict: a boolean that is not clearly true or false is an error, not a guess;
a number that is not whole is an error; a secret ``NAME`` may instead come from the file named
by ``NAME_FILE`` (container secrets).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

#: The kinds of setting, as the documentation names them.
KINDS = ("bool", "int", "text", "list", "path", "url", "secret")


@dataclass(frozen=True)
class Setting:
    """One environment variable: how to read it, what it defaults to and what it means.

    ``default`` is the value when the variable is unset, or ``None`` when ``settings.py``
    computes it (from another setting); ``shown_default`` is the default as the documentation
    words it (derived from ``default`` when empty). ``read_in`` names the file that reads it.
    """

    name: str
    kind: str
    default: bool | int | str | None
    help: str
    shown_default: str = ""
    read_in: str = "parindex/settings.py"

    def default_text(self) -> str:
        if self.shown_default:
            return self.shown_default
        if self.default == "":
            return "empty"
        if isinstance(self.default, bool):
            return "`true`" if self.default else "`false`"
        return f"`{self.default}`"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "PARINDEX_DATABASE_URL",
        "url",
        "",
        "The application database, e.g. `postgres://user:password@host:5432/parindex`.",
        shown_default="empty: SQLite at `var/parindex.sqlite3` (WAL, immediate transactions)",
    ),
    Setting(
        "PARINDEX_SECRET_KEY",
        "secret",
        "",
        "Django's secret key. Set it (or `PARINDEX_SECRET_KEY_FILE`) in production.",
        shown_default="generated once into `var/secret_key`",
    ),
    Setting("PARINDEX_DEBUG", "bool", False, "Django debug mode. Never on in production."),
    Setting(
        "PARINDEX_ALLOWED_HOSTS",
        "list",
        "127.0.0.1,localhost",
        "Comma-separated host names the web app answers to.",
    ),
    Setting(
        "PARINDEX_CSRF_TRUSTED_ORIGINS",
        "list",
        "",
        "Comma-separated origins (`https://parindex.example.gov.vn`) trusted for form posts "
        "behind a proxy.",
    ),
    Setting(
        "PARINDEX_VAR_DIR",
        "path",
        None,
        "Where the SQLite database, the generated secret key, collected static files and "
        "uploads live.",
        shown_default="`var/` in the checkout",
    ),
    Setting(
        "PARINDEX_MEDIA_ROOT",
        "path",
        None,
        "Where uploaded evidence files are stored.",
        shown_default="`$PARINDEX_VAR_DIR/media`",
    ),
    Setting(
        "PARINDEX_LANGUAGE",
        "text",
        None,
        "Language of command-line messages (`vi` or `en`); `./run --lang en …` sets it for one "
        "command. The web app follows the user's choice.",
        shown_default="`vi`",
    ),
    Setting(
        "PARINDEX_PYTHON",
        "path",
        None,
        "Used by `./run` only: the interpreter to build the environment with.",
        shown_default="the first Python ≥ 3.11 on `PATH`",
        read_in="run",
    ),
    Setting(
        "PARINDEX_EVIDENCE_MAX_MB",
        "int",
        20,
        "The largest evidence file accepted, in megabytes.",
    ),
    Setting(
        "PARINDEX_DOSSIER_MEMORY_LIMIT",
        "text",
        "3GB",
        "The most memory DuckDB may use for the dossier store before it spills to "
        "`var/dossiers/tmp` (DuckDB size syntax, e.g. `2GB`, `500MB`).",
    ),
    Setting(
        "PARINDEX_LOG_DIR",
        "path",
        None,
        "Where the log file `parindex.log` and its rotated copies are written "
        "(see [logs.md](logs.md)).",
        shown_default="`$PARINDEX_VAR_DIR/log`",
    ),
    Setting(
        "PARINDEX_LOG_LEVEL",
        "text",
        "INFO",
        "The least severe messages logged to the file and to stderr "
        "(`DEBUG`, `INFO`, `WARNING`, `ERROR`).",
    ),
    Setting(
        "PARINDEX_LOG_MAX_MB",
        "int",
        10,
        "The size, in megabytes, at which the log file is rotated.",
    ),
    Setting(
        "PARINDEX_LOG_FILES",
        "int",
        5,
        "How many rotated log files are kept besides the current one.",
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def declared(name: str, *kinds: str) -> Setting:
    """The table's entry for ``name``; an error when it is missing or of another kind."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise LookupError(f"{name} is not declared in parindex/core/settings_table.py")
    if kinds and setting.kind not in kinds:
        raise TypeError(f"{name} is a {setting.kind} setting, not {' or '.join(kinds)}")
    return setting


def _default(setting: Setting, default: object) -> object:
    """The table's default, or the one ``settings.py`` computes: exactly one of them."""
    if (setting.default is None) == (default is None):
        where = "computed by settings.py" if setting.default is None else "in the table"
        raise TypeError(f"the default of {setting.name} is {where}")
    return setting.default if default is None else default


# The readers: the only places that look at os.environ for a PARINDEX_* setting.


def env_bool(name: str) -> bool:
    """Read a boolean; anything that is not clearly true or false is an error, not a guess."""
    default = _default(declared(name, "bool"), None)
    raw = os.environ.get(name)
    if raw is None:
        return bool(default)
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {raw!r})")


def env_int(name: str) -> int:
    default = _default(declared(name, "int"), None)
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return int(str(default))
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number (got {raw!r})") from None


def env_str(name: str, default: str | None = None) -> str:
    """A text, URL or path setting as given (an empty value stays empty)."""
    return os.environ.get(name, str(_default(declared(name, "text", "url", "path"), default)))


def env_path(name: str, default: Path | None = None) -> Path:
    return Path(env_str(name, None if default is None else str(default)))


def env_list(name: str) -> list[str]:
    """A comma-separated list; blanks around and between the commas are dropped."""
    default = str(_default(declared(name, "list"), None))
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret comes from NAME or from the file named by NAME_FILE (for container secrets)."""
    default = str(_default(declared(name, "secret"), None))
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


# The documentation page.

DOCS_MARKERS = ("<!-- [[[settings]]] -->", "<!-- [[[end]]] -->")


def markdown_table(settings: Iterable[Setting] = SETTINGS) -> str:
    """The table of ``docs/settings.md``: one row per setting, in the table's order."""
    lines = ["| Setting | Type | Default | Meaning |", "|---|---|---|---|"]
    for s in settings:
        lines.append(f"| `{s.name}` | {s.kind} | {s.default_text()} | {s.help} |")
    return "\n".join(lines)
