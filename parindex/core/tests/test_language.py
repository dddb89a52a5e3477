"""Pages are Vietnamese by default; English only when the user picks it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.django_db
def test_it_serves_vietnamese_even_to_an_english_browser(client: Client) -> None:
    """An Accept-Language of English does not switch the language; the default is vi."""
    response = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.django_db
def test_it_switches_to_english_when_the_user_chooses_it(client: Client) -> None:
    """The language switch sets a cookie; later pages are in English."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/public/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/public/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_it_ignores_an_unknown_language_cookie(client: Client) -> None:
    """A tampered cookie falls back to Vietnamese rather than failing."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/public/")["Content-Language"] == "vi"
