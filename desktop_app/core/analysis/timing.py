"""The answer's timing zone, with the same boundaries as the rehearsal timer.

under < green_s ≤ green < yellow_s ≤ yellow < red_s ≤ red < red_s + 30 ≤ overtime.
``overtime_s`` is how far the answer ran past ``red_s`` (the time limit), in seconds,
0 when it did not: it grows from the red cue on, though the zone only turns
"overtime" once the 30 s grace after red has passed as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.banks.model import StageTiming


@dataclass(frozen=True)
class TimingResult:
    used_s: float
    green_s: float
    yellow_s: float
    red_s: float
    zone: str
    overtime_s: float


def zone_name(used_s: float, timing: StageTiming) -> str:
    if used_s < timing.green_s:
        return "under"
    if used_s < timing.yellow_s:
        return "green"
    if used_s < timing.red_s:
        return "yellow"
    if used_s < timing.overtime_s:
        return "red"
    return "overtime"


def timing_for(used_s: float, timing: StageTiming) -> TimingResult:
    return TimingResult(
        used_s=used_s,
        green_s=timing.green_s,
        yellow_s=timing.yellow_s,
        red_s=timing.red_s,
        zone=zone_name(used_s, timing),
        overtime_s=max(0.0, used_s - timing.red_s),
    )
