"""Types shared by every app, in place of ``Any`` for the people and requests code acts for.

``Actor`` is who performs an action: a signed-in user, or the system (``None`` for the command
line, a short text label such as ``"demo"`` or ``"import"``). ``Viewer`` is whoever reads a page
or an API endpoint, signed in or not. ``AuthenticatedRequest`` is a request that
``login_required`` (or the API's session auth) has already let through, so ``request.user`` is
a real user.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.http import HttpRequest

#: A user account (ParIndex uses Django's default user model).
UserAccount: TypeAlias = User

#: Who performs an action: a user, or the system (``None``: the command line; a text label).
Actor: TypeAlias = User | AbstractBaseUser | str | None

#: Whoever reads: a user, or an anonymous visitor (every scoped read returns nothing for them).
Viewer: TypeAlias = User | AbstractBaseUser | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request whose user is signed in (behind ``login_required``)."""

    user: User
