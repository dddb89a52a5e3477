"""The tail every action view repeats: run the action, report a refusal, confirm, redirect.

::

    response = run_action(
        request,
        lambda: actions.set_deadlines(round_, actor=request.user, **form.cleaned_data),
        success=_("Deadlines saved."),
        redirect_to=reverse("assessments:deadlines", kwargs={"pk": round_.pk}),
    )
    if response is not None:
        return response
    return render(request, "assessments/deadlines.html", {...})  # refused: the form again

On :class:`~parindex.lib.errors.InputRejected` every problem becomes one error message (with
its row, line or field) and the view gets ``None`` back to render its form again, or a redirect
to ``refused_redirect_to`` when it has no form of its own. On success the message is shown (a
callable builds it from the action's result) and the view redirects.

Two pages say more than one line: ``refused`` replaces the error messages (the import page lists
the problems in a table under one message), and ``report`` replaces the success message (the
refresh of fed criteria says what changed at the level it deserves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, overload

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from parindex.lib.errors import InputRejected

T = TypeVar("T")


def report_refusal(request: HttpRequest, exc: InputRejected) -> None:
    """Show every problem of a refused action as an error message."""
    for problem in exc.problems:
        messages.error(request, str(problem))


@overload
def run_action(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str] | None = None,
    redirect_to: str | Callable[[T], str],
    refused_redirect_to: str,
    refused: Callable[[InputRejected], None] | None = None,
    report: Callable[[T], None] | None = None,
) -> HttpResponse: ...


@overload
def run_action(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str] | None = None,
    redirect_to: str | Callable[[T], str],
    refused_redirect_to: None = None,
    refused: Callable[[InputRejected], None] | None = None,
    report: Callable[[T], None] | None = None,
) -> HttpResponse | None: ...


def run_action(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str] | None = None,
    redirect_to: str | Callable[[T], str],
    refused_redirect_to: str | None = None,
    refused: Callable[[InputRejected], None] | None = None,
    report: Callable[[T], None] | None = None,
) -> HttpResponse | None:
    """Run ``action``; a redirect after success (or after a refusal when asked), else ``None``.

    ``redirect_to`` is a URL or URL name (or builds one from the result); ``None`` back means
    the action was refused and the view renders its page again with the messages. ``refused``
    reports a refusal in place of one error message per problem; ``report`` reports the result
    in place of the ``success`` message.
    """
    try:
        result = action()
    except InputRejected as exc:
        if refused is not None:
            refused(exc)
        else:
            report_refusal(request, exc)
        return redirect(refused_redirect_to) if refused_redirect_to is not None else None
    if report is not None:
        report(result)
    elif success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
