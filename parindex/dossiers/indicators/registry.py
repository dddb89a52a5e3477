"""The indicator registry: every dossier measure and indicator, defined once (docs/indicators.md).

Two layers:

* a **measure** counts (or sums a value over) the dossiers of one unit, procedure and period that
  meet a condition. Its condition is an engine-neutral SQL expression over the store row ``d`` and
  the period row ``p`` (``p.start_at``, ``p.end_at`` — the midnight after the last day —,
  ``p.last_at``, the midnight that starts its last day: ``due ≥ p.last_at`` is "the appointment
  date is on or after the last day"). Every row the measures see is *in scope* of the period:
  received before its end and not finished before its start (:data:`SCOPE_SQL`). Measures are
  additive over units and procedures, so a unit's figures are the sums over its subtree;
* an **indicator** is a count (one measure), a ratio (measures over a measure), a mean, a
  percentile of the working days used (from the additive histogram of ``days_used``) or a
  Decision 766 score, which :mod:`parindex.lib.dossiers.qd766` computes from a ratio with the
  portal's rule (``rule``). Each declares its code, names in Vietnamese and English, a docstring,
  its inputs and its SQL expression (:attr:`Indicator.sql`) over the rolled-up measures ``m``.

SQL is written in the DuckDB dialect and rendered for other engines with SQLGlot
(:mod:`parindex.dossiers.indicators.sql`); it uses only CASE, CAST, COALESCE, NULLIF, SUM and
window sums, which every engine understands alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parindex.lib.calendar import DEFAULT_OFFICE_HOURS

#: Office seconds in one working day (the store keeps processing time in office seconds).
DAY_SECONDS = DEFAULT_OFFICE_HOURS.day_seconds

#: Rows a period sees: received before it ends, not finished before it starts.
SCOPE_SQL = "d.received_at < p.end_at AND (d.end_at IS NULL OR d.end_at >= p.start_at)"
#: Rows that count at all: accepted dossiers of a known unit.
COUNTED_SQL = "d.counted AND d.unit_id IS NOT NULL"

_RECEIVED = "d.received_at >= p.start_at"
_FINISHED = "d.end_at < p.end_at"
_OPEN = "(d.end_at IS NULL OR d.end_at >= p.end_at)"
_NOT_FORCED = "NOT d.late_forced"
_LATE = f"({_FINISHED} AND d.finish_class = 3)"
_ENDED = "d.end_766 >= p.start_at AND d.end_766 < p.end_at AND d.on_time_fixed"
_BEFORE = "d.end_766 < p.start_at AND d.on_time_fixed"
_STILL = (
    f"(d.end_766 IS NULL OR d.end_766 >= p.end_at) AND {_NOT_FORCED} "
    "AND d.due_effective >= p.end_at"
)
_NOT_DEDUCTED = "COALESCE(d.rating, 1) <> 0 AND COALESCE(d.has_petition, 0) = 0"
_APOLOGY = "(d.apology_issued = 1 OR d.apology_at IS NOT NULL)"
_NO_APOLOGY = "(COALESCE(d.apology_issued, 0) = 0 AND d.apology_at IS NULL)"
_RESULT_REQUIRED = f"{_FINISHED} AND COALESCE(d.requires_paper_result, 1) = 1"


FLOW = "flow"  # counts events inside the period: a quarter is the sum of its months
STOCK_START = "stock_start"  # a state at the start of the period: a quarter's is its first month's
STOCK_END = "stock_end"  # a state at the end of the period: a quarter's is its last month's


@dataclass(frozen=True)
class Measure:
    """An additive count (or sum of ``value``) of in-scope dossiers meeting ``condition``.

    ``over_time`` says how a longer period's value follows from its months (:data:`FLOW`,
    :data:`STOCK_START`, :data:`STOCK_END`); every measure is additive over units and procedures.
    """

    code: str
    name_vi: str
    name_en: str
    doc: str
    condition: str
    inputs: tuple[str, ...]
    value: str | None = None
    over_time: str = FLOW

    @property
    def sql(self) -> str:
        """The aggregate expression (DuckDB dialect)."""
        if self.value is None:
            return f"SUM(CASE WHEN {self.condition} THEN 1 ELSE 0 END)"
        return f"SUM(CASE WHEN {self.condition} THEN {self.value} ELSE 0 END)"


MEASURES: tuple[Measure, ...] = (
    Measure("received", "Hồ sơ tiếp nhận trong kỳ", "Received in the period",
            "Dossiers whose receipt (NgayTiepNhan) falls in the period.",
            _RECEIVED, ("received_at",)),
    Measure("received_online", "Tiếp nhận trực tuyến", "Received online",
            "Received in the period through channel 2 (trực tuyến).",
            f"{_RECEIVED} AND d.channel = 2", ("received_at", "channel")),
    Measure("received_online_766", "Trực tuyến theo 766 (3.3)", "Online as 766 counts it (3.3)",
            "Received online (channel 2) and, for a procedure with a paper result (empty counts "
            "as yes), with its electronic result: the online dossiers of Decision 766 "
            "indicator 3.3.",
            f"{_RECEIVED} AND d.channel = 2 AND (COALESCE(d.requires_paper_result, 1) = 0 "
            "OR d.electronic_result = 1)",
            ("received_at", "channel", "requires_paper_result", "electronic_result")),
    Measure("received_direct", "Tiếp nhận trực tiếp", "Received in person",
            "Received in the period in person: channel 1, or no channel (766 counts a null "
            "channel as in person).",
            f"{_RECEIVED} AND (d.channel = 1 OR d.channel IS NULL)", ("received_at", "channel")),
    Measure("received_postal", "Tiếp nhận qua bưu chính công ích", "Received by post",
            "Received in the period through channel 3 (bưu chính công ích).",
            f"{_RECEIVED} AND d.channel = 3", ("received_at", "channel")),
    Measure("carried_over", "Hồ sơ kỳ trước chuyển qua", "Carried over",
            "Received before the period and not finished before it started (Biểu 06).",
            "d.received_at < p.start_at", ("received_at", "end_at"), over_time=STOCK_START),
    Measure("finished", "Hồ sơ đã giải quyết", "Finished",
            "Dossiers whose processing ended in the period (NgayKetThucXuLy, else NgayTra or "
            "NgayTuChoi).",
            _FINISHED, ("end_at",)),
    Measure("finished_early", "Giải quyết trước hạn", "Finished early",
            "Finished in the period on a date before the appointment date (Biểu 06, date "
            "granularity: finish_class 1), with at most one supplement request.",
            f"{_FINISHED} AND d.finish_class = 1", ("end_at", "finish_class")),
    Measure("finished_on_time", "Giải quyết đúng hạn", "Finished on the due date",
            "Finished in the period on the appointment date itself (finish_class 2).",
            f"{_FINISHED} AND d.finish_class = 2", ("end_at", "finish_class")),
    Measure("finished_late", "Giải quyết quá hạn", "Finished late",
            "Finished in the period after the appointment date, or after more than one "
            "supplement request (finish_class 3).",
            _LATE, ("end_at", "finish_class")),
    Measure("finished_no_deadline", "Giải quyết, không có hạn", "Finished, no deadline",
            "Finished in the period without an appointment date nor a time limit to compute "
            "one: neither early, on time nor late (finish_class 0).",
            f"{_FINISHED} AND d.finish_class = 0", ("end_at", "finish_class")),
    Measure("open_within", "Đang giải quyết trong hạn", "In process, within the deadline",
            "Still in process at the end of the period with an appointment on or after its last "
            "day (Biểu 06).",
            f"{_OPEN} AND {_NOT_FORCED} AND d.due_effective >= p.last_at",
            ("end_at", "due_effective", "late_forced"), over_time=STOCK_END),
    Measure("open_past", "Đang giải quyết quá hạn", "In process, past the deadline",
            "Still in process at the end of the period with an appointment before its last day, "
            "or after more than one supplement request.",
            f"{_OPEN} AND (d.late_forced OR d.due_effective < p.last_at)",
            ("end_at", "due_effective", "late_forced"), over_time=STOCK_END),
    Measure("open_no_deadline", "Đang giải quyết, không có hạn", "In process, no deadline",
            "Still in process at the end of the period without an appointment date.",
            f"{_OPEN} AND {_NOT_FORCED} AND d.due_effective IS NULL",
            ("end_at", "due_effective", "late_forced"), over_time=STOCK_END),
    Measure("on_time_766_ended", "Đúng hạn 766: kết thúc trong kỳ", "On time (766), ended in it",
            "In scope, with a 766 end time inside the period on or before the appointment and at "
            "most one supplement request (on_time_fixed).",
            _ENDED, ("end_766", "on_time_fixed")),
    Measure("on_time_766_before", "Đúng hạn 766: kết thúc trước kỳ",
            "On time (766), ended before it",
            "In scope although the 766 end time is before the period (a dossier waiting for the "
            "citizen after one request, or with the supplement interval subtracted), on time.",
            _BEFORE, ("end_766", "on_time_fixed"), over_time=STOCK_START),
    Measure("on_time_766_open", "Đúng hạn 766: chưa kết thúc", "On time (766), still running",
            "No 766 end time before the end of the period, and the appointment is not before it "
            "(766 uses the end of the period as the end time).",
            _STILL, ("end_766", "due_effective", "late_forced"), over_time=STOCK_END),
    Measure("satisfied_766_ended", "Không bị trừ (5.4): kết thúc trong kỳ",
            "Not deducted (5.4), ended in it",
            "As on_time_766_ended, and neither rated 'dislike' nor the subject of a petition.",
            f"{_ENDED} AND {_NOT_DEDUCTED}",
            ("end_766", "on_time_fixed", "rating", "has_petition")),
    Measure("satisfied_766_before", "Không bị trừ (5.4): kết thúc trước kỳ",
            "Not deducted (5.4), ended before it",
            "As on_time_766_before, and neither rated 'dislike' nor the subject of a petition.",
            f"{_BEFORE} AND {_NOT_DEDUCTED}",
            ("end_766", "on_time_fixed", "rating", "has_petition"),
            over_time=STOCK_START),
    Measure("satisfied_766_open", "Không bị trừ (5.4): chưa kết thúc",
            "Not deducted (5.4), still running",
            "As on_time_766_open, and neither rated 'dislike' nor the subject of a petition.",
            f"{_STILL} AND {_NOT_DEDUCTED}",
            ("end_766", "due_effective", "late_forced", "rating", "has_petition"),
            over_time=STOCK_END),
    Measure("late_with_apology", "Quá hạn có văn bản xin lỗi", "Late, with an apology letter",
            "Finished late in the period with an apology letter (CoVanBanXinLoi or NgayXinLoi).",
            f"{_LATE} AND {_APOLOGY}", ("finish_class", "apology_issued", "apology_at")),
    Measure("late_without_apology", "Quá hạn không có văn bản xin lỗi",
            "Late, without an apology letter",
            "Finished late in the period with no apology letter recorded.",
            f"{_LATE} AND {_NO_APOLOGY}", ("finish_class", "apology_issued", "apology_at")),
    Measure("late_apology_before_due", "Quá hạn, xin lỗi trước hạn",
            "Late, apology issued before the deadline",
            "Finished late with an apology letter dated before the original appointment "
            "(ParIndex metric, §5.5).",
            f"{_LATE} AND d.apology_at < COALESCE(d.original_due_at, d.due_effective)",
            ("finish_class", "apology_at", "original_due_at", "due_effective")),
    Measure("postal_return", "Trả kết quả qua bưu chính", "Result returned by post",
            "Finished in the period with the result returned through the public postal service.",
            f"{_FINISHED} AND d.postal_return = 1", ("end_at", "postal_return")),
    Measure("processing_count", "Hồ sơ có thời gian giải quyết", "Dossiers with a processing time",
            "Finished in the period with a known processing time.",
            f"{_FINISHED} AND d.processing_ws IS NOT NULL", ("end_at", "processing_ws")),
    Measure("processing_ws_sum", "Tổng thời gian giải quyết (giây hành chính)",
            "Total processing time (office seconds)",
            "Sum of the office time from clock start to end, net of a completed supplement, of "
            "the dossiers finished in the period.",
            f"{_FINISHED} AND d.processing_ws IS NOT NULL", ("end_at", "processing_ws"),
            value="d.processing_ws"),
    Measure("fee_dossiers", "Hồ sơ có phí, lệ phí", "Dossiers with fees",
            "Received in the period with fees or charges above 0.",
            f"{_RECEIVED} AND d.fee_amount > 0", ("received_at", "fee_amount")),
    Measure("online_paid", "Hồ sơ thanh toán trực tuyến", "Paid online",
            "Dossiers with fees received in the period and paid online (DuocThanhToanTrucTuyen 1 "
            "or 2).",
            f"{_RECEIVED} AND d.fee_amount > 0 AND d.online_payment IN (1, 2)",
            ("received_at", "fee_amount", "online_payment")),
    Measure("reused_digitised", "Hồ sơ tái sử dụng dữ liệu số hóa", "Reusing digitised data",
            "Received in the period with a component flagged as reused digitised data (4.3).",
            f"{_RECEIVED} AND d.has_digitised_component = 1",
            ("received_at", "has_digitised_component")),
    Measure("components_digitised", "Hồ sơ số hóa thành phần", "Components digitised",
            "Received in the period with files attached to the components (4.2).",
            f"{_RECEIVED} AND d.components_digitised = 1", ("received_at", "components_digitised")),
    Measure("personal_store", "Hồ sơ lấy từ kho dữ liệu cá nhân", "From the personal data store",
            "Received in the period with a component from the DVCQG personal store (4.4).",
            f"{_RECEIVED} AND d.from_personal_store = 1", ("received_at", "from_personal_store")),
    Measure("citizen_data", "Hồ sơ sử dụng dữ liệu dân cư", "Using population data",
            "Received in the period with a VNeID-verified account, a component from the personal "
            "store or a source database code (4.5b).",
            f"{_RECEIVED} AND (d.vneid_verified = 1 OR d.from_personal_store = 1 "
            "OR d.source_db_code IS NOT NULL)",
            ("received_at", "vneid_verified", "from_personal_store", "source_db_code")),
    Measure("result_required", "Hồ sơ cần kết quả giấy", "Needing a paper result",
            "Finished in the period for a procedure with a paper result (empty counts as yes).",
            _RESULT_REQUIRED, ("end_at", "requires_paper_result")),
    Measure("result_electronic", "Hồ sơ có kết quả điện tử", "With an electronic result",
            "Of those, dossiers with an electronic result file (4.1).",
            f"{_RESULT_REQUIRED} AND d.electronic_result = 1",
            ("end_at", "requires_paper_result", "electronic_result")),
    Measure("rated", "Hồ sơ được đánh giá", "Rated",
            "Finished in the period with a rating from the applicant.",
            f"{_FINISHED} AND d.rating IS NOT NULL", ("end_at", "rating")),
    Measure("rated_satisfied", "Đánh giá hài lòng", "Rated satisfied",
            "Finished in the period and rated satisfied (1).",
            f"{_FINISHED} AND d.rating = 1", ("end_at", "rating")),
)  # fmt: skip

MEASURE_CODES = tuple(m.code for m in MEASURES)

COUNT = "count"
RATIO = "ratio"
MEAN = "mean"
PERCENTILE = "percentile"
SCORE = "score"
TOTAL = "score_total"

#: The histogram behind percentiles: working days used by dossiers finished in the period.
HISTOGRAM_CONDITION = f"{_FINISHED} AND d.days_used IS NOT NULL"
HISTOGRAM_VALUE = "d.days_used"


@dataclass(frozen=True)
class Indicator:
    """One figure per unit, procedure and period (see the module docstring)."""

    code: str
    name_vi: str
    name_en: str
    doc: str
    kind: str
    inputs: tuple[str, ...]
    unit: str = "dossiers"
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    quantile: tuple[int, int] | None = None
    rule: tuple[str, str] | None = None
    parts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sql(self) -> str | None:
        """The expression over the rolled-up measures ``m`` (DuckDB dialect), if SQL computes it.

        Percentiles are computed by a window query over the histogram
        (:func:`parindex.dossiers.indicators.sql.percentile_query`); scores by
        :mod:`parindex.lib.dossiers.qd766` from the ratio of their inputs.
        """
        if self.kind == COUNT:
            return " + ".join(f"m.{n}" for n in self.inputs)
        top = " + ".join(f"m.{n}" for n in self.numerator)
        bottom = " + ".join(f"m.{n}" for n in self.denominator)
        if self.kind in (RATIO, SCORE):
            return f"CAST({top} AS DOUBLE) / NULLIF({bottom}, 0)"
        if self.kind == MEAN:
            return f"CAST({top} AS DOUBLE) / NULLIF({bottom}, 0) / {DAY_SECONDS}"
        return None


def _count(code: str) -> Indicator:
    measure = MEASURE_BY_CODE[code]
    return Indicator(code, measure.name_vi, measure.name_en, measure.doc, COUNT, (code,))


def _sum(code: str, vi: str, en: str, doc: str, parts: tuple[str, ...]) -> Indicator:
    return Indicator(code, vi, en, doc, COUNT, parts)


def _ratio(
    code: str,
    vi: str,
    en: str,
    doc: str,
    numerator: tuple[str, ...],
    denominator: str | tuple[str, ...],
) -> Indicator:
    denominator = (denominator,) if isinstance(denominator, str) else denominator
    return Indicator(
        code,
        vi,
        en,
        doc,
        RATIO,
        (*numerator, *denominator),
        "share",
        numerator=numerator,
        denominator=denominator,
    )


def _score(
    code: str,
    vi: str,
    en: str,
    doc: str,
    rule: tuple[str, str],
    numerator: tuple[str, ...],
    denominator: tuple[str, ...],
) -> Indicator:
    return Indicator(
        code,
        vi,
        en,
        doc,
        SCORE,
        (*numerator, *denominator),
        "points",
        numerator=numerator,
        denominator=denominator,
        rule=rule,
    )


MEASURE_BY_CODE = {m.code: m for m in MEASURES}
IN_SCOPE = ("received", "carried_over")
ON_TIME_766 = ("on_time_766_ended", "on_time_766_before", "on_time_766_open")
SATISFIED_766 = ("satisfied_766_ended", "satisfied_766_before", "satisfied_766_open")

PG, ON, PAY = "dvc-progress-tree", "provide-online-tree", "formality-online-payment-tree"
DIG, SAT = "dossier-digitized", "handling-satisfaction"

INDICATORS: tuple[Indicator, ...] = (
    _count("received"),
    _count("carried_over"),
    _sum("in_scope", "Hồ sơ tiếp nhận hoặc xử lý trong kỳ", "Received or processed",
         "Received in the period plus carried over: the denominator of 766 indicator 2.1 (the "
         "portal's totalReceived).", IN_SCOPE),
    _count("received_online"),
    _count("received_direct"),
    _count("received_postal"),
    _count("finished"),
    _count("finished_early"),
    _count("finished_on_time"),
    _count("finished_late"),
    _count("finished_no_deadline"),
    _count("open_within"),
    _count("open_past"),
    _count("open_no_deadline"),
    _sum("on_time_766", "Đúng hạn theo QĐ 766", "On time (Decision 766)",
         "In scope and on time as 766 indicator 2.1 counts it: end time (766 rules, or the end "
         "of the period when still running) ≤ appointment, at most one supplement request (the "
         "portal's totalOnTime).", ON_TIME_766),
    _count("late_with_apology"),
    _count("late_without_apology"),
    _ratio("on_time_rate", "Tỷ lệ giải quyết trước hạn, đúng hạn", "On-time rate",
           "(Early + on the due date) ÷ finished, date granularity (Biểu 06; OpenCPS "
           "ontimePercent). Null when nothing was finished.",
           ("finished_early", "finished_on_time"), "finished"),
    _ratio("late_rate", "Tỷ lệ giải quyết quá hạn", "Late rate",
           "Finished late ÷ finished. Null when nothing was finished.",
           ("finished_late",), "finished"),
    _ratio("on_time_rate_766", "Tỷ lệ đúng hạn theo QĐ 766 (2.1)", "On-time rate (766, 2.1)",
           "On time (766) ÷ received or processed in the period: totalOnTime ÷ totalReceived.",
           ON_TIME_766, IN_SCOPE),
    Indicator("avg_processing_days", "Thời gian giải quyết trung bình (ngày làm việc)",
              "Average processing time (working days)",
              "Mean office time from clock start to end of the dossiers finished in the period, "
              "net of a completed supplement, in working days of 8 office hours.",
              MEAN, ("processing_ws_sum", "processing_count"), "working_days",
              numerator=("processing_ws_sum",), denominator=("processing_count",)),
    Indicator("p50_processing_days", "Trung vị số ngày làm việc giải quyết",
              "Median working days used",
              "Median (nearest rank) of the working days used by the dossiers finished in the "
              "period, counting every started working day (days_used).",
              PERCENTILE, ("days_used",), "working_days", quantile=(1, 2)),
    Indicator("p90_processing_days", "Phân vị 90 số ngày làm việc giải quyết",
              "90th percentile of working days used",
              "90th percentile (nearest rank) of the working days used by the dossiers finished "
              "in the period.",
              PERCENTILE, ("days_used",), "working_days", quantile=(9, 10)),
    _ratio("online_share", "Tỷ lệ hồ sơ trực tuyến", "Online share",
           "Received online ÷ received (766 indicator 3.3 before the sync factor).",
           ("received_online",), "received"),
    _ratio("direct_share", "Tỷ lệ hồ sơ trực tiếp", "In-person share",
           "Received in person (channel 1 or null) ÷ received (in_person_share, §7.7).",
           ("received_direct",), "received"),
    _ratio("postal_share", "Tỷ lệ hồ sơ qua bưu chính công ích", "Postal share",
           "Received by post (channel 3) ÷ received (postal_share, §7.7).",
           ("received_postal",), "received"),
    _ratio("postal_return_share", "Tỷ lệ trả kết quả qua bưu chính", "Postal return share",
           "Results returned by post ÷ finished.", ("postal_return",), "finished"),
    _ratio("apology_rate", "Tỷ lệ hồ sơ quá hạn có xin lỗi trước hạn", "Apology rate",
           "Late dossiers with an apology issued before the original appointment ÷ late "
           "dossiers (ParIndex metric, not 766).",
           ("late_apology_before_due",), "finished_late"),
    _ratio("online_payment_share", "Tỷ lệ hồ sơ thanh toán trực tuyến", "Online payment share",
           "Dossiers with fees paid online ÷ dossiers with fees (766 indicator 3.6).",
           ("online_paid",), "fee_dossiers"),
    _ratio("electronic_result_share", "Tỷ lệ hồ sơ có kết quả điện tử", "Electronic result share",
           "Dossiers with an electronic result ÷ dossiers needing a paper result (4.1).",
           ("result_electronic",), "result_required"),
    _ratio("components_digitised_share", "Tỷ lệ hồ sơ số hóa thành phần",
           "Components digitised share",
           "Dossiers with files attached to their components ÷ received (4.2).",
           ("components_digitised",), "received"),
    _ratio("reused_digitised_share", "Tỷ lệ hồ sơ tái sử dụng dữ liệu số hóa",
           "Reused digitised data share",
           "Dossiers reusing digitised data ÷ received (4.3).", ("reused_digitised",), "received"),
    _ratio("personal_store_share", "Tỷ lệ hồ sơ lấy từ kho dữ liệu cá nhân",
           "Personal data store share",
           "Dossiers with a component from the DVCQG personal store ÷ received (4.4).",
           ("personal_store",), "received"),
    _ratio("citizen_data_share", "Tỷ lệ hồ sơ sử dụng dữ liệu dân cư", "Population data share",
           "Dossiers using population data ÷ received (4.5b).", ("citizen_data",), "received"),
    _ratio("satisfaction_rate", "Tỷ lệ đánh giá hài lòng", "Satisfaction rate",
           "Dossiers rated satisfied ÷ rated dossiers finished in the period.",
           ("rated_satisfied",), "rated"),
    _ratio("receiving_satisfaction_766", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết (5.4)",
           "Receiving satisfaction ratio (5.4)",
           "1 − (late share + share with a petition or a dislike), each dossier deducted once: "
           "not-deducted ÷ received or processed.",
           SATISFIED_766, IN_SCOPE),
    _score("qd766_progress", "Điểm Tiến độ giải quyết (2.1)", "Progress score (2.1)",
           "20 × totalOnTime ÷ totalReceived; 0 when nothing is in scope. The whole "
           "dvc-progress-tree tab.",
           (PG, "ON_TIME"), ON_TIME_766, IN_SCOPE),
    _score("qd766_online_submission", "Điểm hồ sơ nộp trực tuyến (3.3)",
           "Online submission term (3.3)",
           "min(6, 6 × C ÷ 0.50), C = online (channel 2 with an electronic result where a "
           "paper result is due) ÷ received: the C term of the provide-online-tree tab (A and B "
           "need the procedure catalogue). The sync ratio (1.4) the portal multiplies C by is "
           "taken as 1: the store holds the records the one-stop system synced.",
           (ON, "ONLINE_SUBMISSION"), ("received_online_766",), ("received",)),
    _score("qd766_online_payment", "Điểm hồ sơ thanh toán trực tuyến (3.6)",
           "Online payment term (3.6)",
           "6 × A, A = paid online ÷ dossiers with fees: the A term of the "
           "formality-online-payment-tree tab (B and C need the procedure catalogue).",
           (PAY, "ONLINE_PAYMENT_DOSSIERS"), ("online_paid",), ("fee_dossiers",)),
    _score("qd766_original_result", "Điểm kết quả điện tử (4.1)", "Electronic result (4.1)",
           "min(6, 6 × r): ORIGINAL_RESULT_AVAILABLE; null without dossiers.",
           (DIG, "ORIGINAL_RESULT_AVAILABLE"), ("result_electronic",), ("result_required",)),
    _score("qd766_components_digitised", "Điểm số hóa hồ sơ (4.2)", "Digitisation (4.2)",
           "min(4, 4 × r): SO_HOA_GIAY_TO_GIAI_QUYET (linear, as the portal scores it).",
           (DIG, "SO_HOA_GIAY_TO_GIAI_QUYET"), ("components_digitised",), ("received",)),
    _score("qd766_reused_data", "Điểm tái sử dụng dữ liệu số hóa (4.3)", "Reused data (4.3)",
           "min(2, 2 × r ÷ 0.80): REUSED_DIGITIZED_DATA.",
           (DIG, "REUSED_DIGITIZED_DATA"), ("reused_digitised",), ("received",)),
    _score("qd766_personal_store", "Điểm kết nối kho dữ liệu cá nhân (4.4)",
           "Personal data store (4.4)",
           "min(4, 4 × r): SYNCED_WITH_DVCQG_PERSONAL_STORAGE.",
           (DIG, "SYNCED_WITH_DVCQG_PERSONAL_STORAGE"), ("personal_store",), ("received",)),
    _score("qd766_citizen_data", "Điểm sử dụng dữ liệu dân cư (4.5b)", "Population data (4.5b)",
           "min(2, 2 × r): CITIZEN_DATA_CONNECTED_DOSSIER.",
           (DIG, "CITIZEN_DATA_CONNECTED_DOSSIER"), ("citizen_data",), ("received",)),
    _score("qd766_receiving_satisfaction", "Điểm hài lòng tiếp nhận, giải quyết (5.4)",
           "Receiving satisfaction (5.4)",
           "min(6, 6 × r ÷ 0.90); 0 when nothing is in scope: DOSSIER_RECEIVING_SATISFACTION.",
           (SAT, "DOSSIER_RECEIVING_SATISFACTION"), SATISFIED_766, IN_SCOPE),
)  # fmt: skip

_SCORE_CODES = tuple(i.code for i in INDICATORS if i.kind == SCORE)
INDICATORS = (
    *INDICATORS,
    Indicator(
        "qd766_dossier_points",
        "Tổng điểm 766 tính được từ hồ sơ",
        "Decision 766 points computable from dossiers",
        "Sum of the 766 scores above (max 56 of the 100 points; a null score adds nothing). "
        "The other points need the procedure catalogue, petitions or the national sync data.",
        TOTAL,
        _SCORE_CODES,
        "points",
        parts=_SCORE_CODES,
    ),
)

INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}
SCORE_CODES = (*_SCORE_CODES, "qd766_dossier_points")


def get_indicator(code: str) -> Indicator:
    return INDICATOR_BY_CODE[code]
