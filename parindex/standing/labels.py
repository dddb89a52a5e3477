"""Names people read for the codes the standing data carries (flags, warnings, rate sources).

JSON output keeps the codes (scripts compare them); tables and pages show these names.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: Conflicts found in the national data (``queries.Flag.kind``).
FLAG_LABELS = {
    "rank_mismatch": _("rank differs from the computed rank"),
    "rank_not_monotone": _("ranks out of order with the scores"),
    "duplicate_rank": _("rank claimed twice"),
    "means_disagree": _("sources give different means"),
    "mean_mismatch": _("mean differs from the computed mean"),
    "rank_contradicts_mean": _("rank contradicts the mean"),
    "rank_outside_group": _("rank outside its group's range"),
    "components_do_not_add_up": _("sub-scores do not add up"),
    "quoted_change_mismatch": _("quoted change does not match"),
    "sources_disagree": _("sources disagree"),
}

#: What is slipping (``warning_checks.StandingWarning.kind``).
WARNING_LABELS = {
    "component_drop": _("component index dropped"),
    "unstable_growth": _("unstable growth"),
    "unit_below_previous_year": _("unit below its previous year"),
    "mean_under_target": _("mean under the target"),
}

#: Where a simulated current rate comes from.
RATE_SOURCE_LABELS = {
    "published": _("published"),
    "estimated_from_rank": _("estimated from the rank"),
    "given": _("given"),
    "derived": _("derived from predecessors"),
}


def label(code: str) -> str:
    """The readable name of a flag, warning or rate-source code (the code itself if unknown)."""
    for table in (FLAG_LABELS, WARNING_LABELS, RATE_SOURCE_LABELS):
        if code in table:
            return str(table[code])
    return code
