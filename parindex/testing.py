"""A small province with fixed personas, for tests, the benchmark and the browser tests.

``build_province()`` loads, through the real actions, a province with two departments (Sở A
and Sở B), a small framework for departments (three areas, one survey-scored criterion),
two adjustment reasons, an open round, and one user per persona:

=================  ==================================================================
province_admin     PAR office administrator on the province
unit_staff         staff of Sở A
unit_head          head of Sở A
appraiser          appraiser on the province, for direction_management and
                   institutional_reform (not par_impact)
council_member     council member on the province
leader             leader on the province (reads everything, changes nothing)
outsider           head of Sở B: must get 404 for everything of Sở A
=================  ==================================================================
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from parindex.access.actions import grant_role
from parindex.access.models import Role
from parindex.assessments import actions
from parindex.assessments.models import Assessment, AssessmentRound, CriterionEntry
from parindex.core.types import UserAccount
from parindex.frameworks.actions import import_document
from parindex.frameworks.models import Framework
from parindex.frameworks.yaml_format import load_yaml
from parindex.units.actions import import_units
from parindex.units.models import Unit

PERSONAS = (
    "province_admin",
    "unit_staff",
    "unit_head",
    "appraiser",
    "council_member",
    "leader",
    "outsider",
)
PASSWORD = "persona-pw-2026"

UNITS_YAML = """
source: ParIndex test province
units:
  - {code: TP, code_system: local, name: Tỉnh Thử Nghiệm, kind: province, is_illustrative: true}
  - {code: SO-A, code_system: local, name: Sở A, kind: department, parent: "local:TP",
     is_illustrative: true}
  - {code: SO-B, code_system: local, name: Sở B, kind: department, parent: "local:TP",
     is_illustrative: true}
"""

FRAMEWORK_YAML = """
format: parindex-framework/1
code: TEST-DEPT
version: 1
name_vi: Bộ chỉ số thử cho các sở
name_en: Test framework for departments
unit_kinds: [department]
max_points: 14
not_applicable_policy: award_max
is_illustrative: true
bands:
- {code: group_a, name_vi: Nhóm A, name_en: Group A, lower: 90, operator: ">="}
- {code: group_b, name_vi: Nhóm B, name_en: Group B, lower: 80, operator: ">=", upper: 90}
- {code: group_c, name_vi: Nhóm C, name_en: Group C, lower: 0, operator: ">=", upper: 80}
criteria:
- {code: direction_management, name_vi: "Công tác chỉ đạo, điều hành CCHC",
   name_en: Direction and management of PAR, max_points: 6}
- {code: dm_plan, parent: direction_management, name_vi: Ban hành kế hoạch CCHC năm,
   name_en: Annual PAR plan issued, max_points: 2, method: binary,
   evidence_required: Kế hoạch CCHC năm}
- {code: dm_completion, parent: direction_management, name_vi: Tỷ lệ nhiệm vụ hoàn thành,
   name_en: Share of planned tasks done, max_points: 2, method: rate_proportional,
   params: {mode: plain, full_at: 1.0, zero_below: 0.8}, evidence_required: Báo cáo CCHC năm}
- {code: dm_reports, parent: direction_management, name_vi: Báo cáo định kỳ đúng hạn,
   name_en: Periodic reports on time, max_points: 2, method: count_steps,
   params: {steps: [{at_least: 0, points: 0}, {at_least: 2, points: 1},
   {at_least: 4, points: 2}]}}
- {code: institutional_reform, name_vi: Cải cách thể chế, name_en: Institutional reform,
   max_points: 4}
- {code: ir_review, parent: institutional_reform, name_vi: Rà soát văn bản QPPL,
   name_en: Legal documents reviewed, max_points: 2, method: binary,
   evidence_required: Báo cáo rà soát}
- {code: ir_quality, parent: institutional_reform, name_vi: Chất lượng tham mưu văn bản,
   name_en: Quality of legal drafting, max_points: 2, method: manual}
- {code: par_impact, name_vi: Tác động của CCHC, name_en: Impact of PAR, max_points: 4}
- {code: pi_survey, parent: par_impact, name_vi: Mức độ hài lòng (điều tra xã hội học),
   name_en: Satisfaction (survey), max_points: 4, method: survey, input_source: survey}
"""

#: Declared data that fills every self-scored criterion of Sở A (13 of 14 points with the
#: survey's 3): met, 18 of 20 tasks, 4 reports, met, 1.5 points.
FULL_DATA: dict[str, dict[str, Any]] = {
    "dm_plan": {"is_met": True},
    "dm_completion": {"numerator": 18, "denominator": 20},
    "dm_reports": {"count": 4},
    "ir_review": {"is_met": True, "explanation": "Báo cáo rà soát nộp bản giấy."},
    "ir_quality": {"entered_points": 1.5},
}

#: The smallest valid PDF (for evidence uploads).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class TestProvince:
    """The objects of the small province, and one user per persona."""

    __test__ = False  # not a pytest test class, whatever its name

    province: Unit
    unit_a: Unit
    unit_b: Unit
    framework: Framework
    round: AssessmentRound
    assessment_a: Assessment
    assessment_b: Assessment
    users: dict[str, UserAccount] = field(default_factory=dict)

    def entry(self, code: str, unit: str = "a") -> CriterionEntry:
        assessment = self.assessment_a if unit == "a" else self.assessment_b
        return CriterionEntry.objects.select_related("criterion").get(
            assessment=assessment, criterion__code=code
        )

    def refresh(self) -> TestProvince:
        self.round.refresh_from_db()
        self.assessment_a.refresh_from_db()
        self.assessment_b.refresh_from_db()
        return self


def _decimal_data(data: dict[str, Any]) -> dict[str, Any]:
    from decimal import Decimal

    return {
        key: Decimal(str(value))
        if isinstance(value, float | int) and not isinstance(value, bool) and key != "count"
        else value
        for key, value in data.items()
    }


def make_user(
    username: str, role: str, unit: Unit, *, password: str | None, areas: tuple[str, ...] = ()
) -> UserAccount:
    user = get_user_model().objects.create_user(
        username=username, first_name=username.replace("_", " ").title()
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    grant_role(actor="test", user=user, role=role, unit=unit, area_codes=areas)
    return user


def build_province(
    *, password: str | None = None, today: dt.date | None = None, framework_yaml: str = ""
) -> TestProvince:
    """Load the small province and open its round (deadlines 30–60 days after ``today``)."""
    import_units(io.StringIO(UNITS_YAML), actor="test")
    framework = import_document(load_yaml(framework_yaml or FRAMEWORK_YAML), actor="test").framework
    province = Unit.objects.get(code_system="local", code="TP")
    unit_a = Unit.objects.get(code_system="local", code="SO-A")
    unit_b = Unit.objects.get(code_system="local", code="SO-B")
    users = {
        "province_admin": make_user(
            "province_admin", Role.PROVINCE_ADMIN, province, password=password
        ),
        "unit_staff": make_user("unit_staff", Role.UNIT_STAFF, unit_a, password=password),
        "unit_head": make_user("unit_head", Role.UNIT_HEAD, unit_a, password=password),
        "appraiser": make_user(
            "appraiser",
            Role.APPRAISER,
            province,
            password=password,
            areas=("direction_management", "institutional_reform"),
        ),
        "council_member": make_user(
            "council_member", Role.COUNCIL_MEMBER, province, password=password
        ),
        "leader": make_user("leader", Role.LEADER, province, password=password),
        "outsider": make_user("outsider", Role.UNIT_HEAD, unit_b, password=password),
    }
    actions.save_adjustment_reason(
        actor="test",
        code="THIEU_TLKC",
        name_vi="Thiếu tài liệu kiểm chứng",
        name_en="Evidence missing",
    )
    actions.save_adjustment_reason(
        actor="test",
        code="SAI_SO_LIEU",
        name_vi="Số liệu kê khai không khớp tài liệu",
        name_en="Declared data do not match the evidence",
    )
    start = today or actions.today()
    round_ = actions.open_round(
        actor=users["province_admin"],
        province=province,
        year=start.year,
        name="Đánh giá CCHC năm {year}".format(year=start.year),
        frameworks={"department": framework},
        self_assessment_deadline=start + dt.timedelta(days=30),
        explanation_deadline=start + dt.timedelta(days=40),
        appraisal_deadline=start + dt.timedelta(days=50),
        council_deadline=start + dt.timedelta(days=60),
    )
    return TestProvince(
        province=province,
        unit_a=unit_a,
        unit_b=unit_b,
        framework=framework,
        round=round_,
        assessment_a=Assessment.objects.get(round=round_, unit=unit_a),
        assessment_b=Assessment.objects.get(round=round_, unit=unit_b),
        users=users,
    )


def reload_province(par: TestProvince) -> TestProvince:
    """The same province read again from the database: new objects, none of them shared with
    ``par`` (code caches on users; tests change objects in memory). Five queries."""
    units = Unit.objects.in_bulk([par.province.pk, par.unit_a.pk, par.unit_b.pk])
    assessments = Assessment.objects.in_bulk([par.assessment_a.pk, par.assessment_b.pk])
    users = get_user_model().objects.in_bulk([user.pk for user in par.users.values()])
    return TestProvince(
        province=units[par.province.pk],
        unit_a=units[par.unit_a.pk],
        unit_b=units[par.unit_b.pk],
        framework=Framework.objects.get(pk=par.framework.pk),
        round=AssessmentRound.objects.get(pk=par.round.pk),
        assessment_a=assessments[par.assessment_a.pk],
        assessment_b=assessments[par.assessment_b.pk],
        users={name: users[user.pk] for name, user in par.users.items()},
    )


def fill_and_submit(par: TestProvince, unit: str = "a") -> Assessment:
    """Declare every self-scored criterion and submit (as the system)."""
    assessment = par.assessment_a if unit == "a" else par.assessment_b
    actions.save_entries(
        assessment, actor="test", rows={k: _decimal_data(v) for k, v in FULL_DATA.items()}
    )
    actions.attach_evidence(
        par.entry("dm_plan", unit),
        actor="test",
        upload=_named_bytes("ke-hoach-cchc.pdf", PDF_BYTES),
    )
    actions.save_entry(
        par.entry("dm_completion", unit),
        actor="test",
        version=par.entry("dm_completion", unit).version,
        values={"explanation": "Báo cáo năm đang trình ký."},
    )
    return actions.submit_self_assessment(assessment, actor="test")


def appraise_all(par: TestProvince, unit: str = "a", survey_points: str = "3") -> Assessment:
    """Accept every self-score and import the survey points (as the system)."""
    assessment = par.assessment_a if unit == "a" else par.assessment_b
    actions.accept_remaining(assessment, actor="test")
    key = (par.unit_a if unit == "a" else par.unit_b).key
    actions.import_external_points(
        par.round,
        "unit_code,criterion_code,points\n{key},pi_survey,{points}\n".format(
            key=key, points=survey_points
        ).encode(),
        actor="test",
        file_name="survey.csv",
    )
    assessment.refresh_from_db()
    return assessment


class _named_bytes(io.BytesIO):
    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name


def complete_round(round_: AssessmentRound, survey_points: dict[str, str]) -> list[Any]:
    """Take every unit of ``round_`` to publication as the system: declare ``FULL_DATA``
    (with explanations instead of files), submit, accept, import the survey points given per
    unit code, finalise and publish. Returns the published results."""
    rows = {
        code: {**_decimal_data(values), "explanation": "Tài liệu nộp bản giấy."}
        for code, values in FULL_DATA.items()
    }
    assessments = list(Assessment.objects.filter(round=round_).select_related("unit"))
    for assessment in assessments:
        actions.save_entries(assessment, actor="test", rows=rows)
        actions.submit_self_assessment(assessment, actor="test")
        actions.accept_remaining(assessment, actor="test")
    lines = "".join(
        "{code},pi_survey,{points}\n".format(code=a.unit.key, points=survey_points[a.unit.code])
        for a in assessments
    )
    actions.import_external_points(
        round_, ("unit_code,criterion_code,points\n" + lines).encode(), actor="test"
    )
    actions.finalise_round(round_, actor="test")
    return actions.publish_results(round_, actor="test")


# --------------------------------------------------------------------------- large data


def large_framework_yaml(leaves: int, code: str) -> str:
    """A department framework of ``leaves`` criteria (1 point each) in areas of ten."""
    methods = (
        "method: binary, evidence_required: Văn bản",
        "method: rate_proportional, params: {mode: scaled, full_at: 1.0}",
        "method: count_steps, params: {steps: [{at_least: 0, points: 0}, "
        "{at_least: 2, points: 1}]}",
        "method: manual",
    )
    lines = [
        "format: parindex-framework/1",
        f"code: {code}",
        "version: 1",
        f"name_vi: Bộ chỉ số lớn {leaves}",
        "unit_kinds: [department]",
        f"max_points: {leaves}",
        "is_illustrative: true",
        "bands:",
        "- {code: group_a, name_vi: Nhóm A, name_en: Group A, lower: 90}",
        "- {code: group_b, name_vi: Nhóm B, name_en: Group B, lower: 0, upper: 90}",
        "criteria:",
    ]
    areas = (leaves + 9) // 10
    for area in range(areas):
        size = min(10, leaves - area * 10)
        lines.append(f"- {{code: area{area}, name_vi: Lĩnh vực {area}, max_points: {size}}}")
        for index in range(size):
            number = area * 10 + index
            extra = methods[number % len(methods)]
            lines.append(
                f"- {{code: c{number}, parent: area{area}, name_vi: Tiêu chí {number}, "
                f"max_points: 1, {extra}}}"
            )
    return "\n".join(lines) + "\n"


def add_departments(province: Unit, count: int, prefix: str) -> list[Unit]:
    """``count`` illustrative departments under ``province`` (through the units import)."""
    rows = "\n".join(
        f'  - {{code: {prefix}-{n}, code_system: local, name: "Sở {prefix} {n}", '
        f'kind: department, parent: "{province.key}", is_illustrative: true}}'
        for n in range(count)
    )
    import_units(io.StringIO(f"source: test\nunits:\n{rows}\n"), actor="test")
    return list(Unit.objects.filter(code__startswith=f"{prefix}-").order_by("code"))


def open_large_assessment(par: TestProvince, *, criteria: int, year: int) -> Assessment:
    """An open round of ``year`` for Sở A on a framework of ``criteria`` leaves, half filled."""
    framework = import_document(
        load_yaml(large_framework_yaml(criteria, f"LARGE-{criteria}")), actor="test"
    ).framework
    round_ = actions.open_round(
        actor="test",
        province=par.province,
        year=year,
        name=f"Lớn {criteria}",
        frameworks={"department": framework},
        units=[par.unit_a],
        self_assessment_deadline=actions.today() + dt.timedelta(days=30),
        explanation_deadline=actions.today() + dt.timedelta(days=40),
        appraisal_deadline=actions.today() + dt.timedelta(days=50),
    )
    assessment = Assessment.objects.get(round=round_)
    from decimal import Decimal

    rows: dict[str, dict[str, Any]] = {}
    for number in range(0, criteria, 2):
        kind = number % 4
        rows[f"c{number}"] = (
            {"is_met": True}
            if kind == 0
            else {"numerator": Decimal(9), "denominator": Decimal(10)}
            if kind == 1
            else {"count": 3}
            if kind == 2
            else {"entered_points": Decimal("0.5")}
        )
    actions.save_entries(assessment, actor="test", rows=rows)
    if criteria:
        actions.attach_evidence(
            CriterionEntry.objects.get(assessment=assessment, criterion__code="c0"),
            actor="test",
            upload=_named_bytes("vb.pdf", PDF_BYTES),
        )
    return assessment


def seed_published_round(par: TestProvince, *, units: int, year: int) -> AssessmentRound:
    """A published round of ``year`` with ``units`` departments and varied results.

    Declared data are written in bulk (a test shortcut); finalisation and publication go
    through the real actions.
    """
    from decimal import Decimal

    from parindex.assessments.models import AssessmentState

    departments = add_departments(par.province, units, f"Y{year}")
    round_ = actions.open_round(
        actor="test",
        province=par.province,
        year=year,
        name=f"Đánh giá {year}",
        frameworks={"department": par.framework},
        units=departments,
        self_assessment_deadline=actions.today() + dt.timedelta(days=30),
        explanation_deadline=actions.today() + dt.timedelta(days=40),
        appraisal_deadline=actions.today() + dt.timedelta(days=50),
    )
    for index, assessment in enumerate(Assessment.objects.filter(round=round_)):
        share = Decimal(50 + (index * 37) % 50) / 100
        for entry in CriterionEntry.objects.filter(assessment=assessment).select_related(
            "criterion"
        ):
            points = (entry.criterion.max_points or Decimal(0)) * share
            CriterionEntry.objects.filter(pk=entry.pk).update(
                self_points=points, appraised_points=points, appraisal_decision="accepted"
            )
    Assessment.objects.filter(round=round_).update(state=AssessmentState.COUNCIL_REVIEW)
    actions.finalise_round(round_, actor="test")
    actions.publish_results(round_, actor="test")
    round_.refresh_from_db()
    return round_
