"""Pace over time (QtCharts): words per minute per window, over the target band."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QLineSeries
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.analysis.pace import PaceWindow
from desktop_app.ui.review.chart_parts import (
    PictureChartView,
    add_band,
    add_series,
    bare_chart,
    time_axes,
)
from desktop_app.ui.theme import current_theme


class PaceChart(PictureChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pace over time", 180, parent)
        self.points: list[tuple[float, float]] = []
        self.band: tuple[float, float] = (0.0, 0.0)
        self.set_windows([], 110.0, 170.0)

    def set_windows(self, windows: Sequence[PaceWindow], slow_wpm: float,
                    fast_wpm: float) -> None:
        theme = current_theme()
        chart = bare_chart()
        self.points = [((w.start + w.end) / 2, w.wpm) for w in windows]
        self.band = (slow_wpm, fast_wpm)
        end_x = max([p[0] for p in self.points] + [30.0]) + 5
        top = max([p[1] for p in self.points] + [fast_wpm]) * 1.15
        axes = time_axes(chart, end_x, 0, top, "words / min")

        band_colour = QColor(theme.zones.green)
        band_colour.setAlphaF(0.16)
        add_band(chart, axes, (0.0, end_x), (slow_wpm, fast_wpm), band_colour, "Target pace")
        line = QLineSeries()
        line.setName("Words per minute")
        for x, y in self.points:
            line.append(QPointF(x, y))
        pen = QPen(theme.colour("accent"))
        pen.setWidthF(2.5)
        line.setPen(pen)
        line.setPointsVisible(True)
        add_series(chart, axes, line)
        self.setChart(chart)
        desc = ", ".join(f"{int(x)} s: {y:.0f}" for x, y in self.points) or "no data"
        self.setAccessibleDescription(f"Words per minute over time ({desc}); target "
                                      f"{slow_wpm:.0f} to {fast_wpm:.0f}")
