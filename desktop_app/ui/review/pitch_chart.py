"""Pitch over time (QtCharts): the voice's F0 per half second, monotone stretches shaded."""

from __future__ import annotations

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.analysis.delivery import Pitch
from desktop_app.ui.theme import current_theme

# A pause longer than this breaks the line: joining across it would draw a melody
# that was never spoken.
GAP_S = 1.5


class PitchChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture, not a control
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Pitch over time")
        self.setMinimumHeight(160)
        self.setStyleSheet("background: transparent; border: none;")
        self.points: list[tuple[float, float]] = []
        self.monotone: list[tuple[float, float]] = []
        self.set_pitch(None)

    def set_pitch(self, pitch: Pitch | None) -> None:
        theme = current_theme()
        chart = QChart()
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.points = list(pitch.contour) if pitch is not None else []
        self.monotone = [(m.start, m.end) for m in pitch.monotone] if pitch else []
        end_x = max([t for t, _ in self.points] + [30.0]) + 2
        low = min([hz for _, hz in self.points] + [80.0]) * 0.85
        high = max([hz for _, hz in self.points] + [200.0]) * 1.1

        ax, ay = _axes(chart, end_x, low, high)
        self._shade_monotone(chart, ax, ay)
        pen = QPen(theme.colour("accent"))
        pen.setWidthF(2.0)
        line = QLineSeries()
        previous: float | None = None
        for t, hz in self.points:
            if previous is not None and t - previous > GAP_S:
                self._add_line(chart, line, pen, ax, ay)
                line = QLineSeries()
            line.append(QPointF(t, hz))
            previous = t
        self._add_line(chart, line, pen, ax, ay)
        self.setChart(chart)
        if pitch is None:
            self.setAccessibleDescription("No pitch: the answer has no recording to measure.")
        else:
            flat = ", ".join(f"{int(a)}–{int(b)} s" for a, b in self.monotone) or "none"
            self.setAccessibleDescription(
                f"Pitch over time around {pitch.median_hz:.0f} Hz, range "
                f"{pitch.range_semitones:.1f} semitones; monotone stretches: {flat}")

    def _shade_monotone(self, chart: QChart, ax: QValueAxis, ay: QValueAxis) -> None:
        shade = QColor(current_theme().zones.yellow)
        shade.setAlphaF(0.22)
        for start, end in self.monotone:
            lower, upper = QLineSeries(), QLineSeries()
            for x in (start, end):
                lower.append(x, ay.min())
                upper.append(x, ay.max())
            band = QAreaSeries(upper, lower)
            upper.setParent(band)  # the area does not own its boundaries (see pace_chart)
            lower.setParent(band)
            band.setBrush(shade)
            band.setPen(QPen(Qt.PenStyle.NoPen))
            band.setName("Monotone")
            chart.addSeries(band)
            band.attachAxis(ax)
            band.attachAxis(ay)

    @staticmethod
    def _add_line(chart: QChart, line: QLineSeries, pen: QPen, ax: QValueAxis,
                  ay: QValueAxis) -> None:
        if line.count() == 0:
            return
        line.setPen(pen)
        line.setName("Pitch")
        chart.addSeries(line)
        line.attachAxis(ax)
        line.attachAxis(ay)


def _axes(chart: QChart, end_x: float, low: float, high: float) -> tuple[QValueAxis, QValueAxis]:
    theme = current_theme()
    ax, ay = QValueAxis(), QValueAxis()
    ax.setRange(0, end_x)
    ax.setTitleText("seconds")
    ax.setLabelFormat("%d")
    ay.setRange(low, high)
    ay.setTitleText("pitch (Hz)")
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
    return ax, ay
