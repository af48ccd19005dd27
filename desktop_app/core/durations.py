"""Durations as people read them."""

from __future__ import annotations

from typing import Any


def mmss(seconds: Any) -> str:
    """``m:ss``, rounded to the nearest second (the report, the findings, Review's time
    line and the player's sentences all say the same time)."""
    s = max(0, round(float(seconds or 0)))
    return f"{s // 60}:{s % 60:02d}"
