"""Numbers of the scoring engine: Decimals throughout, rounded only for display."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def to_decimal(value: Any) -> Decimal:
    """A Decimal from an int, a float (through its shortest text), a string or a Decimal."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(value) from None
        if not number.is_finite():
            raise ValueError(value)
        return number
    raise ValueError(repr(value))


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Display rounding: ``places`` decimals, half up (87.605 → 87.61)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
