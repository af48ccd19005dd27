"""The interview timer with a fake clock: transitions, zones to the millisecond, events."""

from __future__ import annotations

import pytest

from desktop_app.core.banks.model import StageTiming
from desktop_app.core.interview.timer import (
    EventKind,
    InterviewTimer,
    TimerEvent,
    TimerState,
    Zone,
    zone_for,
)

TIMING = StageTiming(prep_s=20, green_s=60, yellow_s=90, red_s=120)
BASE = 98765.4321  # an awkward start, so float rounding would show


class FakeClock:
    """Monotonic seconds set by the test; each reading computed afresh (no accumulation)."""

    def __init__(self, start: float = BASE) -> None:
        self.start = start
        self.offset_ms = 0

    def __call__(self) -> float:
        return self.start + self.offset_ms / 1000

    def advance(self, seconds: float) -> None:
        self.offset_ms += round(seconds * 1000)


def _timer(timing: StageTiming = TIMING) -> tuple[InterviewTimer, FakeClock]:
    clock = FakeClock()
    return InterviewTimer(timing, clock=clock), clock


def _summary(events: list[TimerEvent]) -> list[tuple[str, str, str, float]]:
    return [(e.kind.value, str(e.previous), str(e.state if e.kind == EventKind.STATE else e.zone),
             round(e.answer_elapsed_s, 6)) for e in events]


@pytest.mark.parametrize(("elapsed", "zone"), [
    (0.0, Zone.UNDER), (59.999, Zone.UNDER), (60.0, Zone.GREEN), (89.999, Zone.GREEN),
    (90.0, Zone.YELLOW), (119.999, Zone.YELLOW), (120.0, Zone.RED), (149.999, Zone.RED),
    (150.0, Zone.OVERTIME), (3600.0, Zone.OVERTIME),
])
def test_zone_for_boundaries(elapsed: float, zone: Zone) -> None:
    assert zone_for(elapsed, TIMING) is zone


def test_enum_values_are_the_contract() -> None:
    assert [z.value for z in Zone] == ["under", "green", "yellow", "red", "overtime"]
    assert [s.value for s in TimerState] == ["idle", "prep", "answering", "paused", "stopped"]


def test_idle_timer() -> None:
    timer, _ = _timer()
    assert timer.state is TimerState.IDLE and timer.zone is Zone.UNDER
    assert timer.answer_elapsed_s == 0 and timer.prep_left_s == 20 and timer.time_left_s == 120
    assert timer.poll() == []
    assert not timer.pause() and not timer.resume() and not timer.stop() and not timer.reset()


def test_full_run_through_every_zone_at_the_millisecond() -> None:
    timer, clock = _timer()
    assert timer.start()
    assert timer.state is TimerState.PREP
    clock.advance(19.999)
    assert timer.state is TimerState.PREP and timer.prep_left_s == pytest.approx(0.001, abs=1e-9)
    clock.advance(0.001)
    assert timer.state is TimerState.ANSWERING and timer.answer_elapsed_s == 0
    for boundary, before, after in [(60, Zone.UNDER, Zone.GREEN), (90, Zone.GREEN, Zone.YELLOW),
                                    (120, Zone.YELLOW, Zone.RED), (150, Zone.RED, Zone.OVERTIME)]:
        clock.offset_ms = (20 + boundary) * 1000 - 1
        assert timer.zone is before, boundary
        assert timer.answer_elapsed_s == pytest.approx(boundary - 0.001, abs=1e-9)
        clock.offset_ms += 1
        assert timer.zone is after, boundary
        assert timer.answer_elapsed_s == boundary
    assert timer.time_left_s == -30
    assert _summary(timer.poll()) == [
        ("state", "idle", "prep", 0.0),
        ("state", "prep", "answering", 0.0),
        ("zone", "under", "green", 60.0),
        ("zone", "green", "yellow", 90.0),
        ("zone", "yellow", "red", 120.0),
        ("zone", "red", "overtime", 150.0),
    ]
    clock.advance(100)
    assert timer.zone is Zone.OVERTIME and timer.time_left_s == -130
    assert timer.poll() == []  # nothing changes after overtime
    assert timer.stop()
    clock.advance(50)
    assert timer.state is TimerState.STOPPED and timer.answer_elapsed_s == 250
    assert _summary(timer.poll()) == [("state", "answering", "stopped", 250.0)]


def test_late_poll_reports_every_zone_in_order_at_its_boundary() -> None:
    timer, clock = _timer()
    timer.start()
    timer.poll()
    clock.advance(20 + 125.5)  # prep ran out long ago, and three zones passed
    events = timer.poll()
    assert _summary(events) == [
        ("state", "prep", "answering", 0.0),
        ("zone", "under", "green", 60.0),
        ("zone", "green", "yellow", 90.0),
        ("zone", "yellow", "red", 120.0),
    ]
    assert [e.state for e in events] == [TimerState.ANSWERING] * 4
    # The answer clock started when the prep ran out, not at the poll.
    assert timer.answer_elapsed_s == 125.5


def test_zero_prep_starts_answering_at_once() -> None:
    timer, clock = _timer(StageTiming(prep_s=0, green_s=1, yellow_s=2, red_s=3))
    timer.start()
    assert timer.state is TimerState.ANSWERING and timer.prep_left_s == 0
    clock.advance(0.999)
    assert timer.zone is Zone.UNDER
    clock.advance(0.001)
    assert timer.zone is Zone.GREEN
    assert _summary(timer.poll()) == [("state", "idle", "answering", 0.0),
                                      ("zone", "under", "green", 1.0)]


def test_skip_prep() -> None:
    timer, clock = _timer()
    timer.start()
    clock.advance(7.25)
    assert timer.prep_left_s == 12.75
    assert timer.start_answer()
    assert timer.state is TimerState.ANSWERING and timer.prep_left_s == 0
    clock.advance(60)
    assert timer.zone is Zone.GREEN and timer.answer_elapsed_s == 60
    assert not timer.start_answer()  # already answering
    assert not timer.start()
    assert _summary(timer.poll()) == [("state", "idle", "prep", 0.0),
                                      ("state", "prep", "answering", 0.0),
                                      ("zone", "under", "green", 60.0)]


def test_start_answer_from_idle_skips_prep_entirely() -> None:
    timer, clock = _timer()
    assert timer.start_answer()
    clock.advance(30)
    assert timer.state is TimerState.ANSWERING and timer.answer_elapsed_s == 30
    assert _summary(timer.poll()) == [("state", "idle", "answering", 0.0)]


def test_pause_does_not_count_while_answering() -> None:
    timer, clock = _timer()
    timer.start_answer()
    clock.advance(59.5)
    assert timer.pause()
    assert timer.state is TimerState.PAUSED
    clock.advance(1000)  # far past every boundary, but paused
    assert timer.zone is Zone.UNDER and timer.answer_elapsed_s == 59.5
    assert timer.time_left_s == 60.5
    assert not timer.pause()
    assert timer.resume()
    clock.advance(0.499)
    assert timer.zone is Zone.UNDER
    clock.advance(0.001)
    assert timer.zone is Zone.GREEN and timer.answer_elapsed_s == 60
    assert not timer.resume()
    assert _summary(timer.poll()) == [
        ("state", "idle", "answering", 0.0),
        ("state", "answering", "paused", 59.5),
        ("state", "paused", "answering", 59.5),
        ("zone", "under", "green", 60.0),
    ]


def test_pause_during_prep_then_resume_or_skip() -> None:
    timer, clock = _timer()
    timer.start()
    clock.advance(5)
    timer.pause()
    clock.advance(100)
    assert timer.state is TimerState.PAUSED and timer.prep_left_s == 15
    timer.resume()
    assert timer.state is TimerState.PREP
    clock.advance(14.999)
    assert timer.state is TimerState.PREP
    clock.advance(0.001)
    assert timer.state is TimerState.ANSWERING
    # Skipping straight from a paused prep also works.
    other, other_clock = _timer()
    other.start()
    other.pause()
    assert other.start_answer() and other.state is TimerState.ANSWERING
    other_clock.advance(2)
    assert other.answer_elapsed_s == 2


def test_many_pauses_do_not_drift() -> None:
    timer, clock = _timer()
    timer.start_answer()
    for _ in range(600):  # 600 × (0.1 s answering + 0.7 s paused) = 60 s answered
        clock.advance(0.1)
        timer.pause()
        clock.advance(0.7)
        timer.resume()
    assert timer.answer_elapsed_s == 60.0
    assert timer.zone is Zone.GREEN


def test_stop_from_pause_and_prep_and_restart() -> None:
    timer, clock = _timer()
    timer.start_answer()
    clock.advance(10)
    timer.pause()
    clock.advance(10)
    assert timer.stop() and timer.answer_elapsed_s == 10
    assert not timer.stop()
    # Start again from stopped: a fresh run.
    assert timer.start()
    assert timer.state is TimerState.PREP and timer.answer_elapsed_s == 0
    assert timer.prep_left_s == 20
    clock.advance(3)
    assert timer.stop()
    assert timer.state is TimerState.STOPPED and timer.answer_elapsed_s == 0


def test_reset_returns_to_idle() -> None:
    timer, clock = _timer()
    timer.start_answer()
    clock.advance(95)
    assert timer.zone is Zone.YELLOW
    timer.poll()
    assert timer.reset()
    assert timer.state is TimerState.IDLE and timer.zone is Zone.UNDER
    assert timer.answer_elapsed_s == 0 and timer.prep_left_s == 20
    assert _summary(timer.poll()) == [("zone", "yellow", "under", 0.0),
                                      ("state", "answering", "idle", 0.0)]


def test_subscribers_get_each_event_once_and_can_unsubscribe() -> None:
    timer, clock = _timer()
    seen: list[TimerEvent] = []
    unsubscribe = timer.subscribe(seen.append)
    timer.start()
    assert [e.state for e in seen] == [TimerState.PREP]  # delivered at once, not at poll
    clock.advance(20 + 60)
    _ = timer.zone  # reading brings the timer up to date
    assert _summary(seen) == [("state", "idle", "prep", 0.0),
                              ("state", "prep", "answering", 0.0),
                              ("zone", "under", "green", 60.0)]
    assert timer.poll() == seen  # poll returns the same events
    unsubscribe()
    timer.stop()
    assert len(seen) == 3
    assert [e.state for e in timer.poll()] == [TimerState.STOPPED]


def test_next_change_in_s() -> None:
    timer, clock = _timer()
    assert timer.next_change_in_s is None
    timer.start()
    clock.advance(5)
    assert timer.next_change_in_s == 15
    clock.advance(15 + 61)
    assert timer.next_change_in_s == 29  # yellow at 90
    clock.advance(100)
    assert timer.next_change_in_s is None  # overtime: nothing further
