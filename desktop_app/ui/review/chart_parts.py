"""What Review's charts (pace, pitch) share: a chart view that is a picture, a bare
chart, time and value axes in the theme's colours, and a shaded band."""

from __future__ import annotations

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.ui.theme import current_theme


class PictureChartView(QChartView):
    """A chart to look at: Tab passes it by (it took the focus and showed none), and it
    is named for screen readers, which read its description."""

    def __init__(self, name: str, min_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(name)
        self.setMinimumHeight(min_height)
        self.setStyleSheet("background: transparent; border: none;")


def bare_chart() -> QChart:
    """No background, legend or animation: the page's card is the frame."""
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def time_axes(chart: QChart, end_s: float, low: float, high: float, y_title: str
              ) -> tuple[QValueAxis, QValueAxis]:
    """Seconds from 0 to ``end_s`` along the bottom, ``low`` to ``high`` up the left (both
    rounded to nice numbers), added to ``chart``."""
    theme = current_theme()
    ax, ay = QValueAxis(), QValueAxis()
    ax.setRange(0, end_s)
    ax.setTitleText("seconds")
    ay.setRange(low, high)
    ay.setTitleText(y_title)
    for axis in (ax, ay):
        axis.setLabelFormat("%d")
        axis.applyNiceNumbers()
        axis.setLabelsColor(theme.colour("text_muted"))
        axis.setTitleBrush(theme.colour("text_muted"))
        axis.setGridLineColor(theme.colour("border"))
        axis.setLinePenColor(theme.colour("border_strong"))
    chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    return ax, ay


def add_band(chart: QChart, axes: tuple[QValueAxis, QValueAxis], x: tuple[float, float],
             y: tuple[float, float], colour: QColor, name: str) -> QAreaSeries:
    """A filled rectangle from ``x[0]`` to ``x[1]`` and ``y[0]`` to ``y[1]``."""
    lower, upper = QLineSeries(), QLineSeries()
    for at in x:
        lower.append(at, y[0])
        upper.append(at, y[1])
    band = QAreaSeries(upper, lower)
    # QAreaSeries does not own its boundary series: parent them to it, or Python frees
    # them when the caller returns and the chart paints freed memory.
    upper.setParent(band)
    lower.setParent(band)
    band.setBrush(colour)
    band.setPen(QPen(Qt.PenStyle.NoPen))
    band.setName(name)
    add_series(chart, axes, band)
    return band


def add_series(chart: QChart, axes: tuple[QValueAxis, QValueAxis],
               series: QLineSeries | QAreaSeries) -> None:
    chart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)
