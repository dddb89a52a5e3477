"""Numbers and dates the Vietnamese way (87,61 %; 26/11/2026), for CLI tables and reports.

Web pages use Django's localisation with ``parindex.display_formats``; this module serves
output that is produced outside a template.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def format_number(value: float | Decimal | int | None, places: int = 2, lang: str = "vi") -> str:
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}"
    if lang.startswith("vi"):
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_pct(value: float | Decimal | None, places: int = 2, lang: str = "vi") -> str:
    if value is None:
        return "—"
    return f"{format_number(value, places, lang)} %"


def format_date(value: dt.date | None) -> str:
    return "—" if value is None else value.strftime("%d/%m/%Y")
