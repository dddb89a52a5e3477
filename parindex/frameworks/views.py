"""Framework pages: the list, and one framework's tree with each row's rule in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from parindex.core.types import AuthenticatedRequest
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.queries import frameworks, ordered_criteria
from parindex.frameworks.rule_text import describe_rule, method_label
from parindex.lib.scoring.tree import NodeSpec


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    node: NodeSpec
    method: str
    rule: str


@login_required
def frameworks_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every stored framework, illustrative ones marked."""
    items = list(frameworks())
    return render(
        request,
        "frameworks/list.html",
        {"frameworks": items, "any_illustrative": any(f.is_illustrative for f in items)},
    )


@login_required
def framework_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """One framework's tree: max points, method and its rule, input source, evidence.

    Two queries whatever the size of the tree: the framework, then its criteria.
    """
    framework = get_object_or_404(Framework, code=code)
    criteria = ordered_criteria(framework)
    spec = framework.to_spec(criteria)
    nodes = {node.code: node for node in spec.walk()}
    rows = [
        Row(
            criterion=c,
            node=nodes[c.code],
            method=method_label(nodes[c.code].method) if not nodes[c.code].children else "",
            rule=describe_rule(nodes[c.code]),
        )
        for c in criteria
    ]
    return render(
        request,
        "frameworks/detail.html",
        {"framework": framework, "rows": rows, "spec": spec, "computed_max": spec.computed_max()},
    )
