"""Writing audit events. Only action functions call this, inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from parindex.core.models import AuditEvent

CLI_ACTOR = "cli"


def actor_label(actor: Any) -> str:
    if actor is None:
        return CLI_ACTOR
    if isinstance(actor, str):
        return actor
    return str(actor.get_username())


def record_audit(
    *,
    actor: Any,
    action: str,
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
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    user = actor if (actor is not None and not isinstance(actor, str)) else None
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
