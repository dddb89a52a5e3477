"""Types shared by every app, in place of ``Any`` for the people and requests code acts for.

``Actor`` is who performs an action: a signed-in user, or the system (``None`` for the command
line, a short text label such as ``"demo"`` or ``"import"``). ``Viewer`` is whoever reads a page
or an API endpoint, signed in or not. ``AuthenticatedRequest`` is a request that
``login_required`` (or the API's session auth) has already let through, so ``request.user`` is
a real user. ``signed_in_user`` is that user where a framework hands over a plain
``HttpRequest`` after its own sign-in check (the admin's ``ModelAdmin`` hooks).

The user side of ``Actor`` and ``Viewer`` is ``User`` alone, not ``AbstractBaseUser``: the
django-stubs plugin already types ``request.user`` as ``User | AnonymousUser`` and
``get_user_model()`` as ``User``, and every user foreign key (``saved_by``, ``submitted_by``,
``granted_by``…) takes a ``User``: an actor that ``is_system`` (in ``parindex.access.scope``)
has ruled out as the system is a ``User`` and is stored without a cast.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

#: A user account (ParIndex uses Django's default user model).
UserAccount: TypeAlias = User

#: Who performs an action: a user, or the system (``None``: the command line; a text label).
Actor: TypeAlias = User | str | None

#: Whoever reads: a user, or an anonymous visitor (every scoped read returns nothing for them).
Viewer: TypeAlias = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request whose user is signed in (behind ``login_required``)."""

    user: User


def signed_in_user(request: HttpRequest) -> UserAccount:
    """The user of a request already checked to be signed in, as the actor of what it does.

    For the hooks a framework types with a plain ``HttpRequest`` (the admin lets only signed-in
    staff reach ``save_model``); an anonymous request is refused rather than acted for.
    """
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user
