"""The one table of what each role may do.

A *permission* names something a person may do or see; ``PERMISSIONS`` lists, for each, the
roles that carry it and why. Two kinds of question are asked of the table:

- *on a unit* (:func:`parindex.access.scope.may`): does the user hold one of the permission's
  roles on that unit or on a unit above it? The cycle's permissions (``view`` … ``oversee``) are
  asked this way, on an assessment's unit or on a round's province. A superuser holds no unit
  role and so none of these: superusers administer the site through the admin, they do not
  take part in the cycle.
- *anywhere* (:func:`parindex.access.scope.holds`): does the user hold one of the roles on any
  unit? The province-wide pages ask this way. Where ``superuser`` is set, a superuser holds the
  permission too (the pages that exist for the whole province are open to the site's
  administrators).

Where two permissions carry different roles, the reason is written next to them: the
differences are deliberate, not drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from parindex.access.models import Role


@dataclass(frozen=True)
class Permission:
    """Roles that carry one permission, and whether a superuser holds it without a role."""

    roles: frozenset[str]
    why: str
    superuser: bool = False


#: Roles held on the province that read the whole cycle: every unit's assessment, the council,
#: the analysis and the deadline and appraiser pages. Appraisers are among them because they
#: appraise every unit of the province.
PROVINCE_READERS = frozenset(
    {Role.PROVINCE_ADMIN, Role.APPRAISER, Role.COUNCIL_MEMBER, Role.LEADER}
)

PERMISSIONS: dict[str, Permission] = {
    # -- the assessment cycle, asked on a unit (an assessment's unit, a round's province) -------
    "view": Permission(
        frozenset(Role.values),
        "Every role reads the units it is held on, and the units below them.",
    ),
    "fill": Permission(
        frozenset({Role.UNIT_STAFF, Role.UNIT_HEAD}),
        "A unit's staff prepare its self-assessment; the head may fill it in too.",
    ),
    "submit": Permission(
        frozenset({Role.UNIT_HEAD}),
        "Submitting locks the self-assessment: the head answers for it, not the staff.",
    ),
    "explain": Permission(
        frozenset({Role.UNIT_HEAD}),
        "An explanation answers the appraiser in the unit's name, like the submission.",
    ),
    "appraise": Permission(
        frozenset({Role.APPRAISER}),
        "Only appraisers decide on criteria (and only in the areas of their assignments).",
    ),
    "council": Permission(
        frozenset({Role.COUNCIL_MEMBER}),
        "The appraisal council finalises the round's results.",
    ),
    "admin": Permission(
        frozenset({Role.PROVINCE_ADMIN}),
        "The PAR office runs the round: opening, deadlines, appraisers, imports, publication.",
    ),
    "oversee": Permission(
        PROVINCE_READERS,
        "Province-wide reading of the cycle. Leaders read it to steer; unit roles see only "
        "their own unit.",
    ),
    # -- province-wide pages, asked anywhere ---------------------------------------------------
    "every_unit_dossiers": Permission(
        PROVINCE_READERS,
        "The dossier figures of every unit and of the province as a whole: the same readers as "
        "the cycle (appraisers judge the procedure criteria from these figures). Anyone else "
        "sees the units their roles cover.",
        superuser=True,
    ),
    "province_pages": Permission(
        frozenset({Role.PROVINCE_ADMIN, Role.LEADER, Role.COUNCIL_MEMBER}),
        "The standing, targets and simulator pages are the province's steering tools, for "
        "those who set and answer for the targets. Appraisers are left out: they judge units "
        "against the framework, not the province against its targets.",
        superuser=True,
    ),
    "par_office": Permission(
        frozenset({Role.PROVINCE_ADMIN}),
        "The PAR office's own work: dossier imports and the reconciliation with the portal.",
        superuser=True,
    ),
}


def permission(code: str) -> Permission:
    """The permission named ``code``; an unknown name is a programming error."""
    try:
        return PERMISSIONS[code]
    except KeyError:
        raise ValueError(f"unknown permission {code!r}") from None


def roles_for(code: str) -> frozenset[str]:
    """The roles that carry the permission ``code``."""
    return permission(code).roles
