"""Delivery in the JSON report: pitch (vocal variety) and loudness, as frozen dataclasses.

The measuring is in vocal.py; this module is the data and its JSON form, so that a
stored report can be read back without loading the pitch tracker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


def _f(d: dict[str, Any], key: str) -> float:
    value = d.get(key)
    return float(value) if isinstance(value, (int, float)) else 0.0


@dataclass(frozen=True)
class Stretch:
    start: float
    end: float

    def to_dict(self) -> dict[str, float]:
        return {"start": _t(self.start), "end": _t(self.end)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stretch:
        return cls(_f(d, "start"), _f(d, "end"))


def _stretches(items: Any) -> tuple[Stretch, ...]:
    return tuple(Stretch.from_dict(i) for i in items or () if isinstance(i, dict))


@dataclass(frozen=True)
class PitchWindow:
    """One stretch of the answer: its median pitch and variation (semitones)."""

    start: float
    end: float
    median_hz: float
    variation: float

    def to_dict(self) -> dict[str, float]:
        return {"start": _t(self.start), "end": _t(self.end),
                "median_hz": round(self.median_hz, 1), "variation": round(self.variation, 2)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PitchWindow:
        return cls(_f(d, "start"), _f(d, "end"), _f(d, "median_hz"), _f(d, "variation"))


@dataclass(frozen=True)
class Pitch:
    median_hz: float
    range_semitones: float  # 5th to 95th percentile of voiced F0
    variation: float  # spread of voiced F0 in semitones (half the 16th–84th percentile span)
    monotone: tuple[Stretch, ...] = ()
    windows: tuple[PitchWindow, ...] = ()  # extra: the variation per stretch
    contour: tuple[tuple[float, float], ...] = ()  # extra: (time, Hz) for the chart

    def to_dict(self) -> dict[str, Any]:
        return {
            "median_hz": round(self.median_hz, 1),
            "range_semitones": round(self.range_semitones, 2),
            "variation": round(self.variation, 2),
            "monotone": [s.to_dict() for s in self.monotone],
            "windows": [w.to_dict() for w in self.windows],  # extra
            "contour": [[_t(t), round(hz, 1)] for t, hz in self.contour],  # extra
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Pitch | None:
        if not isinstance(d, dict):
            return None
        contour = tuple(
            (float(p[0]), float(p[1])) for p in d.get("contour") or ()
            if isinstance(p, (list, tuple)) and len(p) == 2
        )
        return cls(
            _f(d, "median_hz"), _f(d, "range_semitones"), _f(d, "variation"),
            _stretches(d.get("monotone")),
            tuple(PitchWindow.from_dict(w) for w in d.get("windows") or ()
                  if isinstance(w, dict)),
            contour,
        )


@dataclass(frozen=True)
class Loudness:
    quiet: tuple[Stretch, ...] = ()
    trailing_off: int = 0
    trailing_at: tuple[float, ...] = field(default=())  # extra: the sentence ends

    def to_dict(self) -> dict[str, Any]:
        return {
            "quiet": [s.to_dict() for s in self.quiet],
            "trailing_off": self.trailing_off,
            "trailing_at": [_t(t) for t in self.trailing_at],  # extra
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Loudness | None:
        if not isinstance(d, dict):
            return None
        at = tuple(float(t) for t in d.get("trailing_at") or ()
                   if isinstance(t, (int, float)))
        n = d.get("trailing_off")
        return cls(_stretches(d.get("quiet")), int(n) if isinstance(n, int) else len(at), at)


@dataclass(frozen=True)
class Delivery:
    pitch: Pitch | None = None  # None when there was no audio
    loudness: Loudness | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pitch": None if self.pitch is None else self.pitch.to_dict(),
            "loudness": None if self.loudness is None else self.loudness.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Delivery | None:
        """The section ``to_dict`` wrote; None when missing or malformed."""
        try:
            return cls._read(d) if isinstance(d, dict) else None
        except (TypeError, ValueError, IndexError):
            return None

    @classmethod
    def _read(cls, d: dict[str, Any]) -> Delivery:
        return cls(Pitch.from_dict(d.get("pitch")), Loudness.from_dict(d.get("loudness")))
