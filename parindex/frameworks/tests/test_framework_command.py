"""``parindex framework validate|import|export|show``."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.frameworks.excel_format import load_xlsx
from parindex.frameworks.models import Framework
from parindex.frameworks.tests.conftest import TINY
from parindex.frameworks.yaml_format import load_yaml

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_validates_a_file_without_writing(tiny_file: Path) -> None:
    """validate reports the framework and writes nothing."""
    out, _err = run("framework", "validate", str(tiny_file))
    assert "TINY" in out
    assert Framework.objects.count() == 0


def test_it_refuses_a_bad_file_listing_lines_on_stderr(write_file: Callable[..., Path]) -> None:
    """A bad file: CommandError, each problem with its line on stderr, nothing stored."""
    path = write_file(TINY.replace("method: binary", "method: stars"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("framework", "import", str(path), stdout=StringIO(), stderr=err)
    assert "20" in err.getvalue() and "method" in err.getvalue()
    assert Framework.objects.count() == 0


def test_it_imports_idempotently_and_the_shipped_set(tiny_file: Path) -> None:
    """import twice: imported then unchanged; --shipped imports the three shipped frameworks."""
    first, _ = run("framework", "import", str(tiny_file))
    second, _ = run("framework", "import", str(tiny_file))
    assert "TINY" in first and "TINY" in second and first != second
    run("framework", "import", "--shipped")
    assert Framework.objects.count() == 4


def test_it_needs_a_file_or_shipped() -> None:
    """import with neither a file nor --shipped is an error."""
    with pytest.raises(CommandError):
        run("framework", "import")


def test_it_exports_yaml_and_excel(tiny_file: Path, tmp_path: Path) -> None:
    """export writes YAML to stdout or a file, and Excel to --output; both read back the same."""
    run("framework", "import", str(tiny_file))
    out, _ = run("framework", "export", "TINY", "--format", "yaml")
    assert load_yaml(out) == load_yaml(tiny_file)
    target = tmp_path / "tiny.xlsx"
    run("framework", "export", "TINY", "--format", "xlsx", "--output", str(target))
    assert load_xlsx(target) == load_yaml(tiny_file)
    with pytest.raises(CommandError):
        run("framework", "export", "NOPE")


def test_it_shows_the_tree_with_vietnamese_numbers(shipped: None) -> None:
    """show prints codes, maxima the Vietnamese way (14,5) and methods."""
    out, _ = run("framework", "show", "PROVINCE-2017")
    assert "procedure_reform" in out and "14,5" in out and "15,5" in out
    assert "ILLUSTRATIVE" not in out and "MINH HỌA" not in out


def test_it_marks_an_illustrative_framework_when_showing_it(shipped: None) -> None:
    """An illustrative framework's tree starts with the illustrative line."""
    out, _ = run("framework", "show", "DEPARTMENT-ILLUSTRATIVE")
    assert "ILLUSTRATIVE" in out.splitlines()[0]
    assert "pr_on_time" in out and "1,5" in out
