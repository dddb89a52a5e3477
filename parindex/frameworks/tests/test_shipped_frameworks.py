"""The frameworks shipped with ParIndex import cleanly and add up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.frameworks.models import Criterion, Framework
from parindex.lib.scoring.inputs import LeafInput
from parindex.lib.scoring.methods import METHODS, RATE_METHODS
from parindex.lib.scoring.total import score

pytestmark = pytest.mark.django_db


def test_it_imports_the_three_shipped_frameworks(shipped: None) -> None:
    """PROVINCE-2017 (official structure) and the two illustrative frameworks are stored."""
    assert dict(Framework.objects.values_list("code", "is_illustrative")) == {
        "PROVINCE-2017": False,
        "DEPARTMENT-ILLUSTRATIVE": True,
        "COMMUNE-ILLUSTRATIVE": True,
    }


def test_it_totals_100_and_every_parent_is_the_sum_of_its_children(shipped: None) -> None:
    """Each framework's areas add up to 100; each parent's max is the sum of its children's
    (bonus and deduction rows excluded)."""
    for framework in Framework.objects.all():
        spec = framework.to_spec()
        assert spec.computed_max() == Decimal(100) == framework.max_points
        for node in spec.walk():
            if node.children:
                assert node.max_points == sum(
                    (c.max_points or Decimal(0) for c in node.children if not c.is_adjustment),
                    Decimal(0),
                ), node.code


def test_it_keeps_the_2017_areas_and_their_sources(shipped: None) -> None:
    """The 2017 areas carry the verified maxima of 2948/QĐ-BNV and their source."""
    framework = Framework.objects.get(code="PROVINCE-2017")
    assert framework.structure_only and framework.methodology_decision.startswith("Quyết định 2948")
    maxima = dict(framework.criteria.values_list("code", "max_points"))
    assert maxima == {
        "direction_management": Decimal(10),
        "legal_documents": Decimal(10),
        "procedure_reform": Decimal("14.5"),
        "apparatus_reform": Decimal(11),
        "civil_servant_workforce": Decimal(16),
        "public_finance_reform": Decimal(7),
        "administrative_modernisation": Decimal(16),
        "par_impact": Decimal("15.5"),
    }
    assert all("22610" in s for s in framework.criteria.values_list("source", flat=True))


def test_it_builds_the_illustrative_frameworks_on_the_official_areas(shipped: None) -> None:
    """Both illustrative frameworks use the eight official areas plus bonus/deduction, 30–40
    scored rows, every method type between them, a dossier metric and a SIPAS row, bands
    A/B/C/D, and say in their metadata that they are illustrative."""
    areas = [
        "direction_management",
        "institutional_reform",
        "procedure_reform",
        "apparatus_reform",
        "civil_service_reform",
        "public_finance_reform",
        "digital_government",
        "par_impact",
        "bonus_deduction",
    ]
    methods: set[str] = set()
    for code in ("DEPARTMENT-ILLUSTRATIVE", "COMMUNE-ILLUSTRATIVE"):
        framework = Framework.objects.get(code=code)
        assert framework.metadata["illustrative"] is True
        assert "minh họa" in framework.metadata["notice_vi"]
        assert list(framework.criteria.filter(level=1).values_list("code", flat=True)) == areas
        leaves = Criterion.objects.filter(framework=framework, children__isnull=True)
        assert 30 <= leaves.count() <= 40
        methods |= set(leaves.values_list("method", flat=True))
        assert leaves.filter(input_source="dossier_metric").exists()
        assert leaves.filter(method="external_index", params__index="SIPAS").exists()
        bands = framework.to_spec().bands
        assert [(b.code, b.lower, b.upper) for b in bands] == [
            ("group_a", 90, None),
            ("group_b", 80, 90),
            ("group_c", 70, 80),
            ("group_d", 0, 70),
        ]
    assert methods == set(METHODS)


def test_it_scores_a_shipped_framework_with_full_marks(shipped: None) -> None:
    """Every row at its best gives 100 points, 100 %, group A."""
    spec = Framework.objects.get(code="DEPARTMENT-ILLUSTRATIVE").to_spec()
    best: dict[str, LeafInput] = {}
    for leaf in spec.leaves():
        if leaf.method == "binary":
            best[leaf.code] = LeafInput(met=True)
        elif leaf.method in RATE_METHODS:
            best[leaf.code] = LeafInput(rate=Decimal(1))
        elif leaf.method in ("count_steps", "deduction"):
            best[leaf.code] = LeafInput(count=10 if leaf.method == "count_steps" else 0)
        elif leaf.method == "bonus":
            best[leaf.code] = LeafInput(count=0)
        else:
            best[leaf.code] = LeafInput(points=leaf.max_points)
    result = score(spec, best)
    assert (result.total, result.score_pct) == (100, 100)
    assert result.band is not None and result.band.code == "group_a"


def test_it_binds_every_dossier_metric_of_the_illustrative_frameworks(shipped: None) -> None:
    """Each dossier-metric leaf names a registered indicator its method can take (the on-time
    rate, online share, electronic results, online payment); the fully-online procedures row
    (766 indicator 3.1, a property of the procedure catalogue) is declared by the unit."""
    from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE
    from parindex.frameworks.indicator_bindings import accepted_kinds

    expected = {
        "pr_on_time": "on_time_rate",
        "pr_online_dossiers": "online_share",
        "pr_digitisation": "electronic_result_share",
        "pr_online_payment": "online_payment_share",
    }
    for code in ("DEPARTMENT-ILLUSTRATIVE", "COMMUNE-ILLUSTRATIVE"):
        leaves = Criterion.objects.filter(
            framework__code=code, children__isnull=True, input_source="dossier_metric"
        )
        bound = {leaf.code: leaf.params.get("indicator") for leaf in leaves}
        assert bound == {k: v for k, v in expected.items() if k in bound}, code
        assert {"pr_on_time", "pr_online_dossiers", "pr_digitisation"} <= set(bound)
        for leaf in leaves:
            indicator = INDICATOR_BY_CODE[leaf.params["indicator"]]
            assert indicator.kind in accepted_kinds(leaf.method), leaf.code
        full_online = Criterion.objects.get(framework__code=code, code="pr_full_online")
        assert full_online.input_source == "declared"
