"""The areas of the provincial index (``data/national_areas.yaml``): their names and, where
known, their maximum points."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from parindex.lib.files.yaml_loader import load_yaml

AREAS_FILE = Path(__file__).resolve().parent / "data" / "national_areas.yaml"


def _areas() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = load_yaml(AREAS_FILE)["areas"]
    return data


@lru_cache(maxsize=1)
def area_names() -> dict[str, str]:
    """Area code → its name."""
    return {area["code"]: area["name"] for area in _areas()}


def area_label(code: str) -> str:
    """The name of an area (the code itself if unknown)."""
    return area_names().get(code, code)


def national_areas() -> dict[str, float | None]:
    """Area code → its maximum points (None where unknown)."""
    return {area["code"]: area["max_points"] for area in _areas()}
