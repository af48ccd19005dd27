"""Pace over time (QtCharts): words per minute per window, over the target band."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.analysis.pace import PaceWindow
from desktop_app.ui.theme import current_theme


class PaceChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A picture, not a control: Tab passes it by (it took the focus and showed none).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Pace over time")
        self.setMinimumHeight(180)
        self.setStyleSheet("background: transparent; border: none;")
        self.points: list[tuple[float, float]] = []
        self.band: tuple[float, float] = (0.0, 0.0)
        self.set_windows([], 110.0, 170.0)

    def set_windows(self, windows: Sequence[PaceWindow], slow_wpm: float,
                    fast_wpm: float) -> None:
        theme = current_theme()
        chart = QChart()
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.points = []
        self.points = [((w.start + w.end) / 2, w.wpm) for w in windows]
        self.band = (slow_wpm, fast_wpm)
        end_x = max([p[0] for p in self.points] + [30.0]) + 5
        top = max([p[1] for p in self.points] + [fast_wpm]) * 1.15

        lower, upper = QLineSeries(), QLineSeries()
        for x in (0.0, end_x):
            lower.append(x, slow_wpm)
            upper.append(x, fast_wpm)
        band = QAreaSeries(upper, lower)
        # QAreaSeries does not own its boundary series: parent them to it, or Python
        # frees them when this method returns and the chart paints freed memory.
        upper.setParent(band)
        lower.setParent(band)
        band_colour = QColor(theme.zones.green)
        band_colour.setAlphaF(0.16)
        band.setBrush(band_colour)
        band.setPen(QPen(Qt.PenStyle.NoPen))
        band.setName("Target pace")
        chart.addSeries(band)

        line = QLineSeries()
        line.setName("Words per minute")
        for x, y in self.points:
            line.append(QPointF(x, y))
        pen = QPen(theme.colour("accent"))
        pen.setWidthF(2.5)
        line.setPen(pen)
        line.setPointsVisible(True)
        chart.addSeries(line)

        ax, ay = QValueAxis(), QValueAxis()
        ax.setRange(0, end_x)
        ax.setTitleText("seconds")
        ax.setLabelFormat("%d")
        ay.setRange(0, top)
        ay.setTitleText("words / min")
        ay.setLabelFormat("%d")
        ax.applyNiceNumbers()
        ay.applyNiceNumbers()
        for axis in (ax, ay):
            axis.setLabelsColor(theme.colour("text_muted"))
            axis.setTitleBrush(theme.colour("text_muted"))
            axis.setGridLineColor(theme.colour("border"))
            axis.setLinePenColor(theme.colour("border_strong"))
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        for series in (band, line):
            series.attachAxis(ax)
            series.attachAxis(ay)
        self.setChart(chart)
        desc = ", ".join(f"{int(x)} s: {y:.0f}" for x, y in self.points) or "no data"
        self.setAccessibleDescription(f"Words per minute over time ({desc}); target "
                                      f"{slow_wpm:.0f} to {fast_wpm:.0f}")
