"""``parindex assessments refresh-feeds --round ID [--unit CODE] [--format text|json]``.

Fills the data-derived criteria (``input_source: dossier_metric`` with an ``indicator``) of every
assessment of a round — or of one unit's assessment — from the dossier store over the round's
year, as the system (docs/cli-assessments.md). Exit codes: 0 done; 1 unknown round or unit,
a round that is not open, or a dossier store that cannot be read (nothing is changed).
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments import actions
from parindex.assessments.models import Assessment, AssessmentRound
from parindex.lib.errors import InputRejected, Problem

NAME = "refresh-feeds"
HELP = gettext_lazy("Fill the data-derived criteria of a round from the dossier figures.")


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--round", type=int, required=True, help=str(gettext_lazy("The round's id."))
    )
    parser.add_argument(
        "--unit",
        help=str(gettext_lazy("Only this unit's assessment (SYSTEM:CODE, or a code).")),
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=str(gettext_lazy("Output format (default: text).")),
    )


def handle(command: Any, options: dict[str, Any]) -> None:
    round_ = AssessmentRound.objects.filter(pk=options["round"]).first()
    if round_ is None:
        raise InputRejected(
            [Problem(_("No round has the id {id}.").format(id=options["round"]), field="--round")]
        )
    target: Assessment | AssessmentRound = round_
    if options["unit"]:
        from parindex.units.queries import find_unit

        try:
            unit = find_unit(options["unit"], as_of=dt.date(round_.year, 12, 31))
        except InputRejected as exc:
            raise InputRejected(
                [Problem(p.message, field="--unit") for p in exc.problems]
            ) from None
        assessment = Assessment.objects.filter(round=round_, unit=unit).first()
        if assessment is None:
            raise InputRejected(
                [
                    Problem(
                        _("{unit} is not assessed in the round “{round}”.").format(
                            unit=unit.name, round=round_.name
                        ),
                        field="--unit",
                    )
                ]
            )
        target = assessment
    result = actions.refresh_feeds(target, actor=None)
    if options["format"] == "json":
        command.write_json(
            {
                "round": round_.pk,
                "period": result.period,
                "assessments": result.assessments,
                "fed_criteria": result.fed,
                "changed": result.changed,
                "undefined": result.undefined,
                "unsupported": result.unsupported,
            }
        )
        return
    command.stdout.write(
        _(
            "{round}, period {period}: {assessments} assessment(s), {fed} data-derived "
            "criteria, {changed} changed, {undefined} without dossiers (left empty), "
            "{unsupported} that no indicator can fill."
        ).format(
            round=round_.name,
            period=result.period,
            assessments=result.assessments,
            fed=result.fed,
            changed=result.changed,
            undefined=result.undefined,
            unsupported=result.unsupported,
        )
    )
