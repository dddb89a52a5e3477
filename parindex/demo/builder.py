"""Building the demo province through the real imports and actions, so its audit log is real.

What is built (docs/demo.md):

1. the reference units (63 + 34 provinces, the 103 communes of the new Cần Thơ with their
   historical districts and communes and the lineage) and the ~20 demo departments of the
   new Cần Thơ (code system ``local``, illustrative, valid since before our records);
2. the shipped frameworks, the demo users with their roles, the adjustment reasons;
3. synthetic dossier records of the demo units from 2025 to the build date
   (:mod:`parindex.demo.dossiers`), imported into the dossier store before any round opens, so
   that opening a round fills its data-derived criteria;
4. a 2024 round for the departments and a 2025 round for the departments and the communes,
   both published, from seeded synthetic declared data, some appraisal adjustments (with
   reasons), a few returns and explanations, imported survey/data points, the council's
   finalisation and publication (the 2025 data-derived criteria are accepted with the points
   of their dossier figures; 2024 has no dossier figures, so theirs come with the imported
   points);
5. a 2026 round open for self-assessment, with the drafts of Sở Xây dựng and Phường Cái Khế
   partly filled in by their staff.

Audit records: every action writes its own event. The bulk steps write one summarising
event each: ``entries.save`` per unit (all its declared data), ``entries.accept`` per unit
(every remaining criterion accepted), ``points.import`` per round (the survey and data
points), ``units.import`` per file, ``demo.personas`` for the users and roles,
``dossiers.import_dossiers`` for the dossier file, ``entries.feed`` per assessment whose
data-derived criteria were filled. Historical rounds act as the system (``demo``), because
their deadlines lie in the past; the 2026 drafts are saved by the personas themselves.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.access.actions import grant_role
from parindex.access.models import RoleAssignment
from parindex.assessments import actions
from parindex.assessments.models import Assessment, AssessmentRound, CriterionEntry
from parindex.assessments.scoring import framework_info, is_self_scored
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.demo.data import DEMO_PASSWORD, DEPARTMENTS, PERSONAS
from parindex.demo.dossiers import import_demo_dossiers
from parindex.frameworks.actions import import_shipped_frameworks
from parindex.frameworks.indicator_bindings import DOSSIER_METRIC
from parindex.frameworks.models import Framework
from parindex.lib.scoring.methods import BINARY, BONUS, COUNT_STEPS, DEDUCTION, RATE_METHODS
from parindex.lib.scoring.tree import NodeSpec
from parindex.targets.actions import import_shipped as import_shipped_standing
from parindex.units.actions import import_reference_units, import_units
from parindex.units.models import Unit
from parindex.units.queries import find_unit

ACTOR = "demo"
PROVINCE = "current_34:92"
SEED = 20260701

REASONS: list[tuple[str, str, str]] = [
    ("TLKC_THIEU", "Thiếu tài liệu kiểm chứng", "Evidence missing"),
    (
        "TLKC_KHONG_HOP_LE",
        "Tài liệu kiểm chứng không hợp lệ (chưa ký, đóng dấu hoặc sai thời gian)",
        "Invalid evidence (unsigned, unstamped or from the wrong period)",
    ),
    (
        "SO_LIEU_KHONG_KHOP",
        "Số liệu kê khai không khớp với tài liệu kiểm chứng",
        "Declared data do not match the evidence",
    ),
    (
        "TRE_HAN",
        "Văn bản ban hành hoặc báo cáo gửi không đúng thời hạn",
        "Document issued or report sent late",
    ),
    ("SAI_PHUONG_PHAP", "Tự chấm sai phương pháp chấm điểm", "Self-score computed wrongly"),
    (
        "KHONG_DAP_UNG",
        "Nội dung thực hiện chưa đáp ứng yêu cầu của tiêu chí",
        "What was done does not meet the criterion",
    ),
    (
        "GIAI_TRINH_KHONG_DAT",
        "Nội dung giải trình chưa thuyết phục",
        "The explanation is not convincing",
    ),
    (
        "DIEU_CHINH_TANG",
        "Đơn vị tự chấm thấp hơn kết quả thực tế (điều chỉnh tăng)",
        "The unit scored itself below what it achieved (raised)",
    ),
]
#: How often each reason is used when the demo lowers a self-score.
REASON_WEIGHTS = {
    "TLKC_THIEU": 9,
    "TLKC_KHONG_HOP_LE": 5,
    "SO_LIEU_KHONG_KHOP": 6,
    "TRE_HAN": 4,
    "SAI_PHUONG_PHAP": 3,
    "KHONG_DAP_UNG": 3,
}
COMMENTS = {
    "TLKC_THIEU": "Không có văn bản chứng minh kết quả đã kê khai.",
    "TLKC_KHONG_HOP_LE": "Tài liệu là bản dự thảo, chưa có chữ ký và dấu.",
    "SO_LIEU_KHONG_KHOP": "Báo cáo năm ghi số nhiệm vụ hoàn thành thấp hơn số kê khai.",
    "TRE_HAN": "Văn bản ban hành sau thời hạn quy định.",
    "SAI_PHUONG_PHAP": "Áp dụng sai ngưỡng tính điểm của tiêu chí.",
    "KHONG_DAP_UNG": "Nội dung thực hiện chưa đầy đủ theo yêu cầu.",
}
PAPER = "Tài liệu kiểm chứng gửi kèm báo cáo tự đánh giá bằng văn bản giấy."
PDF_TEMPLATE = (
    "%PDF-1.4\n% ParIndex demo: {title}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class DemoSummary:
    units: int = 0
    departments: int = 0
    users: int = 0
    dossiers: int = 0
    rounds: dict[int, str] = field(default_factory=dict)
    results: dict[int, int] = field(default_factory=dict)


def _q(value: float | Decimal, quantum: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


class _Upload(io.BytesIO):
    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name


def departments_yaml() -> str:
    """The demo departments as a unit file for ``import_units``."""
    rows = []
    for code, name, name_en in DEPARTMENTS:
        rows.append(
            '  - code: {code}\n    code_system: local\n    name: "{name}"\n'
            '    name_en: "{name_en}"\n    kind: department\n    parent: "{parent}"\n'
            "    is_illustrative: true\n".format(
                code=code, name=name, name_en=name_en.replace('"', "'"), parent=PROVINCE
            )
        )
    return 'source: "ParIndex demo (synthetic departments of the new Cần Thơ)"\nunits:\n' + "".join(
        rows
    )


def _users() -> dict[str, Any]:
    user_model = get_user_model()
    users: dict[str, Any] = {}
    created = []
    for username, full_name, role, unit_ref, areas in PERSONAS:
        unit = find_unit(unit_ref)
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, first_name=full_name, last_name="")
            user.set_password(DEMO_PASSWORD)
            if role == "province_admin":
                user.is_staff = True
            user.save()
            created.append(username)
        if role == "province_admin":
            user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label__in=(
                        "units",
                        "frameworks",
                        "calendars",
                        "assessments",
                        "core",
                    )
                )
            )
        if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            grant_role(actor=ACTOR, user=user, role=role, unit=unit, area_codes=areas)
        users[username] = user
    record_audit(
        actor=ACTOR,
        action=AuditAction.DEMO_PERSONAS_CREATE,
        object_type="auth.user",
        object_repr="demo personas",
        after={
            "created": created,
            "roles": [[u, r, ref, list(a)] for u, _n, r, ref, a in PERSONAS],
        },
    )
    return users


def _declared(node: NodeSpec, quality: float, rng: random.Random) -> dict[str, Any]:
    """Plausible declared data for one self-scored criterion of a unit of ``quality``."""
    method = node.method
    maximum = float(node.max_points or 0)
    if rng.random() < 0.02 and method in RATE_METHODS:
        return {"not_applicable": True}
    if method == BINARY:
        return {"is_met": rng.random() < quality + 0.08}
    if method in RATE_METHODS:
        total = rng.randint(6, 60)
        rate = _clamp(quality + rng.gauss(0.04, 0.08), 0.55, 1.0)
        return {"numerator": Decimal(round(total * rate)), "denominator": Decimal(total)}
    if method == COUNT_STEPS:
        return {"count": max(0, int(quality * 5 + rng.randint(-2, 1)))}
    if method in (BONUS, DEDUCTION):
        return {"count": rng.choice((0, 0, 0, 1, 1, 2))}
    return {"entered_points": _q(maximum * _clamp(quality + rng.gauss(0, 0.1)) * 4) / 4}


def _external(node: NodeSpec, quality: float, rng: random.Random) -> Decimal:
    maximum = float(node.max_points or 0)
    if node.method == BONUS:
        return _q(min(maximum, rng.choice((0, 0, 0, 0.5, 1.0))))
    if node.method == DEDUCTION:
        return -_q(min(maximum, rng.choice((0, 0, 0, 0, 0.5, 1.0))))
    return _q(maximum * _clamp(quality + rng.gauss(0, 0.06), 0.4, 1.0))


def evidence_required(framework: Framework) -> set[str]:
    return set(framework.criteria.exclude(evidence_required="").values_list("code", flat=True))


def _run_historical_round(
    round_: AssessmentRound, rng: random.Random, log: Callable[[str], None]
) -> int:
    """Self-assessment → appraisal (with some adjustments, returns, explanations) → imported
    points → council → publication, as the system.

    The data-derived criteria whose dossier figures were computed when the round opened are
    accepted with those points (with the remaining criteria); the other data-derived ones
    (no dossier of the unit in the year, as for every unit in 2024) get imported points, as the
    survey rows do."""
    reasons = list(REASON_WEIGHTS)
    weights = [REASON_WEIGHTS[r] for r in reasons]
    lines = ["unit_code,criterion_code,points"]
    assessments = list(Assessment.objects.filter(round=round_).select_related("unit", "framework"))
    evidence = {a.framework_id: evidence_required(a.framework) for a in assessments}
    fed = set(
        CriterionEntry.objects.filter(
            assessment__round=round_, criterion__input_source=DOSSIER_METRIC, feed__status="ok"
        ).values_list("assessment_id", "criterion__code")
    )
    for assessment in assessments:
        info = framework_info(assessment.framework)
        quality = rng.uniform(0.62, 0.97)
        needs_evidence = evidence[assessment.framework_id]
        rows: dict[str, dict[str, Any]] = {}
        for leaf in info.leaves:
            if is_self_scored(leaf):
                values = _declared(leaf, quality, rng)
                # Historical evidence went on paper with the report: say so where required.
                if leaf.code in needs_evidence:
                    values["explanation"] = PAPER
                rows[leaf.code] = values
            elif (assessment.pk, leaf.code) not in fed:
                lines.append(f"{assessment.unit.key},{leaf.code},{_external(leaf, quality, rng)}")
        actions.save_entries(assessment, actor=ACTOR, rows=rows)
        actions.submit_self_assessment(assessment, actor=ACTOR)
        entries = [
            e
            for e in CriterionEntry.objects.filter(assessment=assessment)
            .select_related("criterion")
            .order_by("position")
            if is_self_scored(info.nodes[e.criterion.code]) and (e.self_points or 0) > 0
        ]
        if entries and rng.random() < 0.45:
            for entry in rng.sample(entries, k=min(len(entries), rng.randint(1, 3))):
                reason = rng.choices(reasons, weights)[0]
                lowered = _q((entry.self_points or Decimal(0)) * Decimal(rng.choice((0, 0.5))))
                actions.record_appraisal(
                    entry,
                    actor=ACTOR,
                    decision="adjust",
                    points=lowered,
                    reason_code=reason,
                    comment=COMMENTS[reason],
                )
        undecided = [e for e in entries if e.appraisal_decision == ""]
        if undecided and rng.random() < 0.12:
            entry = CriterionEntry.objects.get(pk=rng.choice(undecided).pk)
            if entry.appraisal_decision == "":
                actions.record_appraisal(
                    entry,
                    actor=ACTOR,
                    decision="return",
                    comment="Đề nghị bổ sung văn bản chứng minh kết quả kê khai.",
                )
                actions.explain_entry(
                    entry,
                    actor=ACTOR,
                    response="Đơn vị bổ sung Báo cáo kết quả thực hiện kèm theo.",
                )
                actions.record_appraisal(entry, actor=ACTOR, decision="accept")
        actions.accept_remaining(assessment, actor=ACTOR)
    actions.import_external_points(
        round_, ("\n".join(lines) + "\n").encode(), actor=ACTOR, file_name="diem-dieu-tra.csv"
    )
    actions.finalise_round(round_, actor=ACTOR)
    results = actions.publish_results(round_, actor=ACTOR)
    log(_("{round}: {count} units published").format(round=round_.name, count=len(results)))
    return len(results)


def _partly_fill(
    assessment: Assessment, user: Actor, rng: random.Random, share: float = 0.5
) -> None:
    info = framework_info(assessment.framework)
    quality = rng.uniform(0.75, 0.95)
    leaves = [leaf for leaf in info.leaves if is_self_scored(leaf)]
    rows = {leaf.code: _declared(leaf, quality, rng) for leaf in leaves[: int(len(leaves) * share)]}
    actions.save_entries(assessment, actor=user, rows=rows)
    first = next(
        (
            e
            for e in CriterionEntry.objects.filter(assessment=assessment)
            .select_related("criterion")
            .order_by("position")
            if e.criterion.evidence_required and e.criterion.code in rows
        ),
        None,
    )
    if first is not None:
        title = "Ke hoach CCHC {unit}".format(unit=assessment.unit.code)
        actions.attach_evidence(
            first,
            actor=user,
            upload=_Upload("ke-hoach-cchc-2026.pdf", PDF_TEMPLATE.format(title=title).encode()),
        )


def _round(
    *,
    actor: Actor,
    province: Unit,
    year: int,
    frameworks: dict[str, Framework],
    deadlines: tuple[dt.date, dt.date, dt.date, dt.date],
) -> AssessmentRound:
    return actions.open_round(
        actor=actor,
        province=province,
        year=year,
        name="Chỉ số CCHC năm {year} (minh họa)".format(year=year),
        frameworks=frameworks,
        self_assessment_deadline=deadlines[0],
        explanation_deadline=deadlines[1],
        appraisal_deadline=deadlines[2],
        council_deadline=deadlines[3],
        is_illustrative=True,
    )


def build_demo(
    *, today: dt.date | None = None, log: Callable[[str], None] = lambda _m: None
) -> DemoSummary:
    """Build the whole demo province (see the module docstring), in three steps: the reference
    data and the personas (one transaction), the dossiers, the rounds (one transaction).

    The dossier import runs between the two transactions, not inside one: it records its
    progress on its status row from another thread while DuckDB works, which SQLite would make
    wait for a transaction of this thread (and it commits its outcome itself). A failure in the
    rounds leaves the reference data and the dossiers, which a new build imports again unchanged.
    """
    start = today or actions.today()
    summary = DemoSummary()
    users = _reference_data(summary, log)
    province = find_unit(PROVINCE)
    # Before any round opens, so that opening a round fills its data-derived criteria.
    dossier_import, dossier_file = import_demo_dossiers(actor=ACTOR, province=province, until=start)
    summary.dossiers = dossier_import.rows_read
    log(
        _("Dossiers: {count} synthetic records of the demo units imported from {file}.").format(
            count=dossier_import.rows_read, file=dossier_file.path
        )
    )
    _rounds(summary, users, province, start, log)
    return summary


@transaction.atomic
def _reference_data(summary: DemoSummary, log: Callable[[str], None]) -> dict[str, Any]:
    """Units, frameworks, standing data, personas and adjustment reasons; returns the users."""
    for result in import_reference_units(actor=ACTOR):
        summary.units += result.counts().get("units_created", 0)
    departments = import_units(io.StringIO(departments_yaml()), actor=ACTOR)
    summary.departments = len(DEPARTMENTS)
    log(
        _("Units: the reference files and {count} departments ({created} new).").format(
            count=len(DEPARTMENTS), created=departments.units_created
        )
    )
    import_shipped_frameworks(actor=ACTOR)
    import_shipped_standing(actor=ACTOR)
    users = _users()
    summary.users = len(users)
    for code, name_vi, name_en in REASONS:
        actions.save_adjustment_reason(actor=ACTOR, code=code, name_vi=name_vi, name_en=name_en)
    log(_("Frameworks, personas and adjustment reasons loaded."))
    return users


@transaction.atomic
def _rounds(
    summary: DemoSummary,
    users: dict[str, Any],
    province: Unit,
    start: dt.date,
    log: Callable[[str], None],
) -> None:
    """The published rounds of 2024 and 2025 and the open round of 2026."""
    rng = random.Random(SEED)
    department_fw = Framework.objects.get(code="DEPARTMENT-ILLUSTRATIVE")
    commune_fw = Framework.objects.get(code="COMMUNE-ILLUSTRATIVE")
    round_2024 = _round(
        actor=ACTOR,
        province=province,
        year=2024,
        frameworks={"department": department_fw},
        deadlines=(
            dt.date(2024, 12, 15),
            dt.date(2025, 1, 10),
            dt.date(2025, 1, 20),
            dt.date(2025, 2, 15),
        ),
    )
    summary.results[2024] = _run_historical_round(round_2024, rng, log)
    round_2025 = _round(
        actor=ACTOR,
        province=province,
        year=2025,
        frameworks={"department": department_fw, "commune": commune_fw},
        deadlines=(
            dt.date(2025, 12, 15),
            dt.date(2026, 1, 10),
            dt.date(2026, 1, 20),
            dt.date(2026, 2, 15),
        ),
    )
    summary.results[2025] = _run_historical_round(round_2025, rng, log)

    deadline = dt.date(2026, 12, 15)
    if deadline < start + dt.timedelta(days=7):
        deadline = start + dt.timedelta(days=30)
    round_2026 = _round(
        actor=users["sonoivu"],
        province=province,
        year=2026,
        frameworks={"department": department_fw, "commune": commune_fw},
        deadlines=(
            deadline,
            deadline + dt.timedelta(days=31),
            deadline + dt.timedelta(days=41),
            deadline + dt.timedelta(days=62),
        ),
    )
    for username, unit_ref in (("canbo.sxd", "local:CT-SXD"), ("canbo.caikhe", "current_34:31120")):
        assessment = Assessment.objects.get(round=round_2026, unit=find_unit(unit_ref))
        _partly_fill(assessment, users[username], rng)
    log(
        _("{round}: open for self-assessment until {deadline}.").format(
            round=round_2026.name, deadline=deadline.strftime("%d/%m/%Y")
        )
    )
    for round_ in (round_2024, round_2025, round_2026):
        round_.refresh_from_db()
        summary.rounds[round_.year] = str(round_.get_status_display())


def database_has_units() -> bool:
    return Unit.objects.exists()
