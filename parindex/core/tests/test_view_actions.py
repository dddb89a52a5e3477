"""run_action: the shared tail of action views (refusal reported per problem, success
confirmed, then a redirect)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from parindex.core.view_actions import run_action
from parindex.lib.errors import InputRejected, Problem


@pytest.fixture
def request_() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _messages(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_it_confirms_and_redirects_after_success(request_: HttpRequest) -> None:
    """The success message (built from the result when callable) and a redirect."""
    response = run_action(
        request_,
        lambda: 3,
        success=lambda count: f"{count} points imported.",
        redirect_to=lambda count: f"/done/{count}/",
    )
    assert response is not None and response.status_code == 302
    assert response["Location"] == "/done/3/"
    assert _messages(request_) == [("success", "3 points imported.")]


def test_it_reports_each_problem_and_lets_the_view_render_again(request_: HttpRequest) -> None:
    """A refusal shows one error per problem, with its location, and returns None."""

    def refuse() -> None:
        raise InputRejected([Problem("too late", field="until"), Problem("no reason")])

    response = run_action(request_, refuse, success="Saved.", redirect_to="/done/")
    assert response is None
    assert [text for _, text in _messages(request_)] == [
        str(Problem("too late", field="until")),
        "no reason",
    ]
    assert {level for level, _ in _messages(request_)} == {"error"}


def test_it_redirects_after_a_refusal_when_asked(request_: HttpRequest) -> None:
    """Views without a form of their own go back to a page after a refusal."""

    def refuse() -> None:
        raise InputRejected([Problem("not yet")])

    response = run_action(
        request_, refuse, success="Published.", redirect_to="/results/", refused_redirect_to="/c/"
    )
    assert response is not None and response["Location"] == "/c/"
    assert _messages(request_) == [("error", "not yet")]


def test_a_view_may_report_a_refusal_and_a_result_its_own_way(request_: HttpRequest) -> None:
    """``refused`` replaces the error per problem; ``report`` replaces the success message."""
    seen: list[InputRejected] = []

    def refuse() -> None:
        raise InputRejected([Problem("bad row", row=3), Problem("bad column")])

    assert run_action(request_, refuse, redirect_to="/done/", refused=seen.append) is None
    assert [len(exc.problems) for exc in seen] == [2]
    assert _messages(request_) == []

    results: list[int] = []
    response = run_action(request_, lambda: 7, redirect_to="/done/", report=results.append)
    assert response is not None and response["Location"] == "/done/"
    assert results == [7]
    assert _messages(request_) == []
