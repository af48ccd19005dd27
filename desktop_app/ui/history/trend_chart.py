"""One figure over time (words/min, fillers/min or coverage), a point per analysed answer."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.ui.theme import current_theme


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is >= ``value``."""
    if value <= 0:
        return 1.0
    power = float(10.0 ** math.floor(math.log10(value)))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= value:
            return step * power
    return 10 * power


MAX_LABELLED = 15  # more labels than this overlap in a chart a third of the page wide
# Two labels closer than this (as parts of the axes' spans) are drawn over each other.
CLASH_X, CLASH_Y = 0.12, 0.1


def labels_clash(points: list[tuple[float, float]], x_span: float, y_span: float) -> bool:
    """True when two points with different values sit so close that their labels would
    be drawn over each other (answers minutes apart on a chart spanning an hour)."""
    if x_span <= 0 or y_span <= 0:
        return False
    for i, (t1, v1) in enumerate(points):
        for t2, v2 in points[i + 1:]:
            if v1 != v2 and abs(t2 - t1) < CLASH_X * x_span and abs(v2 - v1) < CLASH_Y * y_span:
                return True
    return False


class TrendChart(QChartView):
    def __init__(self, title: str, attribute: str, colour: str, digits: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits = digits  # as the table shows the figure (fillers/min: one decimal)
        self.title = title
        self.attribute = attribute
        self.colour = colour
        self.points: list[tuple[float, float]] = []
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A picture, not a control: Tab passes it by (it took the focus and showed none).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(f"{title} over time")
        self.setMinimumHeight(150)
        self.setMaximumHeight(210)
        self.setStyleSheet("background: transparent; border: none;")
        self.set_records([])

    def set_records(self, records: list[Any]) -> None:
        """``records`` oldest first; answers without the figure are skipped."""
        theme = current_theme()
        self.points = [(float(r.started_at), round(float(getattr(r, self.attribute)),
                                                   self.digits))
                       for r in records if getattr(r, self.attribute, None) is not None]
        chart = QChart()
        chart.setTitle(self.title)
        chart.setTitleBrush(theme.colour("text"))
        title_font = chart.titleFont()
        title_font.setPointSizeF(10.0)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().hide()
        series = QLineSeries()
        for t, v in self.points:
            series.append(t * 1000, v)
        pen = QPen(QColor(self.colour))
        pen.setWidthF(2.2)
        series.setPen(pen)
        series.setPointsVisible(True)
        # Each point says its value, while there is room to read them.
        series.setPointLabelsVisible(0 < len(self.points) <= MAX_LABELLED)
        series.setPointLabelsFormat("@yPoint")
        series.setPointLabelsColor(theme.colour("text"))
        series.setPointLabelsClipping(False)
        label_font = series.pointLabelsFont()
        label_font.setPointSizeF(8.0)
        series.setPointLabelsFont(label_font)
        chart.addSeries(series)
        ax = QDateTimeAxis()
        ax.setFormat("d MMM")
        ax.setTickCount(3)  # four "17:30" labels did not fit a fifth of the page: "17:..."
        if self.points:
            lo, hi = self.points[0][0], self.points[-1][0]
            if hi - lo < 3600:
                lo, hi = lo - 1800, hi + 1800
                ax.setFormat("HH:mm")
            pad = (hi - lo) * 0.06  # keep the first and last points off the frame
            lo, hi = lo - pad, hi + pad
            ax.setRange(QDateTime.fromSecsSinceEpoch(int(lo)),
                        QDateTime.fromSecsSinceEpoch(int(hi)))
        ay = QValueAxis()
        top = max([v for _t, v in self.points] + [1.0])
        ay.setRange(0, nice_ceiling(top * 1.2))  # room above the highest point's label
        if self.points and labels_clash(self.points, hi - lo, ay.max()):
            series.setPointLabelsVisible(False)  # the points and the table still say them
        ay.setTickCount(3)
        ay.setLabelFormat("%d")
        for axis in (ax, ay):
            axis.setLabelsColor(theme.colour("text_muted"))
            axis.setGridLineColor(theme.colour("border"))
            axis.setLinePenColor(theme.colour("border_strong"))
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(ax)
        series.attachAxis(ay)
        self.setChart(chart)
        last = f"latest {self.points[-1][1]:.0f}" if self.points else "no answers yet"
        self.setAccessibleDescription(f"{len(self.points)} answers, {last}")
