"""Numbers and emotions as readers of each language write them. Shared by pages and charts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


def number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """`120000` → `120,000` (en) or `120 000` (es: a space from five digits on, comma for decimals)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and decimals == 0:
        value = int(value)
    text = f"{value:,.{decimals}f}" if isinstance(value, float) or decimals else f"{value:,}"
    if lang == "es":
        digits = text.split(".")[0].lstrip("-")
        text = text.replace(",", "\u00a0" if len(digits.replace(",", "")) > 4 else "").replace(".", ",")
    return text


def kpi_number(value: float | None, lang: str) -> str:
    """A KPI as written, within reason: `12.5` → `12.5`, `3` → `3`, `0.00001` → `1e-05`."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return number(int(value), lang)
    if not 0.001 <= abs(value) < 1e15:
        text = f"{value:.3g}"
        return text.replace(".", ",") if lang == "es" else text
    decimals = len(f"{value:.3f}".rstrip("0").split(".")[1])
    return number(value, lang, decimals)


def round_half_away(value: float, digits: int = 0) -> float:
    """0.5 → 1 and −0.5 → −1, as people round (Python's round() sends halves to the even side)."""
    scale = 10 ** digits
    return math.copysign(math.floor(abs(value) * scale + 0.5), value) / scale


def emotion_level(value: float | None) -> int | None:
    """The −2…+2 step a mean emotion rounds to."""
    return None if value is None else max(-2, min(2, int(round_half_away(value))))


@dataclass(frozen=True)
class Emotion:
    level: int
    shown: str  # "+0.7", "−2" (with a real minus sign)
    word: str  # "positive"


def emotion(value: float | None, labels: Mapping[str, str], lang: str) -> Emotion | None:
    level = emotion_level(value)
    if level is None or value is None:
        return None
    rounded = round_half_away(value, 1)
    shown = f"{int(rounded):+d}" if rounded.is_integer() else f"{rounded:+.1f}"
    if shown in ("+0", "-0"):
        shown = "0"
    if lang == "es":
        shown = shown.replace(".", ",")
    return Emotion(level, shown.replace("-", "\u2212"), labels[f"emotion_{level}"])
