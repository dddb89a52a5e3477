"""Every page and API endpoint of the cycle, for every role: allowed, 403 where the object is
visible but the action is not the role's, 404 outside the user's scope.

One generic harness (convention 9): each row of ``CASES`` names a URL, a method, the data to
send and the status each persona must get; the test is generated for every (row, persona).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from parindex.assessments import actions
from parindex.testing import PDF_BYTES, TestProvince, _named_bytes

ROLES = (
    "anonymous",
    "province_admin",
    "unit_staff",
    "unit_head",
    "appraiser",
    "council_member",
    "leader",
    "outsider",
)
OVERSEE = ("province_admin", "appraiser", "council_member", "leader")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[TestProvince], str]
    expect: dict[str, int]
    data: Callable[[TestProvince], Any] = field(default=lambda par: {})
    api: bool = False


def statuses(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    found = dict.fromkeys(ROLES, default)
    found["anonymous"] = anonymous
    found.update(overrides)
    return found


def only(
    allowed: int, roles: tuple[str, ...], *, other: int = 403, **overrides: int
) -> dict[str, int]:
    found = {role: (allowed if role in roles else other) for role in ROLES}
    found["anonymous"] = 302
    found.update(overrides)
    return found


def a(par: TestProvince) -> int:
    return par.assessment_a.pk


def r(par: TestProvince) -> int:
    return par.round.pk


def plan(par: TestProvince) -> int:
    return par.entry("dm_plan").pk


def attached(par: TestProvince) -> int:
    evidence = actions.attach_evidence(
        par.entry("dm_plan"), actor="test", upload=_named_bytes("ke-hoach.pdf", PDF_BYTES)
    )
    return evidence.pk


UNIT_VIEW = statuses(200, outsider=404)
UNIT_FILL = only(302, ("unit_staff", "unit_head"), outsider=404)
UNIT_HEAD = only(302, ("unit_head",), outsider=404)
APPRAISE = only(302, ("appraiser",), outsider=404)
ROUND_OVERSEE = only(200, OVERSEE)
ROUND_ADMIN = only(302, ("province_admin",))
DEADLINES = {
    "self_assessment_deadline": "2099-01-10",
    "explanation_deadline": "2099-01-20",
    "appraisal_deadline": "2099-01-30",
    "council_deadline": "2099-02-10",
}

CASES = [
    Case("rounds", "get", lambda par: "/assessments/", statuses(200)),
    Case("round", "get", lambda par: f"/assessments/rounds/{r(par)}/", statuses(200)),
    Case(
        "round_create",
        "get",
        lambda par: "/assessments/rounds/new/",
        only(200, ("province_admin",)),
    ),
    Case("deadlines", "get", lambda par: f"/assessments/rounds/{r(par)}/deadlines/", ROUND_OVERSEE),
    Case(
        "deadlines_post",
        "post",
        lambda par: f"/assessments/rounds/{r(par)}/deadlines/",
        ROUND_ADMIN,
        data=lambda par: DEADLINES,
    ),
    Case(
        "exception_post",
        "post",
        lambda par: f"/assessments/rounds/{r(par)}/exceptions/",
        ROUND_ADMIN,
        data=lambda par: {
            "assessment": a(par),
            "phase": "self_assessment",
            "until": "2099-12-31",
            "reason": "Lý do",
        },
    ),
    Case(
        "appraisers", "get", lambda par: f"/assessments/rounds/{r(par)}/appraisers/", ROUND_OVERSEE
    ),
    Case(
        "appraisers_post",
        "post",
        lambda par: f"/assessments/rounds/{r(par)}/appraisers/",
        ROUND_ADMIN,
        data=lambda par: {"user": par.users["appraiser"].pk, "area_code": "par_impact"},
    ),
    Case("import", "get", lambda par: f"/assessments/rounds/{r(par)}/import/", ROUND_OVERSEE),
    Case("council", "get", lambda par: f"/assessments/rounds/{r(par)}/council/", ROUND_OVERSEE),
    Case(
        "finalise",
        "post",
        lambda par: f"/assessments/rounds/{r(par)}/finalise/",
        only(302, ("council_member",)),
    ),
    Case("publish", "post", lambda par: f"/assessments/rounds/{r(par)}/publish/", ROUND_ADMIN),
    Case("results", "get", lambda par: f"/assessments/rounds/{r(par)}/results/", statuses(200)),
    Case("analysis", "get", lambda par: f"/assessments/rounds/{r(par)}/analysis/", ROUND_OVERSEE),
    Case(
        "area",
        "get",
        lambda par: f"/assessments/rounds/{r(par)}/areas/direction_management/",
        ROUND_OVERSEE,
    ),
    Case("reasons", "get", lambda par: "/assessments/reasons/", statuses(200)),
    Case(
        "reasons_post",
        "post",
        lambda par: "/assessments/reasons/",
        only(302, ("province_admin",)),
        data=lambda par: {"code": "MOI", "name_vi": "Lý do mới", "is_active": "on"},
    ),
    Case("assessment", "get", lambda par: f"/assessments/units/{a(par)}/", UNIT_VIEW),
    Case("self", "get", lambda par: f"/assessments/units/{a(par)}/self/", UNIT_VIEW),
    Case(
        "entry_save",
        "post",
        lambda par: f"/assessments/units/{a(par)}/entries/{plan(par)}/",
        UNIT_FILL,
        data=lambda par: {"version": "0", "is_met": "yes"},
    ),
    Case(
        "evidence_add",
        "post",
        lambda par: f"/assessments/units/{a(par)}/entries/{plan(par)}/files/",
        UNIT_FILL,
    ),
    Case(
        "evidence_remove",
        "post",
        lambda par: (
            f"/assessments/units/{a(par)}/entries/{plan(par)}/files/{attached(par)}/remove/"
        ),
        UNIT_FILL,
    ),
    Case("submit", "post", lambda par: f"/assessments/units/{a(par)}/submit/", UNIT_HEAD),
    Case(
        "refresh_feeds",
        "post",
        lambda par: f"/assessments/units/{a(par)}/feeds/refresh/",
        only(302, ("unit_staff", "unit_head", "province_admin"), outsider=404),
    ),
    Case("explanation", "get", lambda par: f"/assessments/units/{a(par)}/explanation/", UNIT_VIEW),
    Case(
        "explain_entry",
        "post",
        lambda par: f"/assessments/units/{a(par)}/entries/{plan(par)}/explain/",
        UNIT_HEAD,
        data=lambda par: {"response": "Giải trình"},
    ),
    Case("breakdown", "get", lambda par: f"/assessments/units/{a(par)}/breakdown/", UNIT_VIEW),
    Case(
        "appraise",
        "get",
        lambda par: f"/assessments/units/{a(par)}/appraisal/",
        only(200, OVERSEE, outsider=404),
    ),
    Case(
        "appraise_entry",
        "post",
        lambda par: f"/assessments/units/{a(par)}/entries/{plan(par)}/appraise/",
        APPRAISE,
        data=lambda par: {"decision": "accept"},
    ),
    Case(
        "appraise_entry_outside_areas",
        "post",
        lambda par: f"/assessments/units/{a(par)}/entries/{par.entry('pi_survey').pk}/appraise/",
        only(302, (), outsider=404),
        data=lambda par: {"decision": "adjust", "points": "3"},
    ),
    Case(
        "accept_remaining",
        "post",
        lambda par: f"/assessments/units/{a(par)}/appraisal/accept/",
        APPRAISE,
    ),
    Case("file", "get", lambda par: f"/assessments/files/{attached(par)}/", UNIT_VIEW),
    Case("public_index", "get", lambda par: "/public/", statuses(200, anonymous=200)),
    Case(
        "public_unpublished",
        "get",
        lambda par: f"/public/rounds/{r(par)}/",
        statuses(404, anonymous=404),
    ),
    Case("home", "get", lambda par: "/", statuses(200, anonymous=200)),
    # ---------------------------------------------------------------- API
    Case("api_rounds", "get", lambda par: "/api/rounds", statuses(200, anonymous=401), api=True),
    Case(
        "api_round",
        "get",
        lambda par: f"/api/rounds/{r(par)}",
        statuses(200, anonymous=401),
        api=True,
    ),
    Case(
        "api_round_assessments",
        "get",
        lambda par: f"/api/rounds/{r(par)}/assessments",
        statuses(200, anonymous=401),
        api=True,
    ),
    Case(
        "api_assessment",
        "get",
        lambda par: f"/api/assessments/{a(par)}",
        statuses(200, anonymous=401, outsider=404),
        api=True,
    ),
    Case(
        "api_entries",
        "get",
        lambda par: f"/api/assessments/{a(par)}/entries",
        statuses(200, anonymous=401, outsider=404),
        api=True,
    ),
    Case(
        "api_entry_save",
        "put",
        lambda par: f"/api/entries/{plan(par)}",
        {**only(200, ("unit_staff", "unit_head"), outsider=404), "anonymous": 401},
        data=lambda par: {"version": 0, "is_met": True},
        api=True,
    ),
    Case(
        "api_submit",
        "post",
        lambda par: f"/api/assessments/{a(par)}/submit",
        {**only(400, ("unit_head",), outsider=404), "anonymous": 401},
        api=True,
    ),
    Case(
        "api_public_rounds",
        "get",
        lambda par: "/api/public/rounds",
        statuses(200, anonymous=200),
        api=True,
    ),
    Case(
        "api_public_results_unpublished",
        "get",
        lambda par: f"/api/public/rounds/{r(par)}/results",
        statuses(404, anonymous=404),
        api=True,
    ),
    Case(
        "api_schema", "get", lambda par: "/api/openapi.json", statuses(200, anonymous=200), api=True
    ),
]


@pytest.mark.parametrize(
    ("case", "role"),
    [(case, role) for case in CASES for role in ROLES],
    ids=[f"{case.name}-{role}" for case in CASES for role in ROLES],
)
def test_it_gives_each_role_the_expected_status(
    case: Case, role: str, par: TestProvince, client_for: Any
) -> None:
    """Each persona gets the status of the access table for each page and endpoint."""
    url = case.url(par)
    data = case.data(par)
    client = client_for(role)
    if case.api and case.method in ("put", "post"):
        response = getattr(client, case.method)(
            url, json.dumps(data), content_type="application/json"
        )
    else:
        response = getattr(client, case.method)(url, data)
    response.close()  # a file download is streamed: close it
    assert response.status_code == case.expect[role], (
        f"{case.method.upper()} {url} as {role}: {response.status_code}"
    )


def test_it_covers_every_url_of_the_cycle() -> None:
    """Every named URL of the assessments and public apps appears in the table."""
    from parindex.assessments.urls import urlpatterns as assessment_urls
    from parindex.public.urls import urlpatterns as public_urls

    names = {p.name for p in assessment_urls + public_urls}
    covered = {case.name for case in CASES} | {"index", "results", "unassign"}
    aliases = {
        "round_create": "round_create",
        "exception": "exception_post",
        "explain": "explanation",
        "explain_entry": "explain_entry",
        "rounds": "rounds",
    }
    missing = {n for n in names if n and n not in covered and aliases.get(n, "") not in covered}
    assert missing == set()


def test_it_keeps_unit_a_invisible_to_the_outsider(par: TestProvince, client_for: Any) -> None:
    """The outsider's round page and API list show Sở B only, never Sở A."""
    client = client_for("outsider")
    page = client.get(f"/assessments/rounds/{par.round.pk}/").content.decode()
    assert "Sở B" in page and "Sở A" not in page
    listed = client.get(f"/api/rounds/{par.round.pk}/assessments").json()
    assert [item["unit_name"] for item in listed] == ["Sở B"]
