"""State changes of the assessment cycle. One function per change; nothing else saves rows.

Each action is atomic, takes ``actor`` keyword-only (a user; ``None`` or a text label for the
system: the command line, imports, the demo builder), validates the transition — the round's
status, the unit's state, the phase's deadline (or the unit's exception), the actor's role —
and writes exactly one audit event in the same transaction. Refusals raise ``ActionRefused``
(an ``InputRejected`` with every problem, in the user's language) or ``PermissionDenied`` when
the actor's role does not allow the action; nothing is written in either case.

Bulk helpers (``save_entries``, ``accept_remaining``, ``import_external_points``) change many
rows in one logical step and write one summarising audit event listing what changed;
``refresh_feeds`` writes one per assessment it changes.

The actions live in one module per stage of the cycle — ``rounds`` (opening and running a
round), ``self_assessment`` (the unit's declared data, evidence and submission), ``appraisal``
(the appraisers' decisions and the unit's explanations), ``external_points`` (survey and data
points imported from a file), ``feeds`` (data-derived criteria filled from the dossier store),
``results`` (finalisation and publication) — with what they
share in ``_common``; this package re-exports every public name, so callers keep writing
``from parindex.assessments import actions`` and ``actions.save_entry(...)``.
"""

from parindex.assessments.actions._common import (
    ZERO,
    ActionRefused,
    StaleEntry,
    phase_deadline,
    phase_is_open,
    today,
)
from parindex.assessments.actions.appraisal import (
    APPRAISABLE_STATES,
    accept_remaining,
    explain_entry,
    record_appraisal,
    refresh_state,
)
from parindex.assessments.actions.external_points import import_external_points
from parindex.assessments.actions.feeds import FeedRefresh, FeedUnavailable, refresh_feeds
from parindex.assessments.actions.results import finalise_round, publish_results
from parindex.assessments.actions.rounds import (
    assign_appraiser,
    open_round,
    round_area_codes,
    save_adjustment_reason,
    set_deadline_exception,
    set_deadlines,
    unassign_appraiser,
)
from parindex.assessments.actions.self_assessment import (
    attach_evidence,
    remove_evidence,
    save_entries,
    save_entry,
    submission_problems,
    submit_self_assessment,
)

__all__ = [
    "APPRAISABLE_STATES",
    "ZERO",
    "ActionRefused",
    "FeedRefresh",
    "FeedUnavailable",
    "StaleEntry",
    "accept_remaining",
    "assign_appraiser",
    "attach_evidence",
    "explain_entry",
    "finalise_round",
    "import_external_points",
    "open_round",
    "phase_deadline",
    "phase_is_open",
    "publish_results",
    "record_appraisal",
    "refresh_feeds",
    "refresh_state",
    "remove_evidence",
    "round_area_codes",
    "save_adjustment_reason",
    "save_entries",
    "save_entry",
    "set_deadline_exception",
    "set_deadlines",
    "submission_problems",
    "submit_self_assessment",
    "today",
    "unassign_appraiser",
]
