"""A plain verdict for one stage of a mock interview: "ready", "nearly" or "not yet", with
the reasons that decided it.

The rules follow what a panel in the seed's loop rejects outright and what it only notes:
- not yet: the stage was skipped, a red flag was said (in the answer or a follow-up), even
  with the follow-ups under half the expected concepts were covered, or the answer ran
  past the red cue into overtime;
- nearly: no blocker, but under 80 % covered unprompted (recovering a point when probed is
  worth less than making it), the answer stopped before the green cue or ran into the red
  zone, the pace left the target band, or fillers came more often than the warning level;
- ready: none of those.
The reasons listed are those of the verdict's own level (blockers for "not yet", concerns
for "nearly", what went right for "ready"), most important first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop_app.core.durations import mmss

Verdict = Literal["ready", "nearly", "not yet"]
UNPROMPTED_READY_PCT = 80.0  # covered without a probe: what a strong answer reaches
AFTER_FOLLOW_UP_MIN_PCT = 50.0  # covered at all, probes included: below this, not yet


@dataclass(frozen=True)
class StageFacts:
    """What the verdict weighs for one stage (None: not measured)."""

    answered: bool
    zone: str = ""  # under, green, yellow, red, overtime
    overtime_s: float = 0.0
    coverage_before: float | None = None  # % covered in the first answer
    coverage_after: float | None = None  # % with the follow-ups' recovered concepts
    red_flags: tuple[str, ...] = ()  # labels, from the answer and its follow-ups
    wpm: float | None = None
    fillers_per_min: float | None = None
    slow_wpm: float = 110.0
    fast_wpm: float = 170.0
    fillers_warn: float = 3.0


@dataclass(frozen=True)
class StageVerdict:
    verdict: Verdict
    reasons: tuple[str, ...]

    def line(self) -> str:
        """'Nearly: covered 60 % unprompted, 100 % after the follow-up.'"""
        return f"{self.verdict.capitalize()}: {'; '.join(self.reasons)}."


def _blockers(f: StageFacts) -> list[str]:
    out = [f"said something a panel rejects ({label})" for label in f.red_flags]
    if f.coverage_after is not None and f.coverage_after < AFTER_FOLLOW_UP_MIN_PCT:
        out.append(f"covered only {f.coverage_after:.0f} % of the expected concepts, "
                   "follow-ups included")
    if f.zone == "overtime":
        out.append(f"ran {mmss(f.overtime_s)} past the red cue")
    return out


def _concerns(f: StageFacts) -> list[str]:
    out = []
    if f.coverage_before is not None and f.coverage_before < UNPROMPTED_READY_PCT:
        after = "" if f.coverage_after is None or f.coverage_after == f.coverage_before \
            else f", {f.coverage_after:.0f} % after the follow-up"
        out.append(f"covered {f.coverage_before:.0f} % unprompted{after}")
    if f.zone == "under":
        out.append("stopped before the green cue")
    elif f.zone == "red":
        out.append("ran into the red zone")
    if f.wpm is not None and f.wpm > 0 and not f.slow_wpm <= f.wpm <= f.fast_wpm:
        out.append(f"spoke at {f.wpm:.0f} words a minute "
                   f"({'slow' if f.wpm < f.slow_wpm else 'fast'})")
    if f.fillers_per_min is not None and f.fillers_per_min > f.fillers_warn:
        out.append(f"{f.fillers_per_min:.1f} fillers a minute")
    return out


def _strengths(f: StageFacts) -> list[str]:
    out = []
    if f.coverage_before is not None:
        out.append(f"covered {f.coverage_before:.0f} % unprompted")
    if f.zone in ("green", "yellow"):
        out.append(f"finished in the {f.zone} zone")
    out.append("no red flags")
    return out


def stage_verdict(facts: StageFacts) -> StageVerdict:
    if not facts.answered:
        return StageVerdict("not yet", ("skipped",))
    blockers = _blockers(facts)
    if blockers:
        return StageVerdict("not yet", tuple(blockers))
    concerns = _concerns(facts)
    if concerns:
        return StageVerdict("nearly", tuple(concerns))
    return StageVerdict("ready", tuple(_strengths(facts)))
