"""The end of a mock interview: one row per stage with its figures, and an overall line."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.ui.report_figures import Figures, fmt, fmt_duration
from desktop_app.ui.widgets.card import Card

COLUMNS = ("Stage", "Time", "Zone", "Words/min", "Fillers/min", "Coverage")


class MockSummary(Card):
    open_requested = Signal(int)  # answer id
    closed = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__("Mock interview summary", parent)
        self.context = context
        self.overall = QLabel("")
        self.overall.setObjectName("QuestionPrompt")
        self.overall.setWordWrap(True)
        self.body.addWidget(self.overall)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Mock interview results")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_row)
        self.body.addWidget(self.table, 1)
        row = QHBoxLayout()
        hint = QLabel("Double-click a stage to review that answer.")
        hint.setObjectName("Muted")
        done = QPushButton("Finish mock interview")
        done.setAccessibleName("Finish mock interview")
        done.clicked.connect(self.closed)
        row.addWidget(hint)
        row.addStretch(1)
        row.addWidget(done)
        self.body.addLayout(row)
        self._ids: list[int] = []

    def show_answers(self, answer_ids: list[int]) -> None:
        store = self.context.store()
        self._ids = list(answer_ids)
        self.table.setRowCount(len(answer_ids))
        figures: list[Figures] = []
        for row, answer_id in enumerate(answer_ids):
            record = store.get_answer(answer_id)
            fig = Figures.from_report(store.get_report(answer_id))
            figures.append(fig)
            values = (
                str(getattr(record, "stage_id", "")),
                fmt_duration(fig.used_s or getattr(record, "duration_s", None)),
                fig.zone.capitalize() or "—",
                fmt(fig.wpm),
                fmt(fig.fillers_per_min, 1),
                fmt(fig.coverage_pct, 0, " %"),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)
        self.overall.setText(summary_sentence(figures))

    def _open_row(self, index: Any) -> None:
        if 0 <= index.row() < len(self._ids):
            self.open_requested.emit(self._ids[index.row()])


def summary_sentence(figures: list[Figures]) -> str:
    if not figures:
        return "No answers were recorded in this mock interview."
    in_time = sum(1 for f in figures if f.zone in ("green", "yellow"))
    covs = [f.coverage_pct for f in figures if f.coverage_pct is not None]
    cov = f"{sum(covs) / len(covs):.0f} %" if covs else "—"
    return (f"{len(figures)} stages answered; {in_time} finished in the green or yellow zone; "
            f"average coverage {cov}.")
