"""Pitch over time (QtCharts): the voice's F0 per half second, monotone stretches shaded."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.analysis.delivery import Pitch
from desktop_app.ui.review.chart_parts import (
    PictureChartView,
    add_band,
    add_series,
    bare_chart,
    time_axes,
)
from desktop_app.ui.theme import current_theme

# A pause longer than this breaks the line: joining across it would draw a melody
# that was never spoken.
GAP_S = 1.5


class PitchChart(PictureChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pitch over time", 160, parent)
        self.points: list[tuple[float, float]] = []
        self.monotone: list[tuple[float, float]] = []
        self.set_pitch(None)

    def set_pitch(self, pitch: Pitch | None) -> None:
        theme = current_theme()
        chart = bare_chart()
        self.points = list(pitch.contour) if pitch is not None else []
        self.monotone = [(m.start, m.end) for m in pitch.monotone] if pitch else []
        end_x = max([t for t, _ in self.points] + [30.0]) + 2
        low = min([hz for _, hz in self.points] + [80.0]) * 0.85
        high = max([hz for _, hz in self.points] + [200.0]) * 1.1

        axes = time_axes(chart, end_x, low, high, "pitch (Hz)")
        shade = QColor(theme.zones.yellow)
        shade.setAlphaF(0.22)
        for start, end in self.monotone:
            add_band(chart, axes, (start, end), (axes[1].min(), axes[1].max()), shade,
                     "Monotone")
        pen = QPen(theme.colour("accent"))
        pen.setWidthF(2.0)
        line = QLineSeries()
        previous: float | None = None
        for t, hz in self.points:
            if previous is not None and t - previous > GAP_S:
                _add_line(chart, axes, line, pen)
                line = QLineSeries()
            line.append(QPointF(t, hz))
            previous = t
        _add_line(chart, axes, line, pen)
        self.setChart(chart)
        if pitch is None:
            self.setAccessibleDescription("No pitch: the answer has no recording to measure.")
        else:
            flat = ", ".join(f"{int(a)}–{int(b)} s" for a, b in self.monotone) or "none"
            self.setAccessibleDescription(
                f"Pitch over time around {pitch.median_hz:.0f} Hz, range "
                f"{pitch.range_semitones:.1f} semitones; monotone stretches: {flat}")


def _add_line(chart: QChart, axes: tuple[QValueAxis, QValueAxis], line: QLineSeries,
              pen: QPen) -> None:
    if line.count() == 0:
        return
    line.setPen(pen)
    line.setName("Pitch")
    add_series(chart, axes, line)
