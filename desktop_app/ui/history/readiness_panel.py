"""History's readiness: each stage's readiness over time (a line per stage, the 0.75 bar
dashed) and a table of where each stage stands today, for the bank shown (or, with every
bank shown, the one last rehearsed). The core computes it (core.practice.today); this card
only draws it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop_app.core.practice.readiness import READY
from desktop_app.core.practice.today import ReadinessHistory
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.theme import current_theme
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.plain_label import PlainLabel

PALETTE = ("#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#14b8a6", "#ec4899")
READY_NOTE = (f"A stage is ready at {READY:.2f}: at least half of its questions answered, "
              "recent answers averaging about Good (an answer counts half after two weeks), "
              "and not so long ago that they are likely forgotten.")


class ReadinessPanel(Card):
    def __init__(self, context: AppContext, history: Any, parent: QWidget | None = None
                 ) -> None:
        super().__init__("Readiness", parent)
        self.context = context
        self.history_view = history  # ui.views.history_view.HistoryView
        self.result: ReadinessHistory | None = None
        self.bank: Any = None
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A picture, not a control: Tab passes it by (as History's trend charts).
        self.chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart.setAccessibleName("Readiness per stage over time")
        self.chart.setMinimumHeight(170)
        self.chart.setMaximumHeight(230)
        self.chart.setStyleSheet("background: transparent; border: none;")
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Readiness per stage")
        self.table.setHorizontalHeaderLabels(["Stage", "Readiness", "Answered"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(230)
        # The figures are short and must be read whole ("0.10 · not yet" was cut to
        # "0.10 · not ..."); the stage name takes the rest, whole in its tooltip.
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        row = QHBoxLayout()
        row.addWidget(self.chart, 3)
        row.addWidget(self.table, 2)
        self.body.addLayout(row)
        self.note = PlainLabel(READY_NOTE)
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        history.refreshed.connect(self.refresh)

    def bank_shown(self) -> Any:
        """The bank History shows, else the one last rehearsed."""
        chosen, _stage = self.history_view.filters()
        bank = self.context.bank(chosen) if chosen else None
        return bank or self.context.bank(self.context.settings.ui.last_bank)

    def refresh(self) -> None:
        bank = self.bank_shown()
        if bank is None:
            return

        def job() -> ReadinessHistory:
            from desktop_app.core.practice.today import readiness_history

            store = self.context.open_store()
            try:
                return readiness_history(store, bank)
            finally:
                store.close()

        run_in_background(job, lambda result: self._show(bank, result),
                          self.note.setText, name="readiness")

    def _show(self, bank: Any, result: ReadinessHistory) -> None:
        self.bank, self.result = bank, result
        self.set_title(f"Readiness · {bank.title}")
        self._fill_table(bank, result)
        self._draw(bank, result)
        self.note.setText(READY_NOTE)

    def _fill_table(self, bank: Any, result: ReadinessHistory) -> None:
        self.table.setRowCount(len(bank.stages))
        for i, stage in enumerate(bank.stages):
            value = result.now.get(stage.id, 0.0)
            verdict = "ready" if value >= READY else "not yet"
            cells = (stage.title, f"{value:.2f} · {verdict}",
                     f"{result.answered.get(stage.id, 0)} of {len(stage.questions)}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, column, item)

    def _draw(self, bank: Any, result: ReadinessHistory) -> None:
        theme = current_theme()
        chart = QChart()
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().setLabelColor(theme.colour("text"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        ax, ay = QDateTimeAxis(), QValueAxis()
        ax.setFormat("d MMM")
        ax.setTickCount(4)
        ay.setRange(0, 1)
        ay.setTickCount(3)
        ay.setLabelFormat("%.1f")
        for axis in (ax, ay):
            axis.setLabelsColor(theme.colour("text_muted"))
            axis.setGridLineColor(theme.colour("border"))
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        times = result.times
        for i, stage in enumerate(bank.stages):
            series = QLineSeries()
            series.setName(stage.title)
            for t, v in zip(times, result.stages.get(stage.id, []), strict=False):
                series.append(t * 1000, v)
            pen = QPen(QColor(PALETTE[i % len(PALETTE)]))
            pen.setWidthF(2.0)
            series.setPen(pen)
            chart.addSeries(series)
            series.attachAxis(ax)
            series.attachAxis(ay)
        bar = QLineSeries()
        bar.setName(f"ready ({READY:.2f})")
        if times:
            bar.append(times[0] * 1000, READY)
            bar.append(times[-1] * 1000, READY)
            lo, hi = times[0], max(times[-1], times[0] + 3600)
            ax.setRange(QDateTime.fromSecsSinceEpoch(int(lo)),
                        QDateTime.fromSecsSinceEpoch(int(hi)))
            # A tick per day at most: four ticks over one day read "3 Dec, 4 Dec, 4 Dec,
            # 4 Dec"; within a day the hours tell the ticks apart.
            days = round((hi - lo) / 86400)
            ax.setTickCount(max(2, min(4, days + 1)))
            if days == 0:
                ax.setFormat("d MMM HH:mm")
        dashed = QPen(theme.colour("text_muted"))
        dashed.setStyle(Qt.PenStyle.DashLine)
        bar.setPen(dashed)
        chart.addSeries(bar)
        bar.attachAxis(ax)
        bar.attachAxis(ay)
        self.chart.setChart(chart)
        ready = sum(1 for v in result.now.values() if v >= READY)
        self.chart.setAccessibleDescription(
            f"{ready} of {len(bank.stages)} stages ready over {len(times)} days")
