"""The answer clock as the UI sees it: the core InterviewTimer, polled ~10 times a second.

The core timer owns the rules (prep, zones, overtime); this model only polls it and turns
its state into a TimerReading for the display, plus signals when state or zone change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.banks.model import StageTiming
from desktop_app.core.interview.timer import InterviewTimer
from desktop_app.ui.widgets.timer_display import TimerReading

POLL_MS = 100


def _value(enum_or_str: object) -> str:
    return str(getattr(enum_or_str, "value", enum_or_str)).lower()


class AnswerClock(QObject):
    reading_changed = Signal(object)  # TimerReading
    state_changed = Signal(str)  # "idle", "prep", "answering", "paused", "stopped"
    zone_changed = Signal(str)  # only while answering

    def __init__(self, timing: StageTiming, clock: Callable[[], float] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._poller = QTimer(self)
        self._poller.setInterval(POLL_MS)
        self._poller.timeout.connect(self.poll)
        self.set_timing(timing)

    def set_timing(self, timing: StageTiming) -> None:
        """A fresh, idle clock for a new question."""
        self._poller.stop()
        self.timing = timing
        self._timer = (InterviewTimer(timing, clock=self._clock) if self._clock
                       else InterviewTimer(timing))
        self._state = "idle"
        self._zone = _value(self._timer.zone)
        self.reading_changed.emit(self.reading())

    def use_time_source(self, clock: Callable[[], float]) -> None:
        """Read time from ``clock`` (monotonic seconds) from the next question on.

        The soak test drives ten minutes of ticks and repaints in seconds with it; the
        app itself always runs on the real monotonic clock.
        """
        self._clock = clock
        self.set_timing(self.timing)

    # Commands ------------------
    def start(self) -> None:
        """Begin preparation (or the answer when the stage has no prep time)."""
        if self.state == "idle":
            self._timer.start()
            self._poller.start()
            self.poll()

    def start_answer(self) -> None:
        """Start answering now, skipping any prep left."""
        if self.state == "idle":
            self._timer.start()
        if self.state in ("idle", "prep"):
            self._timer.start_answer()
        self._poller.start()
        self.poll()

    def stop(self) -> float:
        """Stop the clock; returns the answer's elapsed seconds."""
        if self.state in ("prep", "answering", "paused"):
            self._timer.stop()
        self.poll()
        self._poller.stop()
        return self.elapsed_s

    # State ------------------
    @property
    def state(self) -> str:
        return _value(self._timer.state)

    @property
    def zone(self) -> str:
        return _value(self._timer.zone)

    @property
    def elapsed_s(self) -> float:
        return float(self._timer.answer_elapsed_s)

    def reading(self) -> TimerReading:
        t = self.timing
        return TimerReading(
            state=self.state, zone=self.zone, elapsed_s=self.elapsed_s,
            time_left_s=float(self._timer.time_left_s),
            prep_left_s=float(self._timer.prep_left_s), prep_s=t.prep_s, green_s=t.green_s,
            yellow_s=t.yellow_s, red_s=t.red_s, overtime_s=t.overtime_s,
        )

    def poll(self) -> None:
        self._timer.poll()  # drives prep -> answering and zone changes in the core
        state, zone = self.state, self.zone
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
        if zone != self._zone:
            self._zone = zone
            if state == "answering":
                self.zone_changed.emit(zone)
        self.reading_changed.emit(self.reading())
