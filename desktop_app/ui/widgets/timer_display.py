"""The big answer clock: readable across a room, coloured by zone, zone named in words.

Colour is never the only cue: the zone name and the time left are always written out,
and the track below the digits marks where green, yellow and red begin.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.ui.theme import current_theme

ZONE_TEXT = {
    "under": "Under time — keep going",
    "green": "Green — a good length",
    "yellow": "Yellow — start wrapping up",
    "red": "Red — time is up, finish your point",
    "overtime": "Overtime — stop now",
}


def format_clock(seconds: float) -> str:
    """``m:ss`` for a non-negative duration (whole seconds, rounded down)."""
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


@dataclass(frozen=True)
class TimerReading:
    """What the clock shows; the rehearse view model builds it from the core timer."""

    state: str  # "idle", "prep", "answering", "paused", "stopped"
    zone: str  # "under", "green", "yellow", "red", "overtime"
    elapsed_s: float
    time_left_s: float  # to red; negative in overtime
    prep_left_s: float
    prep_s: float
    green_s: float
    yellow_s: float
    red_s: float
    overtime_s: float

    def headline(self) -> str:
        if self.state == "prep":
            return format_clock(self.prep_left_s + 0.999)
        return format_clock(self.elapsed_s)

    def caption(self) -> str:
        if self.state == "idle":
            return "Ready"
        if self.state == "prep":
            return "Preparation"
        if self.state == "paused":
            return "Paused"
        if self.state == "stopped":
            return "Answer stopped"
        return "Answering"

    def detail(self) -> str:
        if self.state == "idle":
            prep = f"{format_clock(self.prep_s)} prep, " if self.prep_s > 0 else ""
            return (f"{prep}green at {format_clock(self.green_s)}, "
                    f"time is up at {format_clock(self.red_s)}")
        if self.state == "prep":
            return "Think it through; the answer clock starts when prep ends or on Space"
        if self.time_left_s >= 0:
            return f"{format_clock(self.time_left_s + 0.999)} left · {ZONE_TEXT[self.zone]}"
        return f"{format_clock(-self.time_left_s)} over · {ZONE_TEXT[self.zone]}"


class ZoneTrack(QWidget):
    """A thin bar split at green/yellow/red with a marker at the elapsed time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(14)
        self._reading: TimerReading | None = None

    def sizeHint(self) -> QSize:
        return QSize(400, 14)

    def set_reading(self, reading: TimerReading) -> None:
        self._reading = reading
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        r = self._reading
        if r is None or r.overtime_s <= 0:
            return
        theme = current_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(0, 4, self.width(), 6)
        total = r.overtime_s
        spans = [
            (0.0, r.green_s, theme.colour("border_strong")),
            (r.green_s, r.yellow_s, QColor(theme.zones.green)),
            (r.yellow_s, r.red_s, QColor(theme.zones.yellow)),
            (r.red_s, total, QColor(theme.zones.red)),
        ]
        p.setPen(Qt.PenStyle.NoPen)
        for start, end, colour in spans:
            x0 = bar.x() + bar.width() * start / total
            x1 = bar.x() + bar.width() * end / total
            faded = QColor(colour)
            faded.setAlphaF(0.35 if r.state in ("idle", "prep") else 0.8)
            p.setBrush(faded)
            p.drawRect(QRectF(x0, bar.y(), max(0.0, x1 - x0 - 2), bar.height()))
        if r.state not in ("idle", "prep"):
            x = bar.x() + bar.width() * min(r.elapsed_s, total) / total
            p.setBrush(theme.colour("text"))
            p.drawRoundedRect(QRectF(x - 2, 0, 4, 14), 2, 2)
        p.end()


class TimerDisplay(QWidget):
    """Caption, big digits, the zone sentence and the zone track, stacked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Answer timer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._caption = QLabel("Ready")
        self._caption.setObjectName("CardTitle")
        self._caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._digits = QLabel("0:00")
        self._digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._digits.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._digits.setMinimumHeight(90)
        self._detail = QLabel("")
        self._detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._detail.setWordWrap(True)
        self._track = ZoneTrack()
        layout.addWidget(self._caption)
        layout.addWidget(self._digits, 1)
        layout.addWidget(self._detail)
        layout.addSpacing(6)
        layout.addWidget(self._track)
        self._reading: TimerReading | None = None
        self._colour = current_theme().zones.idle
        self._digits_px = 120
        self._fit_digits()

    @property
    def digits_text(self) -> str:
        return self._digits.text()

    @property
    def detail_text(self) -> str:
        return self._detail.text()

    @property
    def caption_text(self) -> str:
        return self._caption.text()

    def digits_colour(self) -> str:
        return self._colour

    def set_reading(self, reading: TimerReading) -> None:
        self._reading = reading
        theme = current_theme()
        colour = theme.zones.for_zone(reading.zone if reading.state != "idle" else "idle")
        if reading.state == "prep":
            colour = theme.colours["accent"]
        self._colour = colour
        self._apply_digits_style()
        self._detail.setStyleSheet(f"color: {colour}; font-size: 13pt; font-weight: 600;")
        self._digits.setText(reading.headline())
        self._caption.setText(reading.caption().upper())
        self._detail.setText(reading.detail())
        self._track.set_reading(reading)
        self.setAccessibleDescription(f"{reading.caption()}, {reading.headline()}. "
                                      f"{reading.detail()}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_digits()

    def _fit_digits(self) -> None:
        # As large as the space allows: the clock must be readable from across a room.
        height = max(90, self._digits.height())
        width = self.width() or 480
        self._digits_px = int(max(64, min(height * 0.8, width / 3.0)))
        self._apply_digits_style()

    def _apply_digits_style(self) -> None:
        # Through the stylesheet: the application stylesheet's font rules beat setFont().
        self._digits.setStyleSheet(
            f"color: {self._colour}; font-size: {self._digits_px}px; font-weight: 600;")

    @property
    def digits_pixel_size(self) -> int:
        return self._digits_px
