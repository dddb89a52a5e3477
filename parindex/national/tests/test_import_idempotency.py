"""Importing is atomic and idempotent, updates what changed, and is audited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parindex.core.models import AuditEvent
from parindex.national.actions import SHIPPED_FILES, import_registry_file, import_shipped_results
from parindex.national.models import Ministry, NationalResult, SipasResult

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("provinces")
def test_it_loads_every_row_of_the_shipped_result_files() -> None:
    """90 province rows, 51 ministry rows over 15 ministries, 51 SIPAS rows."""
    import_shipped_results(actor=None)
    assert NationalResult.objects.filter(peer_group="province").count() == 90
    assert NationalResult.objects.filter(peer_group="ministry").count() == 51
    assert Ministry.objects.count() == 15
    assert SipasResult.objects.count() == 51
    assert len(SHIPPED_FILES) == AuditEvent.objects.filter(action="national_result.import").count()


@pytest.mark.usefixtures("registry")
def test_it_updates_a_changed_row_and_records_the_change(write_file: Callable[..., Path]) -> None:
    """A corrected value updates the row; the audit event holds before and after."""
    path = write_file(
        "year,province_code,province_name,par_index_pct,rank,source_url\n"
        "2023,94,Sóc Trăng,81.5,62,https://example.test/correction\n"
    )
    result = import_registry_file(path, actor=None)
    assert result.counts() == {"created": 0, "updated": 1, "unchanged": 0}
    row = NationalResult.objects.get(year=2023, unit__code="94", unit__code_system="historical_63")
    assert str(row.par_index) == "81.5000"
    event = AuditEvent.objects.filter(action="national_result.import").first()
    assert event is not None and event.after is not None
    assert event.after["changes"][0]["par_index"] == {"before": None, "after": "81.5"}
