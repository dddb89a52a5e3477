"""Test-wide configuration: every test runs with Vietnamese active unless it says otherwise.

Also: uploaded files go to a temporary MEDIA_ROOT, passwords hash fast, and the personas of
``parindex.testing`` are available as fixtures (``par`` is the small province; each persona
fixture is its user; ``client_for(persona)`` is a logged-in test client).

The small province is a shared layer (``parindex.testing_layers``): built once, and every test
that uses it is rolled back to it and gets fresh objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytest.register_assert_rewrite("parindex.testing_layers")

from parindex.testing_layers import shared_layer  # noqa: E402

pytest_plugins = ["parindex.testing_layers"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each bad file an import harness declares is a test case of its own."""
    from parindex.core.import_harness import parametrize_bad_files

    parametrize_bad_files(metafunc)


@pytest.fixture(autouse=True)
def _temporary_media_root(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A folder of its own for each test, created only when a file is stored (making a
    # tmp_path for every test, and removing them later, cost seconds).
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media" / uuid.uuid4().hex)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOG_FILE = tmp_path_factory.getbasetemp() / "log" / "parindex.log"


def _fresh_province(par: Any) -> Any:
    from parindex.testing import reload_province

    return reload_province(par)


@shared_layer(fresh=_fresh_province)
def par() -> Any:
    """The small province of ``parindex.testing`` with its open round and personas."""
    from parindex.testing import build_province

    return build_province()


def _persona(name: str) -> Any:
    @pytest.fixture(name=name)
    def fixture(par: Any) -> Any:
        return par.users[name]

    return fixture


province_admin = _persona("province_admin")
unit_staff = _persona("unit_staff")
unit_head = _persona("unit_head")
appraiser = _persona("appraiser")
council_member = _persona("council_member")
leader = _persona("leader")
outsider = _persona("outsider")


@pytest.fixture
def client_for(par: Any) -> Callable[[str], Client]:
    """A test client logged in as a persona (``"anonymous"`` for nobody)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(par.users[persona])
        return client

    return make
