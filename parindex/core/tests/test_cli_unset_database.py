"""A command run before the database is set up says what to do, with exit code 2."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError, ProgrammingError

from parindex import cli


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("no such table: standing_targetplan"),
        ProgrammingError('relation "standing_targetplan" does not exist'),
    ],
)
def test_it_explains_a_database_without_tables(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: Exception
) -> None:
    def fail(_argv: list[str]) -> None:
        raise error

    monkeypatch.setattr("django.core.management.execute_from_command_line", fail)
    assert cli.main(["standing", "warnings"]) == 2
    err = capsys.readouterr().err
    assert "./run migrate" in err and "standing_targetplan" in err


def test_it_lets_other_database_errors_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_argv: list[str]) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("django.core.management.execute_from_command_line", fail)
    with pytest.raises(OperationalError):
        cli.main(["standing", "warnings"])
