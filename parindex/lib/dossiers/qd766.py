"""Score functions of the Decision 766/QĐ-TTg indicators, as the national portal computes them.

Framework-free (no Django). Every indicator and every term of a portal tab is one row of a single
table, :data:`PORTAL_6TABS_RULES`; the tabs themselves are the rows of :data:`PORTAL_6TABS_GROUPS`.
Together they form the profile ``qd766-portal-6tabs`` (:data:`PROFILES`). A new profile (another
group layout, other points or thresholds) is a new pair of tables, not new code.

One generic score function covers every scored row (docs/qd766.md)::

    r     = numerator ÷ denominator                       (a fraction, unrounded)
    score = Pmax × r ÷ T                                  (T = threshold, 1 for "linear")
    score = min(Pmax, score)                              when the row is capped
    empty denominator → Pmax | 0 | null                   (the row's empty policy)

Rows of kind ``fixed`` score Pmax whatever the data (``ELECTRONIC_CERTIFIED_COPY``); rows of kind
``unscored`` have Pmax 0 and a null score (``PETITION_CLASSIFICATION_*``). A tree tab's score is the
sum of its terms; a metrics tab's ``totalScore`` is the sum of its metric scores, a null score
contributing nothing.

Arithmetic is :class:`~decimal.Decimal` throughout; values are kept unrounded and rounded half up to
2 decimals only for display and for comparison with the portal (:func:`round_half_up`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from parindex.lib.i18n import _

Number = Decimal | int | float | str

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def to_decimal(value: Number) -> Decimal:
    """Exact Decimal of ``value``; floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def round_half_up(value: Number, places: int = 2) -> Decimal:
    """Round half up (19.125 → 19.13), unlike Python's ``round`` (half to even)."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class RuleKind(StrEnum):
    """How a row turns its data into points."""

    RATIO = "ratio"  # Pmax × r ÷ T (T = 1 when linear), capped or flagged
    FIXED = "fixed"  # Pmax whatever the data (full points without data)
    UNSCORED = "unscored"  # tracked only: Pmax 0, score null


class EmptyPolicy(StrEnum):
    """Score of a ratio row whose denominator is 0 or null."""

    FULL = "full"  # Pmax (petitions: no petition is no failure)
    ZERO = "zero"  # 0
    NULL = "null"  # null: the row contributes nothing to the total


class Cap(StrEnum):
    """What happens above Pmax."""

    MIN = "min"  # min(Pmax, …)
    FLAG = "flag"  # kept as computed, and flagged (the online-payment C term)


class Shape(StrEnum):
    """The portal's two response shapes (docs/qd766.md)."""

    TREE = "tree"  # data.parent + data.children[], raw parameters per unit
    METRICS = "metrics"  # data.overview + data.evaluation[], metrics[] per unit


class Flag(StrEnum):
    """Data-quality remarks attached to a score; they never change it."""

    ABOVE_MAX = "above_max"  # an uncapped term exceeds its Pmax
    RATIO_ABOVE_ONE = "ratio_above_one"  # numerator > denominator
    NEGATIVE = "negative"  # a negative count


@dataclass(frozen=True)
class Rule:
    """One indicator (metrics tabs) or one term of a tab formula (tree tabs).

    ``numerator`` lists the raw parameters summed into the numerator and ``denominator`` names the
    denominator parameter, both as the portal names them; for metrics rows they are the metric's
    own ``numerator``/``denominator`` fields.
    """

    group: str
    code: str
    indicator: str
    pmax: Decimal
    kind: RuleKind = RuleKind.RATIO
    threshold: Decimal = ONE
    cap: Cap = Cap.MIN
    empty: EmptyPolicy = EmptyPolicy.ZERO
    term: str = ""  # the letter of the tab formula in §7.4 (A, B, C), if any
    numerator: tuple[str, ...] = ("numerator",)
    denominator: str = "denominator"

    @property
    def parameters(self) -> tuple[str, ...]:
        return (*self.numerator, self.denominator) if self.kind is RuleKind.RATIO else ()


@dataclass(frozen=True)
class GroupDefinition:
    """One portal tab: its id, maximum, shape and where the official score sits."""

    group: str
    label: str
    official_group: int  # the Decision's group number (1–5)
    pmax: Decimal
    shape: Shape
    score_fields: tuple[str, ...]  # the official score, first field present wins
    max_fields: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """A versioned layout: groups plus their rules."""

    id: str
    label: str
    groups: tuple[GroupDefinition, ...]
    rules: tuple[Rule, ...]

    def group(self, group: str) -> GroupDefinition:
        for definition in self.groups:
            if definition.group == group:
                return definition
        raise KeyError(group)

    def rules_of(self, group: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.group == group)

    def rule(self, group: str, code: str) -> Rule:
        for rule in self.rules:
            if rule.group == group and rule.code == code:
                return rule
        raise KeyError(f"{group}/{code}")

    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.group for g in self.groups)


D = Decimal
_R, _F, _U = RuleKind.RATIO, RuleKind.FIXED, RuleKind.UNSCORED
_FULL, _ZERO, _NULL = EmptyPolicy.FULL, EmptyPolicy.ZERO, EmptyPolicy.NULL
_MIN, _FLAG = Cap.MIN, Cap.FLAG
TR, PG, ON = "transparency", "dvc-progress-tree", "provide-online-tree"
PAY, DIG, SAT = "formality-online-payment-tree", "dossier-digitized", "handling-satisfaction"

#: The portal's six tabs (§7.2): id, label, official group (1–5), Pmax, shape, fields of the
#: official score and maximum (first present wins: tree parents carry ``totalScore``, progress
#: children ``score``).
_M_SCORE, _M_MAX = ("totalScore",), ("totalMaxScore",)
_T_SCORE, _T_MAX = ("totalScore", "score"), ("totalMaxScore", "maxScore")
PORTAL_6TABS_GROUPS: tuple[GroupDefinition, ...] = (
    GroupDefinition(TR,  "Công khai, minh bạch",    1, D(18), Shape.METRICS, _M_SCORE, _M_MAX),
    GroupDefinition(PG,  "Tiến độ giải quyết",      2, D(20), Shape.TREE,    _T_SCORE, _T_MAX),
    GroupDefinition(ON,  "Dịch vụ công trực tuyến", 3, D(12), Shape.TREE,    _T_SCORE, _T_MAX),
    GroupDefinition(PAY, "Thanh toán trực tuyến",   3, D(10), Shape.TREE,    _T_SCORE, _T_MAX),
    GroupDefinition(DIG, "Số hóa hồ sơ",            4, D(22), Shape.METRICS, _M_SCORE, _M_MAX),
    GroupDefinition(SAT, "Mức độ hài lòng",         5, D(18), Shape.METRICS, _M_SCORE, _M_MAX),
)  # fmt: skip

#: THE table of points, thresholds and empty-denominator policies (§7.4–7.5, §8.2–8.3).
#: Columns: group, code, indicator, Pmax, kind, threshold T (a fraction; 1 = linear), cap, empty
#: policy, formula letter, numerator parameters (summed), denominator parameter. Tree-tab term
#: codes are ParIndex's names (the portal returns only the tab score); metric codes the portal's.
# fmt: off
PORTAL_6TABS_RULES: tuple[Rule, ...] = (
    # 1 Công khai, minh bạch: Pmax × r; 0/0 → null (seen in the sample).
    Rule(TR, "PUBLISH_ON_TIME",       "1.1", D(6), _R, ONE, _MIN, _NULL),
    Rule(TR, "PUBLIC_UPDATE_ON_TIME", "1.2", D(4), _R, ONE, _MIN, _NULL),
    Rule(TR, "PUBLIC_CONTENT_FULL",   "1.3", D(2), _R, ONE, _MIN, _NULL),
    Rule(TR, "DOSSIER_SYNC",          "1.4", D(6), _R, ONE, _MIN, _NULL),
    # 2 Tiến độ: 20 × totalOnTime ÷ totalReceived; 0/0 → 0 (seen in the sample).
    Rule(PG, "ON_TIME",                 "2.1", D(20), _R, ONE,    _MIN, _ZERO, "",
         ("totalOnTime",), "totalReceived"),
    # 3a Dịch vụ công trực tuyến: min(2, 2A/0.80) + 4B + min(6, 6C/0.50).
    Rule(ON, "ONLINE_SERVICE_PROVIDED", "3.1", D(2), _R, D("0.80"), _MIN, _ZERO, "A",
         ("partialCount", "fullCount"), "authorityCount"),
    Rule(ON, "ONLINE_SERVICE_USED",     "3.2", D(4), _R, ONE,       _MIN, _ZERO, "B",
         ("onlineDossierCount",), "onlineServiceTotal"),
    Rule(ON, "ONLINE_SUBMISSION",       "3.3", D(6), _R, D("0.50"), _MIN, _ZERO, "C",
         ("channelOnlineSum",), "channelTotalSum"),
    # 3b Thanh toán trực tuyến: 6A + min(2, 2.5B) + 2.5C; 2.5 = 2 ÷ 0.80. C is NOT capped: flagged.
    Rule(PAY, "ONLINE_PAYMENT_DOSSIERS",    "3.6",  D(6), _R, ONE,       _MIN,  _ZERO, "A",
         ("totalDossierOnlinePaymentSuccess",), "totalDossierFinancialObligation"),
    Rule(PAY, "ONLINE_PAYMENT_FORMALITIES", "3.5b", D(2), _R, D("0.80"), _MIN,  _ZERO, "B",
         ("totalDossierOnlineFormalityPaymentSuccess",), "totalFeeFormality"),
    Rule(PAY, "FEE_FORMALITIES_INTEGRATED", "3.5",  D(2), _R, D("0.80"), _FLAG, _ZERO, "C",
         ("totalFeeDossierFormality",), "totalFeeFormality"),
    # 4 Số hóa: min(Pmax, Pmax × R % ÷ 100); REUSED_DIGITIZED_DATA threshold 80 %; 0/0 → null.
    Rule(DIG, "ORIGINAL_RESULT_AVAILABLE",          "4.1",  D(6), _R, ONE,       _MIN, _NULL),
    Rule(DIG, "SO_HOA_GIAY_TO_GIAI_QUYET",          "4.2",  D(4), _R, ONE,       _MIN, _NULL),
    Rule(DIG, "ELECTRONIC_CERTIFIED_COPY",          "4.x",  D(2), _F, ONE,       _MIN, _FULL),
    Rule(DIG, "REUSED_DIGITIZED_DATA",              "4.3",  D(2), _R, D("0.80"), _MIN, _NULL),
    Rule(DIG, "SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "4.4",  D(4), _R, ONE,       _MIN, _NULL),
    Rule(DIG, "CITIZEN_DATA_CONNECTED_FORMALITY",   "4.5a", D(2), _R, ONE,       _MIN, _NULL),
    Rule(DIG, "CITIZEN_DATA_CONNECTED_DOSSIER",     "4.5b", D(2), _R, ONE,       _MIN, _NULL),
    # 5 Hài lòng: petitions 6 × r, 6 without petitions; 5.4 threshold 90 %, 0/0 → 0.
    Rule(SAT, "PETITION_CLASSIFICATION_TTHC",   "5.1", D(0), _U, ONE,       _MIN, _NULL),
    Rule(SAT, "PETITION_CLASSIFICATION_STAFF",  "5.1", D(0), _U, ONE,       _MIN, _NULL),
    Rule(SAT, "PETITION_PROCESSING_ON_TIME",    "5.2", D(6), _R, ONE,       _MIN, _FULL),
    Rule(SAT, "PETITION_HANDLING_SATISFACTION", "5.3", D(6), _R, ONE,       _MIN, _FULL),
    Rule(SAT, "DOSSIER_RECEIVING_SATISFACTION", "5.4", D(6), _R, D("0.90"), _MIN, _ZERO),
)
# fmt: on

DEFAULT_PROFILE = "qd766-portal-6tabs"

PROFILES: dict[str, Profile] = {
    DEFAULT_PROFILE: Profile(
        DEFAULT_PROFILE,
        "Decision 766, the national portal's six tabs (reverse-engineered, Phú Thọ 2026-09)",
        PORTAL_6TABS_GROUPS,
        PORTAL_6TABS_RULES,
    ),
}


def get_profile(profile: str | Profile = DEFAULT_PROFILE) -> Profile:
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(
            _("Unknown Decision 766 profile “{profile}”.").format(profile=profile)
        ) from None


# --- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermScore:
    """The unrounded result of one rule: ``ratio`` is a fraction, ``score`` points (or null)."""

    rule: Rule
    numerator: Decimal | None
    denominator: Decimal | None
    ratio: Decimal | None
    score: Decimal | None
    flags: tuple[Flag, ...] = ()


def fraction(numerator: Number | None, denominator: Number | None) -> Decimal | None:
    """numerator ÷ denominator, or None when either is null or the denominator is 0."""
    if numerator is None or denominator is None:
        return None
    den = to_decimal(denominator)
    if den == 0:
        return None
    return to_decimal(numerator) / den


def score_ratio(rule: Rule, r: Decimal | None) -> tuple[Decimal | None, tuple[Flag, ...]]:
    """Points of ``rule`` for the fraction ``r`` (None = empty denominator)."""
    if rule.kind is RuleKind.UNSCORED:
        return None, ()
    if rule.kind is RuleKind.FIXED:
        return rule.pmax, ()
    if r is None:
        if rule.empty is EmptyPolicy.FULL:
            return rule.pmax, ()
        if rule.empty is EmptyPolicy.ZERO:
            return ZERO, ()
        return None, ()
    flags: list[Flag] = []
    if r > ONE:
        flags.append(Flag.RATIO_ABOVE_ONE)
    if r < ZERO:
        flags.append(Flag.NEGATIVE)
    score = rule.pmax * r / rule.threshold
    if score > rule.pmax:
        if rule.cap is Cap.MIN:
            score = rule.pmax
        else:
            flags.append(Flag.ABOVE_MAX)
    return score, tuple(flags)


def score_term(rule: Rule, numerator: Number | None, denominator: Number | None) -> TermScore:
    """Apply ``rule`` to a numerator and a denominator (counts, not percentages)."""
    num = None if numerator is None else to_decimal(numerator)
    den = None if denominator is None else to_decimal(denominator)
    r = fraction(num, den)
    score, flags = score_ratio(rule, r)
    return TermScore(rule, num, den, r, score, flags)


def score_metric(
    group: str,
    code: str,
    numerator: Number | None,
    denominator: Number | None,
    *,
    profile: str | Profile = DEFAULT_PROFILE,
) -> TermScore:
    """Score of one metric of a metrics tab (e.g. ``DOSSIER_RECEIVING_SATISFACTION``)."""
    return score_term(get_profile(profile).rule(group, code), numerator, denominator)


@dataclass(frozen=True)
class TabScore:
    """A tab's unrounded score and the terms it adds up."""

    group: str
    score: Decimal | None
    terms: tuple[TermScore, ...] = field(default_factory=tuple)

    @property
    def flags(self) -> tuple[tuple[str, Flag], ...]:
        return tuple((t.rule.code, f) for t in self.terms for f in t.flags)


def total_score(scores: Iterable[Decimal | None]) -> Decimal:
    """Sum of the scores; a null score contributes nothing."""
    return sum((s for s in scores if s is not None), ZERO)


class MissingParameters(ValueError):
    """A tree tab cannot be recomputed: these raw parameters are null or absent."""

    def __init__(self, group: str, names: Sequence[str]):
        self.group = group
        self.names = tuple(names)
        super().__init__(f"{group}: missing {', '.join(self.names)}")


def required_parameters(group: str, *, profile: str | Profile = DEFAULT_PROFILE) -> tuple[str, ...]:
    names: list[str] = []
    for rule in get_profile(profile).rules_of(group):
        names.extend(n for n in rule.parameters if n not in names)
    return tuple(names)


def score_tree(
    group: str,
    params: Mapping[str, Number | None],
    *,
    profile: str | Profile = DEFAULT_PROFILE,
) -> TabScore:
    """Score of a tree tab from the portal's raw parameters; raises :class:`MissingParameters`."""
    prof = get_profile(profile)
    missing = [n for n in required_parameters(group, profile=prof) if params.get(n) is None]
    if missing:
        raise MissingParameters(group, missing)
    terms = []
    for rule in prof.rules_of(group):
        numerator = sum((to_decimal(params[n]) for n in rule.numerator), ZERO)  # type: ignore[arg-type]
        terms.append(score_term(rule, numerator, params[rule.denominator]))
    return TabScore(group, total_score(t.score for t in terms), tuple(terms))


def score_metrics_tab(
    group: str,
    metrics: Iterable[tuple[str, Number | None, Number | None]],
    *,
    profile: str | Profile = DEFAULT_PROFILE,
) -> TabScore:
    """Score of a metrics tab from (code, numerator, denominator) triples."""
    prof = get_profile(profile)
    terms = tuple(score_term(prof.rule(group, c), n, d) for c, n, d in metrics)
    return TabScore(group, total_score(t.score for t in terms), terms)


# Named shortcuts for the three tree tabs (the worked examples of §8.3).


def progress_score(total_on_time: Number, total_received: Number) -> Decimal:
    """20 × totalOnTime ÷ totalReceived; 0 when nothing was received."""
    tab = score_tree(
        "dvc-progress-tree", {"totalOnTime": total_on_time, "totalReceived": total_received}
    )
    assert tab.score is not None
    return tab.score


def online_services_score(
    *,
    authority_count: Number,
    partial_count: Number,
    full_count: Number,
    online_dossier_count: Number,
    online_service_total: Number,
    channel_online_sum: Number,
    channel_total_sum: Number,
) -> TabScore:
    """min(2, 2A ÷ 0.80) + 4B + min(6, 6C ÷ 0.50)."""
    return score_tree(
        "provide-online-tree",
        {
            "authorityCount": authority_count,
            "partialCount": partial_count,
            "fullCount": full_count,
            "onlineDossierCount": online_dossier_count,
            "onlineServiceTotal": online_service_total,
            "channelOnlineSum": channel_online_sum,
            "channelTotalSum": channel_total_sum,
        },
    )


def online_payment_score(
    *,
    payment_success: Number,
    financial_obligation: Number,
    formality_payment_success: Number,
    fee_dossier_formality: Number,
    fee_formality: Number,
) -> TabScore:
    """6A + min(2, 2.5B) + 2.5C; a C term above 2 is kept and flagged ``above_max``."""
    return score_tree(
        "formality-online-payment-tree",
        {
            "totalDossierOnlinePaymentSuccess": payment_success,
            "totalDossierFinancialObligation": financial_obligation,
            "totalDossierOnlineFormalityPaymentSuccess": formality_payment_success,
            "totalFeeDossierFormality": fee_dossier_formality,
            "totalFeeFormality": fee_formality,
        },
    )


# --- ranking -------------------------------------------------------------------------------------


def competition_ranks(scores: Mapping[str, Number | None]) -> dict[str, int | None]:
    """Competition ranking (1, 2, 2, 4) on scores rounded half up to 2 decimals; null → None."""
    rounded = {k: round_half_up(v) for k, v in scores.items() if v is not None}
    ordered = sorted(rounded.values(), reverse=True)
    first: dict[Decimal, int] = {}
    for index, value in enumerate(ordered, start=1):
        first.setdefault(value, index)
    return {k: (None if v is None else first[rounded[k]]) for k, v in scores.items()}
