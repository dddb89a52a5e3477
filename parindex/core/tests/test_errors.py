"""Server errors: a Vietnamese page with an error id, and the same id with the traceback in the
log file and on stderr; a missing page stays Django's 404."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from parindex.core.logs import LogFileHandler


def _explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the sky fell on the score table")


urlpatterns = [path("explode/", _explode)]
handler500 = "parindex.core.errors.server_error"


@pytest.fixture
def stderr_log() -> Iterator[io.StringIO]:
    """What the configured stderr handler writes during the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if type(h) is logging.StreamHandler and h.name == "stderr"
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.fixture
def log_file(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    settings.LOG_FILE = tmp_path / "log" / "parindex.log"
    return settings.LOG_FILE


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_has_an_id_on_the_page_and_in_the_logs(
    log_file: Path, stderr_log: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    response = Client(raise_request_exception=False).get("/explode/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Đã xảy ra lỗi trên máy chủ" in page  # Vietnamese
    found = re.search(r'<code id="error-id">([0-9a-f]{8})</code>', page)
    assert found, page
    error_id = found.group(1)

    records = [r for r in caplog.records if r.name == "django.request"]
    assert [getattr(r, "error_id", None) for r in records] == [error_id]
    assert records[0].exc_info is not None
    for text in (log_file.read_text(encoding="utf-8"), stderr_log.getvalue()):
        assert f"[error {error_id}]" in text
        assert "Traceback" in text
        assert "RuntimeError: the sky fell on the score table" in text


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_missing_page_stays_a_plain_404(log_file: Path, stderr_log: io.StringIO) -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert b"error-id" not in response.content
    assert "[error -] Not Found: /no-such-page/" in stderr_log.getvalue()


def test_the_log_file_is_opened_late_and_follows_the_setting(settings: Any, tmp_path: Path) -> None:
    """Nothing is created until a record arrives; then the folder is made where LOG_FILE says."""
    handler = LogFileHandler(str(tmp_path / "first" / "parindex.log"), maxBytes=100, backupCount=2)
    assert not (tmp_path / "first").exists()
    settings.LOG_FILE = tmp_path / "second" / "parindex.log"
    handler.emit(logging.makeLogRecord({"msg": "hello", "levelno": logging.INFO}))
    handler.close()
    assert not (tmp_path / "first").exists()
    assert "hello" in (tmp_path / "second" / "parindex.log").read_text(encoding="utf-8")
