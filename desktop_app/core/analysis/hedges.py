"""Hedges and weak language ("I think", "maybe", "sort of", "just" as a softener).

The hedge lexicon (resources/hedges.toml) has the filler lexicon's format and context
rules, so it is matched by the same engine: whole tokens, positions judged from
punctuation and silences, "just in time" rejected by a not_before phrase. The user's
<data folder>/hedges.toml is merged in, and Settings' extra hedges count everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.analysis.fillers import find_fillers
from desktop_app.core.analysis.lexicon import Lexicon, load_lexicon_file
from desktop_app.core.analysis.tokens import Token

WHAT = "hedge lexicon"


def _t(seconds: float) -> float:
    return round(float(seconds), 3)


@dataclass(frozen=True)
class HedgeItem:
    text: str
    start: float
    end: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": _t(self.start), "end": _t(self.end)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> HedgeItem:
        return cls(str(d.get("text", "")), float(d.get("start", 0.0)), float(d.get("end", 0.0)))


@dataclass(frozen=True)
class Hedges:
    count: int
    per_minute: float
    items: tuple[HedgeItem, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "per_minute": round(self.per_minute, 2),
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Hedges | None:
        """The section ``to_dict`` wrote; None when missing or malformed."""
        try:
            return cls._read(d) if isinstance(d, dict) else None
        except (TypeError, ValueError, IndexError):
            return None

    @classmethod
    def _read(cls, d: dict[str, Any]) -> Hedges:
        items = tuple(HedgeItem.from_dict(i) for i in d.get("items") or () if isinstance(i, dict))
        count = d.get("count")
        return cls(
            int(count) if count is not None else len(items),
            float(d.get("per_minute") or 0.0),
            items,
        )


HEDGES_FILE = "hedges.toml"


def load_hedges(extra: Iterable[str] = ()) -> Lexicon:
    """The shipped hedge lexicon, merged with the user's hedges.toml if any, plus ``extra``."""
    return load_lexicon_file(HEDGES_FILE, WHAT, extra)


def find_hedges(
    tokens: Sequence[Token], lexicon: Lexicon, used_s: float, clause_gap_s: float = 0.5
) -> Hedges:
    """Every hedge in ``tokens`` and their rate over ``used_s``."""
    items = tuple(HedgeItem(h.text, h.start, h.end) for h in find_fillers(tokens, lexicon,
                                                                           clause_gap_s))
    per_minute = len(items) * 60.0 / used_s if used_s > 0 else 0.0
    return Hedges(len(items), per_minute, items)
