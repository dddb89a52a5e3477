"""Forms of the assessment pages, and the parsing of numbers typed the Vietnamese way."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments.models import AdjustmentReason, Phase
from parindex.assessments.scoring import fields_for
from parindex.core.types import UserAccount
from parindex.frameworks.models import Framework
from parindex.lib.errors import Problem
from parindex.lib.scoring.tree import NodeSpec

_NUMBER = re.compile(r"^-?[\d.,\s]+$")


def parse_number(text: str | None) -> Decimal | None:
    """A number typed by a person: ``18``, ``0,5`` or ``0.5``, ``1.234,5`` or ``1,234.5``.

    Empty text is ``None``; anything else that is not a number raises ``ValueError``.
    """
    if text is None:
        return None
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if raw == "":
        return None
    if not _NUMBER.match(raw):
        raise ValueError(text)
    if "," in raw and "." in raw:
        # The later separator is the decimal mark.
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def parse_entry_post(node: NodeSpec, data: Any) -> tuple[dict[str, Any], list[Problem]]:
    """The declared values of one criterion from a posted form (or API body)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    values["not_applicable"] = str(data.get("not_applicable", "")).lower() in (
        "on",
        "true",
        "1",
        "yes",
    )
    if "explanation" in data:
        values["explanation"] = str(data.get("explanation") or "")
    for name in fields_for(node):
        raw = data.get(name)
        if name == "is_met":
            text = "" if raw is None else str(raw).strip().lower()
            values[name] = {"": None, "yes": True, "true": True, "1": True, "no": False}.get(
                text, False if text in ("false", "0") else None
            )
            continue
        try:
            number = parse_number(None if raw is None else str(raw))
        except ValueError:
            problems.append(Problem(_("“{value}” is not a number.").format(value=raw), field=name))
            continue
        if name == "count" and number is not None:
            if number != number.to_integral_value():
                problems.append(Problem(_("A whole number is required."), field=name))
                continue
            values[name] = int(number)
        else:
            values[name] = number
    return values, problems


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeadlinesForm(forms.Form):
    self_assessment_deadline = forms.DateField(
        label=gettext_lazy("Self-assessment deadline"), widget=DateInput()
    )
    explanation_deadline = forms.DateField(
        label=gettext_lazy("Explanation deadline"), widget=DateInput()
    )
    appraisal_deadline = forms.DateField(
        label=gettext_lazy("Appraisal deadline"), widget=DateInput()
    )
    council_deadline = forms.DateField(
        label=gettext_lazy("Council deadline"), widget=DateInput(), required=False
    )


class RoundForm(DeadlinesForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    year = forms.IntegerField(label=gettext_lazy("Index year"), min_value=2000, max_value=2100)
    department_framework = forms.ModelChoiceField(
        label=gettext_lazy("Framework for departments"),
        queryset=Framework.objects.none(),
        required=False,
    )
    commune_framework = forms.ModelChoiceField(
        label=gettext_lazy("Framework for communes"),
        queryset=Framework.objects.none(),
        required=False,
    )
    field_order = [
        "name",
        "year",
        "department_framework",
        "commune_framework",
        "self_assessment_deadline",
        "explanation_deadline",
        "appraisal_deadline",
        "council_deadline",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        usable = Framework.objects.filter(structure_only=False).order_by("code")
        self.fields["department_framework"].queryset = usable  # type: ignore[attr-defined]
        self.fields["commune_framework"].queryset = usable  # type: ignore[attr-defined]


class ExceptionForm(forms.Form):
    assessment = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int)
    phase = forms.ChoiceField(label=gettext_lazy("Phase"), choices=Phase.choices)
    until = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = units or []  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    user: forms.ModelChoiceField[UserAccount] = forms.ModelChoiceField(
        label=gettext_lazy("Appraiser"), queryset=get_user_model().objects.none()
    )
    area_code = forms.ChoiceField(label=gettext_lazy("Area"))

    def __init__(
        self,
        *args: Any,
        users: QuerySet[UserAccount] | None = None,
        areas: list[tuple[str, str]] | None = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        if users is not None:
            user_field: Any = self.fields["user"]
            user_field.queryset = users
        self.fields["area_code"].choices = areas or []  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    name_vi = forms.CharField(label=gettext_lazy("Name (Vietnamese)"), max_length=255)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=255, required=False)
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


class AppraisalForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("accept", gettext_lazy("Accept")),
            ("adjust", gettext_lazy("Adjust")),
            ("return", gettext_lazy("Return for explanation")),
        ],
    )
    points = forms.CharField(label=gettext_lazy("Points"), required=False)
    reason_code = forms.ChoiceField(label=gettext_lazy("Reason"), required=False)
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (r.code, f"{r.code} — {r.name_vi}")
            for r in AdjustmentReason.objects.filter(is_active=True)
        ]

    def clean_points(self) -> Decimal | None:
        try:
            return parse_number(self.cleaned_data.get("points"))
        except ValueError:
            raise forms.ValidationError(_("Not a number.")) from None
