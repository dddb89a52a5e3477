"""The dossier clock's rules as data: time-limit units, supplement semantics, statuses, regimes.

Framework-free (no Django). The rule sets versioned by date (domain note dossiers-766 §2, §5):
:data:`RULESETS` has one row per regime and a dossier follows the row in force on its receipt
date (:func:`rules_for`). The vectorised arithmetic over these rules is
:mod:`parindex.lib.dossiers.clock`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from parindex.lib.i18n import _

# -- time-limit units (§6.1, DonViTinh) --------------------------------------------------------

WORKING_DAYS = "ngay_lam_viec"
HOURS = "gio"
CALENDAR_DAYS = "ngay"
MONTHS = "thang"
TIME_LIMIT_UNITS = (WORKING_DAYS, HOURS, CALENDAR_DAYS, MONTHS)

#: How exports write the unit (lower-cased, trimmed) → the canonical code.
TIME_LIMIT_UNIT_ALIASES: dict[str, str] = {
    "ngay_lam_viec": WORKING_DAYS,
    "ngày làm việc": WORKING_DAYS,
    "ngay lam viec": WORKING_DAYS,
    "working_days": WORKING_DAYS,
    "gio": HOURS,
    "giờ": HOURS,
    "hours": HOURS,
    "ngay": CALENDAR_DAYS,
    "ngày": CALENDAR_DAYS,
    "days": CALENDAR_DAYS,
    "thang": MONTHS,
    "tháng": MONTHS,
    "months": MONTHS,
}

# -- supplement semantics (§5.3) ------------------------------------------------------------------

RESTART = "restart"  # the time limit counts again from the completed supplement
PAUSE = "pause"  # the appointment moves by the supplement's office time

SUBTRACT_ALWAYS = "always"
SUBTRACT_WITHOUT_DUE = "without_due_only"
SUBTRACTION_PROFILES = (SUBTRACT_ALWAYS, SUBTRACT_WITHOUT_DUE)

# Dossier statuses (§3.1) the clock needs.
STATUS_SUBMITTED = 1
STATUS_NOT_ACCEPTED = 3
STATUS_SUPPLEMENT_REQUESTED = 5
NOT_COUNTED_STATUSES = (STATUS_SUBMITTED, STATUS_NOT_ACCEPTED)

# Finish classes (Form 06 columns, §5.7 "Form 06 practice", date granularity).
EARLY = 1
ON_TIME = 2
LATE = 3
NO_DEADLINE = 0


class ClockError(ValueError):
    """The clock cannot answer (a moment outside the table, an unknown unit …)."""


@dataclass(frozen=True)
class ClockRules:
    """One regime of clock rules, in force for dossiers received from ``valid_from``.

    ``supplement_semantics`` says how a supplement request moves an appointment date that the
    export lacks (§5.3): ``restart`` counts the whole time limit again from the completed
    supplement (Decree 61/2018, recalled), ``pause`` extends it by the office time the dossier
    waited (provincial practice). ``max_supplements_on_time`` is the number of supplement
    requests a dossier may have and still be on time (766: one). ``status`` is the status mark of
    the row in the domain note (verified / secondary / unverified).
    """

    id: int
    code: str
    label: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    supplement_semantics: str
    max_supplements_on_time: int
    apology_form: str
    apology_min_working_days_before_due: int
    sources: str
    status: str

    def applies_to(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


REGIME_CHANGE = dt.date(2025, 7, 1)

#: The rule sets, by receipt date (half-open validity). Data, not code: a new regime is a row.
RULESETS: tuple[ClockRules, ...] = (
    ClockRules(
        id=1,
        code="nd61-2018",
        label="Nghị định 61/2018/NĐ-CP, 107/2021/NĐ-CP; Thông tư 01/2018/TT-VPCP",
        valid_from=None,
        valid_to=REGIME_CHANGE,
        supplement_semantics=RESTART,
        max_supplements_on_time=1,
        apology_form="Mẫu 04 – Phiếu xin lỗi và hẹn lại ngày trả kết quả (TT 01/2018)",
        apology_min_working_days_before_due=1,
        sources="dossiers-766 §2.1, §5.3 (Decree rule, recalled), §5.5",
        status="unverified",
    ),
    ClockRules(
        id=2,
        code="nd118-2025",
        label="Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP",
        valid_from=REGIME_CHANGE,
        valid_to=None,
        supplement_semantics=PAUSE,
        max_supplements_on_time=1,
        apology_form=(
            "Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025)"
        ),
        apology_min_working_days_before_due=1,
        sources="dossiers-766 §2.1, §4.2, §5.3 (provincial practice, default mode)",
        status="secondary",
    ),
)


def rules_for(day: dt.date, rulesets: tuple[ClockRules, ...] = RULESETS) -> ClockRules:
    """The rule set in force for a dossier received on ``day``."""
    for rules in rulesets:
        if rules.applies_to(day):
            return rules
    raise ClockError(_("No clock rules apply on {day}.").format(day=day.isoformat()))


def rules_by_id(rules_id: int, rulesets: tuple[ClockRules, ...] = RULESETS) -> ClockRules:
    for rules in rulesets:
        if rules.id == rules_id:
            return rules
    raise ClockError(_("Unknown clock rules {id}.").format(id=rules_id))


def normalise_time_limit_unit(text: str | None) -> str | None:
    """The canonical unit of a ``DonViTinh`` text (``Ngày làm việc`` → ``ngay_lam_viec``)."""
    if text is None:
        return None
    key = " ".join(str(text).strip().lower().split())
    if not key:
        return None
    return TIME_LIMIT_UNIT_ALIASES.get(key) or TIME_LIMIT_UNIT_ALIASES.get(key.replace(" ", "_"))


def seconds_of(value: dt.time | None) -> int | None:
    """A cut-off time as seconds after midnight."""
    if value is None:
        return None
    return value.hour * 3600 + value.minute * 60 + value.second
