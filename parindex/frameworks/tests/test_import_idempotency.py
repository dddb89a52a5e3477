"""Importing is idempotent; a different file under an existing code is refused unless it
replaces it explicitly with a higher version; each change writes one audit event."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parindex.core.models import AuditEvent
from parindex.frameworks.actions import import_framework
from parindex.frameworks.models import Framework
from parindex.frameworks.tests.conftest import TINY
from parindex.lib.errors import InputRejected

pytestmark = pytest.mark.django_db


def test_it_changes_nothing_when_the_same_file_comes_again(tiny_file: Path) -> None:
    """The second import of the same file reports "unchanged" and records no second event."""
    first = import_framework(tiny_file, actor=None)
    second = import_framework(tiny_file, actor=None)
    assert (first.outcome, second.outcome) == ("created", "unchanged")
    assert second.framework.pk == first.framework.pk
    assert first.framework.criteria.count() == 4
    events = list(
        AuditEvent.objects.filter(action__startswith="framework.").values_list(
            "action", "actor_label", "object_repr"
        )
    )
    assert len(events) == 1
    assert events[0][:2] == ("framework.import", "cli")


def test_it_refuses_a_different_file_under_an_existing_code(
    tiny_file: Path, write_file: Callable[..., Path]
) -> None:
    """Same code, other content: refused naming the code; the stored framework stays as it was."""
    import_framework(tiny_file, actor=None)
    changed = write_file(TINY.replace("name_vi: Lĩnh vực hai", "name_vi: Lĩnh vực 2"), "b.yaml")
    with pytest.raises(InputRejected) as caught:
        import_framework(changed, actor=None)
    assert caught.value.problems[0].field == "code"
    assert "TINY" in caught.value.problems[0].message
    assert Framework.objects.get().criteria.get(code="area2").name_vi == "Lĩnh vực hai"


def test_it_replaces_only_with_a_higher_version(
    tiny_file: Path, write_file: Callable[..., Path]
) -> None:
    """--replace with the same version is refused; with a higher version the framework is
    replaced in place and the audit event keeps both versions."""
    import_framework(tiny_file, actor=None)
    same_version = write_file(
        TINY.replace("name_vi: Lĩnh vực hai", "name_vi: Lĩnh vực 2"), "b.yaml"
    )
    with pytest.raises(InputRejected) as caught:
        import_framework(same_version, actor=None, replace=True)
    assert caught.value.problems[0].field == "version"
    newer = write_file(
        TINY.replace("name_vi: Lĩnh vực hai", "name_vi: Lĩnh vực 2").replace(
            "version: 1", "version: 2"
        ),
        "c.yaml",
    )
    outcome = import_framework(newer, actor="tester", replace=True)
    assert outcome.outcome == "replaced"
    framework = Framework.objects.get()
    assert framework.version == 2
    assert framework.criteria.get(code="area2").name_vi == "Lĩnh vực 2"
    event = AuditEvent.objects.filter(action__startswith="framework.").order_by("-id").first()
    assert event is not None and event.action == "framework.replace"
    assert event.before is not None and event.after is not None
    assert (event.before["version"], event.after["version"]) == (1, 2)
    assert event.actor_label == "tester"
