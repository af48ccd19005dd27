"""Speaking pace: words per minute overall, without pauses, and over time.

Norms for the verdict (thresholds in settings): about 110–150 wpm is conversational,
140–160 presenting, 160–180 radio; below 110 sounds hesitant, above 170 hard to follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.analysis.pauses import Pause
from desktop_app.core.analysis.tokens import counts_as_word
from desktop_app.core.transcript import Word


@dataclass(frozen=True)
class PaceWindow:
    start: float
    end: float
    words: int
    wpm: float
    verdict: str
    rushing: bool


@dataclass(frozen=True)
class Pace:
    words: int
    wpm: float
    articulation_wpm: float
    verdict: str
    windows: list[PaceWindow]
    speaking_s: float  # last word end − first word start
    paused_s: float  # pause time inside that span


def verdict_for(wpm: float, slow_wpm: float, fast_wpm: float) -> str:
    if wpm < slow_wpm:
        return "slow"
    if wpm > fast_wpm:
        return "fast"
    return "ok"


def _per_minute(count: int, seconds: float) -> float:
    # Rounded as the report stores it (one decimal), once, here: a pace of 157.46 showed as
    # 157 in a report made now and as 158 in the same report read back and in its findings.
    return round(count * 60.0 / seconds, 1) if seconds > 0 else 0.0


def measure_pace(
    words: Sequence[Word],
    pauses: Sequence[Pause],
    *,
    window_s: float,
    slow_wpm: float,
    fast_wpm: float,
    rushing_wpm: float,
) -> Pace:
    spoken = [w for w in words if counts_as_word(w.word)]
    if not spoken:
        return Pace(0, 0.0, 0.0, "slow", [], 0.0, 0.0)
    first, last = spoken[0].start, max(w.end for w in spoken)
    span = max(0.0, last - first)
    # Only the part of each pause inside the spoken span is taken out.
    paused = sum(max(0.0, min(p.end, last) - max(p.start, first)) for p in pauses)
    wpm = _per_minute(len(spoken), span)
    articulation = _per_minute(len(spoken), span - paused)
    windows = _windows(spoken, first, last, window_s, slow_wpm, fast_wpm, rushing_wpm)
    return Pace(
        words=len(spoken),
        wpm=wpm,
        articulation_wpm=articulation,
        verdict=verdict_for(wpm, slow_wpm, fast_wpm),
        windows=windows,
        speaking_s=span,
        paused_s=paused,
    )


def _windows(
    spoken: Sequence[Word],
    first: float,
    last: float,
    window_s: float,
    slow_wpm: float,
    fast_wpm: float,
    rushing_wpm: float,
) -> list[PaceWindow]:
    """Back-to-back windows from the first word; a short tail joins the last window."""
    window_s = max(1.0, window_s)
    edges = [first]
    while last - edges[-1] > window_s * 1.5:
        edges.append(edges[-1] + window_s)
    edges.append(max(last, first + 1e-6))
    counts = [0] * (len(edges) - 1)
    k = 0
    for w in spoken:  # a word belongs to the window its middle falls in
        mid = (w.start + w.end) / 2
        while k < len(counts) - 1 and mid >= edges[k + 1]:
            k += 1
        counts[k] += 1
    out = []
    for i, count in enumerate(counts):
        start, end = edges[i], edges[i + 1]
        wpm = _per_minute(count, end - start)
        out.append(
            PaceWindow(
                start=start,
                end=end,
                words=count,
                wpm=wpm,
                verdict=verdict_for(wpm, slow_wpm, fast_wpm),
                rushing=wpm > rushing_wpm,
            )
        )
    return out
