"""Numbers and emotions as readers of each language write them. Shared by pages and charts."""

from __future__ import annotations

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
    if value is None:
        return ""
    if value.is_integer():
        return number(int(value), lang)
    decimals = min(len(repr(value).split(".")[1]), 3)
    return number(value, lang, decimals)


def emotion_level(value: float | None) -> int | None:
    """The −2…+2 step a mean emotion rounds to."""
    return None if value is None else max(-2, min(2, int(round(value))))


@dataclass(frozen=True)
class Emotion:
    level: int
    shown: str  # "+0.7", "−2" (with a real minus sign)
    word: str  # "positive"


def emotion(value: float | None, labels: Mapping[str, str], lang: str) -> Emotion | None:
    level = emotion_level(value)
    if level is None or value is None:
        return None
    shown = f"{int(value):+d}" if float(value).is_integer() else f"{value:+.1f}"
    if shown in ("+0.0", "-0.0", "+0"):
        shown = "0"
    if lang == "es":
        shown = shown.replace(".", ",")
    return Emotion(level, shown.replace("-", "\u2212"), labels[f"emotion_{level}"])
