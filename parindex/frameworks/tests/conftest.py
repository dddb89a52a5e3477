"""Fixtures of the frameworks tests: small hand-written framework files, logged-in users and the
shipped frameworks (a shared layer: imported once, every test rolled back to them)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from parindex.frameworks.actions import import_shipped_frameworks
from parindex.testing_layers import shared_layer

TINY = """
format: parindex-framework/1
code: TINY
version: 1
name_vi: Bộ chỉ số thử
name_en: Test framework
unit_kinds: [department]
max_points: 10
not_applicable_policy: award_max
bands:
- {code: group_a, name_vi: Nhóm A, name_en: Group A, lower: 90, operator: ">="}
- {code: group_b, name_vi: Nhóm B, name_en: Group B, lower: 0, operator: ">=", upper: 90}
criteria:
- code: area1
  name_vi: Lĩnh vực một
  max_points: 6
- code: plan
  parent: area1
  name_vi: Ban hành kế hoạch CCHC năm đúng thời hạn
  max_points: 2
  method: binary
- code: on_time
  parent: area1
  name_vi: Tỷ lệ hồ sơ giải quyết đúng hạn
  max_points: 4
  method: rate_proportional
  params: {full_at: 0.8, mode: scaled}
  input_source: dossier_metric
- code: area2
  name_vi: Lĩnh vực hai
  max_points: 4
  method: manual
  input_source: appraiser
"""


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a (dedented) text file under tmp_path and return its path."""

    def write(text: str, name: str = "framework.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def tiny_file(write_file: Callable[..., Path]) -> Path:
    return write_file(TINY)


@shared_layer()
def shipped() -> None:
    """The three frameworks shipped with ParIndex, imported."""
    import_shipped_frameworks(actor=None)


@pytest.fixture
def user_client(db: None, django_user_model: Any) -> Client:
    user = django_user_model.objects.create_user(username="staff", password="pw-123-long-enough")
    client = Client()
    client.force_login(user)
    return client
