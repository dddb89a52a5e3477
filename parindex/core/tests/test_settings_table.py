"""The settings table's readers: strict about bad values, secrets from files, no undeclared
names."""

from __future__ import annotations

from pathlib import Path

import pytest

from parindex.core.settings_table import (
    KINDS,
    SETTINGS,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_secret,
    env_str,
)


def test_it_reads_booleans_and_refuses_a_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    """1/0, true/false, yes/no, on/off (any case, blanks around) are read; anything else is an
    error naming the variable; unset gives the table's default."""
    monkeypatch.delenv("PARINDEX_DEBUG", raising=False)
    assert env_bool("PARINDEX_DEBUG") is False
    for raw, value in [("1", True), (" Yes ", True), ("ON", True), ("off", False), ("", False)]:
        monkeypatch.setenv("PARINDEX_DEBUG", raw)
        assert env_bool("PARINDEX_DEBUG") is value
    monkeypatch.setenv("PARINDEX_DEBUG", "maybe")
    with pytest.raises(ValueError, match=r"PARINDEX_DEBUG must be one of 1/0, true/false, yes/no"):
        env_bool("PARINDEX_DEBUG")


def test_it_reads_whole_numbers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank number is the default; a number that is not whole is an error."""
    monkeypatch.setenv("PARINDEX_EVIDENCE_MAX_MB", " ")
    assert env_int("PARINDEX_EVIDENCE_MAX_MB") == 20
    monkeypatch.setenv("PARINDEX_EVIDENCE_MAX_MB", "35")
    assert env_int("PARINDEX_EVIDENCE_MAX_MB") == 35
    monkeypatch.setenv("PARINDEX_EVIDENCE_MAX_MB", "2.5")
    with pytest.raises(ValueError, match=r"must be a whole number \(got '2.5'\)"):
        env_int("PARINDEX_EVIDENCE_MAX_MB")


def test_it_reads_a_secret_from_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """NAME_FILE wins over NAME, and the file's surrounding blanks are dropped."""
    monkeypatch.setenv("PARINDEX_SECRET_KEY", "from-the-variable")
    assert env_secret("PARINDEX_SECRET_KEY") == "from-the-variable"
    secret = tmp_path / "key"
    secret.write_text("from-the-file\n", encoding="utf-8")
    monkeypatch.setenv("PARINDEX_SECRET_KEY_FILE", str(secret))
    assert env_secret("PARINDEX_SECRET_KEY") == "from-the-file"


def test_it_reads_lists_texts_and_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists drop blanks; a computed default comes from settings.py, a set value wins."""
    monkeypatch.setenv("PARINDEX_ALLOWED_HOSTS", " a.example , ,b.example")
    assert env_list("PARINDEX_ALLOWED_HOSTS") == ["a.example", "b.example"]
    monkeypatch.delenv("PARINDEX_CSRF_TRUSTED_ORIGINS", raising=False)
    assert env_list("PARINDEX_CSRF_TRUSTED_ORIGINS") == []
    monkeypatch.delenv("PARINDEX_MEDIA_ROOT", raising=False)
    assert env_path("PARINDEX_MEDIA_ROOT", Path("var/media")) == Path("var/media")
    monkeypatch.setenv("PARINDEX_DOSSIER_MEMORY_LIMIT", "2GB")
    assert env_str("PARINDEX_DOSSIER_MEMORY_LIMIT") == "2GB"


def test_it_refuses_an_undeclared_name_or_a_wrong_default() -> None:
    """Reading a setting the table lacks, as another type, or with a default the table already
    holds (or lacks) is a programming error."""
    with pytest.raises(LookupError, match="PARINDEX_NOPE is not declared"):
        env_str("PARINDEX_NOPE")
    with pytest.raises(TypeError, match="is a bool setting"):
        env_int("PARINDEX_DEBUG")
    with pytest.raises(TypeError, match=r"computed by settings\.py"):
        env_path("PARINDEX_VAR_DIR")
    with pytest.raises(TypeError, match="in the table"):
        env_str("PARINDEX_DOSSIER_MEMORY_LIMIT", "1GB")


def test_it_declares_each_setting_once_with_help() -> None:
    """Names are unique PARINDEX_* names of a known kind, each with its meaning."""
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    for setting in SETTINGS:
        assert setting.name.startswith("PARINDEX_")
        assert setting.kind in KINDS
        assert setting.help and setting.default_text()
