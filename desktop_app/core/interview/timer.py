"""The interview timer: prep countdown, then the answer clock with colour zones.

States: IDLE -> PREP -> ANSWERING -> STOPPED, with PAUSED reachable from PREP and
ANSWERING (paused time counts toward nothing). Zones follow the stage timing:
elapsed < green_s is UNDER, < yellow_s GREEN, < red_s YELLOW, < red_s + 30 RED, and
OVERTIME from there on.

Qt-free and driven by an injectable monotonic clock. Clock readings are kept as whole
microseconds, so elapsed times are exact differences (no float drift across pauses)
and a zone boundary falls at the same instant however often the timer is polled.

Events: every state and zone change produces a TimerEvent. Subscribers get it
synchronously; ``poll()`` also returns the events since the previous poll (call it from
a UI timer). Changes that happen between polls (prep running out, zones passing) are
detected at the next poll or property read, and stamped with the exact answer time at
which they happened, in order, so a late poll never skips a zone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.core.banks.model import StageTiming

_US = 1_000_000


class Zone(StrEnum):
    UNDER = "under"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    OVERTIME = "overtime"


class TimerState(StrEnum):
    IDLE = "idle"
    PREP = "prep"
    ANSWERING = "answering"
    PAUSED = "paused"
    STOPPED = "stopped"


class EventKind(StrEnum):
    STATE = "state"
    ZONE = "zone"


@dataclass(frozen=True)
class TimerEvent:
    """One change: ``kind`` says whether the state or the zone changed."""

    kind: EventKind
    state: TimerState  # the state after the change
    zone: Zone  # the zone after the change
    previous: TimerState | Zone  # what it changed from (same kind as the change)
    answer_elapsed_s: float  # the answer clock when it happened


def zone_for(elapsed_s: float, timing: StageTiming) -> Zone:
    """The zone of an answer that has run ``elapsed_s`` seconds."""
    if elapsed_s < timing.green_s:
        return Zone.UNDER
    if elapsed_s < timing.yellow_s:
        return Zone.GREEN
    if elapsed_s < timing.red_s:
        return Zone.YELLOW
    if elapsed_s < timing.overtime_s:
        return Zone.RED
    return Zone.OVERTIME


def _zone_boundaries_us(timing: StageTiming) -> list[tuple[int, Zone]]:
    """(start in µs, zone) for each zone after UNDER, in order."""
    return [
        (_to_us(timing.green_s), Zone.GREEN),
        (_to_us(timing.yellow_s), Zone.YELLOW),
        (_to_us(timing.red_s), Zone.RED),
        (_to_us(timing.overtime_s), Zone.OVERTIME),
    ]


def _to_us(seconds: float) -> int:
    return round(seconds * _US)


def _to_s(us: int) -> float:
    return us / _US


class InterviewTimer:
    """Prep countdown and answer clock for one question."""

    def __init__(self, timing: StageTiming, clock: Callable[[], float] = time.monotonic) -> None:
        self.timing = timing
        self._clock = clock
        self._subscribers: list[Callable[[TimerEvent], None]] = []
        self._pending: list[TimerEvent] = []
        self._reset_clocks()
        self._state = TimerState.IDLE
        self._zone = Zone.UNDER

    def _reset_clocks(self) -> None:
        self._prep_us = 0  # prep time used, up to the current segment
        self._answer_us = 0  # answer time used, up to the current segment
        self._segment_start: int | None = None  # clock (µs) when PREP/ANSWERING last (re)started
        self._paused_from: TimerState | None = None

    # -- reading ---------------------------------------------------------------------
    def _now(self) -> int:
        return _to_us(self._clock())

    @property
    def state(self) -> TimerState:
        self._sync()
        return self._state

    @property
    def zone(self) -> Zone:
        self._sync()
        return self._zone

    @property
    def answer_elapsed_s(self) -> float:
        """Seconds of answer so far (pauses excluded; 0 before the answer starts)."""
        self._sync()
        return _to_s(self._answer_used(self._now()))

    @property
    def prep_left_s(self) -> float:
        """Seconds of prep left (the full prep when idle, 0 once answering)."""
        self._sync()
        if self._state in (TimerState.IDLE,):
            return self.timing.prep_s
        if self._in_prep():
            return _to_s(max(0, self._prep_total_us() - self._prep_used(self._now())))
        return 0.0

    @property
    def time_left_s(self) -> float:
        """Seconds until red_s (the end of the time budget); negative once past it."""
        return self.timing.red_s - self.answer_elapsed_s

    @property
    def next_change_in_s(self) -> float | None:
        """Seconds until the next automatic change (prep end or zone), None if none."""
        self._sync()
        now = self._now()
        if self._state == TimerState.PREP:
            return _to_s(self._prep_total_us() - self._prep_used(now))
        if self._state == TimerState.ANSWERING:
            used = self._answer_used(now)
            upcoming = [start for start, _ in _zone_boundaries_us(self.timing) if start > used]
            return _to_s(min(upcoming) - used) if upcoming else None
        return None

    def subscribe(self, callback: Callable[[TimerEvent], None]) -> Callable[[], None]:
        """Call ``callback`` with every event; returns a function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def poll(self) -> list[TimerEvent]:
        """Bring the timer up to date and return the events since the last poll."""
        self._sync()
        events, self._pending = self._pending, []
        return events

    # -- transitions (each returns False, changing nothing, when it does not apply) ----
    def start(self) -> bool:
        """Begin: prep countdown, or straight to the answer when the stage has no prep."""
        self._sync()
        if self._state not in (TimerState.IDLE, TimerState.STOPPED):
            return False
        if self._state == TimerState.STOPPED:
            self._reset_clocks()
            self._set_zone(Zone.UNDER, 0)
        self._segment_start = self._now()
        if self._prep_total_us() > 0:
            self._set_state(TimerState.PREP, 0)
        else:
            self._set_state(TimerState.ANSWERING, 0)
            self._sync()
        return True

    def start_answer(self) -> bool:
        """Start the answer clock now, skipping whatever prep is left."""
        self._sync()
        now = self._now()
        if self._state == TimerState.IDLE:
            self._reset_clocks()
        elif self._state == TimerState.PREP:
            self._prep_us = self._prep_used(now)
        elif not (self._state == TimerState.PAUSED and self._paused_from == TimerState.PREP):
            return False
        self._paused_from = None
        self._segment_start = now
        self._set_state(TimerState.ANSWERING, 0)
        self._sync()
        return True

    def pause(self) -> bool:
        self._sync()
        if self._state not in (TimerState.PREP, TimerState.ANSWERING):
            return False
        now = self._now()
        if self._state == TimerState.PREP:
            self._prep_us = self._prep_used(now)
        else:
            self._answer_us = self._answer_used(now)
        self._paused_from = self._state
        self._segment_start = None
        self._set_state(TimerState.PAUSED, self._answer_us)
        return True

    def resume(self) -> bool:
        self._sync()
        if self._state != TimerState.PAUSED or self._paused_from is None:
            return False
        back, self._paused_from = self._paused_from, None
        self._segment_start = self._now()
        self._set_state(back, self._answer_us)
        return True

    def stop(self) -> bool:
        """End the answer (or abandon the prep); the answer clock freezes."""
        self._sync()
        if self._state not in (TimerState.PREP, TimerState.ANSWERING, TimerState.PAUSED):
            return False
        now = self._now()
        if self._state == TimerState.PREP:
            self._prep_us = self._prep_used(now)
        elif self._state == TimerState.ANSWERING:
            self._answer_us = self._answer_used(now)
        self._segment_start = None
        self._paused_from = None
        self._set_state(TimerState.STOPPED, self._answer_us)
        return True

    def reset(self) -> bool:
        """Back to IDLE with both clocks at zero."""
        self._sync()
        if self._state == TimerState.IDLE:
            return False
        self._reset_clocks()
        self._set_zone(Zone.UNDER, 0)
        self._set_state(TimerState.IDLE, 0)
        return True

    # -- internals -------------------------------------------------------------------
    def _prep_total_us(self) -> int:
        return max(0, _to_us(self.timing.prep_s))

    def _in_prep(self) -> bool:
        return self._state == TimerState.PREP or (
            self._state == TimerState.PAUSED and self._paused_from == TimerState.PREP
        )

    def _prep_used(self, now: int) -> int:
        if self._state == TimerState.PREP and self._segment_start is not None:
            return self._prep_us + (now - self._segment_start)
        return self._prep_us

    def _answer_used(self, now: int) -> int:
        if self._state == TimerState.ANSWERING and self._segment_start is not None:
            return self._answer_us + max(0, now - self._segment_start)
        return self._answer_us

    def _sync(self) -> None:
        """Apply what time alone changes: prep running out, zones passing."""
        now = self._now()
        if self._state == TimerState.PREP and self._segment_start is not None:
            left = self._prep_total_us() - self._prep_used(now)
            if left <= 0:
                # The answer starts the instant the prep ran out, not at this poll.
                self._segment_start = now + left
                self._prep_us = self._prep_total_us()
                self._set_state(TimerState.ANSWERING, 0)
        if self._state == TimerState.ANSWERING:
            used = self._answer_used(now)
            for start, zone in _zone_boundaries_us(self.timing):
                if used >= start and self._zone_rank(zone) > self._zone_rank(self._zone):
                    self._set_zone(zone, start)

    @staticmethod
    def _zone_rank(zone: Zone) -> int:
        return list(Zone).index(zone)

    def _set_state(self, state: TimerState, at_us: int) -> None:
        if state == self._state:
            return
        event = TimerEvent(EventKind.STATE, state, self._zone, self._state, _to_s(at_us))
        self._state = state
        self._emit(event)

    def _set_zone(self, zone: Zone, at_us: int) -> None:
        if zone == self._zone:
            return
        event = TimerEvent(EventKind.ZONE, self._state, zone, self._zone, _to_s(at_us))
        self._zone = zone
        self._emit(event)

    def _emit(self, event: TimerEvent) -> None:
        self._pending.append(event)
        for callback in list(self._subscribers):
            callback(event)
