"""Writing audit events. Only action functions call this, inside their own transaction."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db import models, transaction

from parindex.core.models import AuditAction, AuditEvent
from parindex.core.types import Actor

CLI_ACTOR = "cli"


def actor_label(actor: Actor) -> str:
    if actor is None:
        return CLI_ACTOR
    if isinstance(actor, str):
        return actor
    return str(actor.get_username())


def record_audit(
    *,
    actor: Actor,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    unit_code: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one audit event. Must run inside the caller's atomic block."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audit must be called inside the action's transaction")
    if action not in AuditAction.values:
        # One vocabulary: a new action adds its name to AuditAction (and its translation).
        raise ValueError(f"{action!r} is not an AuditAction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    # The system (None or a text label) has no user row; anyone else is a user account.
    user = None if (actor is None or isinstance(actor, str)) else cast(User, actor)
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        unit_code=unit_code,
        before=before,
        after=after,
    )
