"""The scoring methods, the input sources and the not-applicable policies (par-index.md §5.2).

``binary``            met → ``max_points``; not met → 0
``rate_proportional`` ``full_at`` T (default 1), ``zero_below`` F (optional), ``mode``:
                      ``scaled`` min(max, max × r ÷ T) (0 below F when F is given);
                      ``plain`` r ≥ T → max; F ≤ r < T → max × r; r < F → 0
``rate_steps``        ``steps``: [lower, upper) → points, contiguous, points not decreasing
``count_steps``       ``steps``: count ≥ at_least → points; ``cap`` optional
``survey``            points entered or imported; or an index value converted by ``conversion``
``external_index``    as ``survey``, for SIPAS, a Decision 766 score, …
``bonus``/``deduction`` ``points_per_item``, ``item_cap`` (optional), ``total_cap``; a deduction
                      row's points are negative; neither counts in the maximum
``manual``            points entered directly within [0, max]

"""

from __future__ import annotations

BINARY = "binary"
RATE_PROPORTIONAL = "rate_proportional"
RATE_STEPS = "rate_steps"
COUNT_STEPS = "count_steps"
SURVEY = "survey"
EXTERNAL_INDEX = "external_index"
BONUS = "bonus"
DEDUCTION = "deduction"
MANUAL = "manual"
METHODS = (
    BINARY,
    RATE_PROPORTIONAL,
    RATE_STEPS,
    COUNT_STEPS,
    SURVEY,
    EXTERNAL_INDEX,
    BONUS,
    DEDUCTION,
    MANUAL,
)
RATE_METHODS = (RATE_PROPORTIONAL, RATE_STEPS)
ADJUSTMENT_METHODS = (BONUS, DEDUCTION)
INDEX_METHODS = (SURVEY, EXTERNAL_INDEX)

INPUT_SOURCES = ("declared", "dossier_metric", "survey", "external_index", "appraiser")

AWARD_MAX = "award_max"
EXCLUDE_AND_RESCALE = "exclude_and_rescale"
NOT_APPLICABLE_POLICIES = (AWARD_MAX, EXCLUDE_AND_RESCALE)
