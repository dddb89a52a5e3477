"""The admin shows ParIndex's rows read only (the calendar overrides aside): every change goes
through an audited action."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from parindex.core.admin import ReadOnlyAdmin

ROOT = Path(__file__).resolve().parents[2]

#: Edited in the admin on purpose, through their audited actions (save_model, delete_model).
EDITABLE = {"calendars.calendaroverride"}


@pytest.mark.django_db
def test_it_refuses_add_change_and_delete_to_a_superuser() -> None:
    """Even a superuser can only look at the rows of a ParIndex app in the admin."""
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    checked = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if not model.__module__.startswith("parindex.") or label in EDITABLE:
            continue
        checked.append(label)
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), label
            assert not inline.has_change_permission(request), label
            assert not inline.has_delete_permission(request), label
    assert "units.unit" in checked and "frameworks.framework" in checked


def test_it_declares_the_read_only_admin_once() -> None:
    """Every app's admin uses parindex.core.admin.ReadOnlyAdmin instead of its own copy."""
    copies = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/admin.py")
        if "class ReadOnlyAdmin" in path.read_text(encoding="utf-8")
    ]
    assert copies == ["core/admin.py"]
    assert issubclass(ReadOnlyAdmin, admin.ModelAdmin)
