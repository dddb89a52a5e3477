"""One audit vocabulary: ``noun.verb`` names from ``AuditAction``, old rows renamed to it."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.db import transaction

from parindex.core.audit import record_audit
from parindex.core.models import LEGACY_AUDIT_ACTIONS, AuditAction, AuditEvent

vocabulary_migration = importlib.import_module(
    "parindex.core.migrations.0003_audit_action_vocabulary"
)


def test_it_names_every_action_noun_dot_verb() -> None:
    """Every name is ``noun.verb`` in snake_case, and every one has a label of its own."""
    for action in AuditAction:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*", action.value), action.value
    assert len(set(AuditAction.labels)) == len(AuditAction.labels)


@pytest.mark.django_db
def test_it_refuses_an_action_outside_the_vocabulary() -> None:
    """A name that is not an ``AuditAction`` is a programming error, caught before writing."""
    before = AuditEvent.objects.count()
    with transaction.atomic(), pytest.raises(ValueError, match="not an AuditAction"):
        record_audit(actor=None, action="units.import", object_type="x")  # type: ignore[arg-type]
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_it_renames_the_legacy_names_of_existing_rows() -> None:
    """The migration maps every old name to its new one, and back."""
    AuditEvent.objects.bulk_create(
        AuditEvent(actor_label="cli", action=old, object_type="legacy")
        for old in LEGACY_AUDIT_ACTIONS
    )
    legacy = AuditEvent.objects.filter(object_type="legacy")
    vocabulary_migration.forwards(apps, None)
    assert sorted(legacy.values_list("action", flat=True)) == sorted(
        str(new) for new in LEGACY_AUDIT_ACTIONS.values()
    )
    vocabulary_migration.backwards(apps, None)
    assert sorted(legacy.values_list("action", flat=True)) == sorted(LEGACY_AUDIT_ACTIONS)


def test_it_freezes_the_same_mapping_in_the_migration() -> None:
    """The migration carries its own copy of the mapping; the two never disagree."""
    assert {k: str(v) for k, v in LEGACY_AUDIT_ACTIONS.items()} == vocabulary_migration.RENAMES
