"""Classification bands (xếp loại): the band a rate falls in; what is wrong with a band list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.lib.errors import Problem
from parindex.lib.i18n import _


@dataclass(frozen=True)
class Band:
    """A classification band: ``lower`` (inclusive with ``>=``, strict with ``>``) up to
    ``upper`` (always exclusive; ``None`` = no upper bound). Bounds are rates in %."""

    code: str
    name_vi: str
    name_en: str
    lower: Decimal | None
    operator: str = ">="
    upper: Decimal | None = None

    def contains(self, score_pct: Decimal) -> bool:
        if self.lower is not None:
            if self.operator == ">" and not score_pct > self.lower:
                return False
            if self.operator == ">=" and not score_pct >= self.lower:
                return False
        return self.upper is None or score_pct < self.upper

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "lower": self.lower,
            "operator": self.operator,
            "upper": self.upper,
        }


def band_for(bands: Sequence[Band], score_pct: Decimal | None) -> Band | None:
    """The first band containing the (unrounded) rate, or ``None``."""
    if score_pct is None:
        return None
    for band in bands:
        if band.contains(score_pct):
            return band
    return None


def band_problems(bands: Sequence[Band]) -> list[tuple[int, Problem]]:
    """Problems of a band list, each with the index of the band it concerns."""
    found: list[tuple[int, Problem]] = []
    seen: set[str] = set()
    for index, band in enumerate(bands):
        if not band.code:
            found.append((index, Problem(_("A band needs a code."), field="code")))
        elif band.code in seen:
            found.append((index, Problem(_("Duplicate band code {code}.").format(code=band.code))))
        seen.add(band.code)
        if band.operator not in (">=", ">"):
            found.append(
                (
                    index,
                    Problem(_("The operator must be “>=” or “>”."), field="operator"),
                )
            )
        if band.lower is not None and band.upper is not None and band.upper <= band.lower:
            found.append(
                (index, Problem(_("The upper bound must be above the lower bound."), field="upper"))
            )
    for i, first in enumerate(bands):
        for j in range(i + 1, len(bands)):
            if _bands_overlap(first, bands[j]):
                found.append(
                    (
                        j,
                        Problem(
                            _("Band {code} overlaps band {other}.").format(
                                code=bands[j].code, other=first.code
                            ),
                            field="lower",
                        ),
                    )
                )
    return found


def _bands_overlap(a: Band, b: Band) -> bool:
    # Upper bounds are exclusive, so two bands share a rate exactly when the higher of the two
    # lower bounds lies below the lower of the two upper bounds (equal lower bounds always
    # overlap, whatever the operators). A missing bound is infinite.
    lowest, highest = Decimal("-Infinity"), Decimal("Infinity")
    lower = max(lowest if a.lower is None else a.lower, lowest if b.lower is None else b.lower)
    upper = min(highest if a.upper is None else a.upper, highest if b.upper is None else b.upper)
    return lower < upper
