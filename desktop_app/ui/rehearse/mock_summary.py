"""The end of a mock interview: one row per stage with its figures, and an overall line."""

from __future__ import annotations

from pathlib import Path
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

from desktop_app.core.analysis.figures import Figures, fmt, fmt_duration
from desktop_app.core.interview.scorecard import build_scorecard, coverage_cell
from desktop_app.ui.icons import icon
from desktop_app.ui.services import scorecard_export
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.plain_label import PlainLabel

# Two-line headers over the figures: on one line they took the width the stage names need
# ("Technic…" on a 1366x768 screen).
COLUMNS = ("Stage", "Time", "Zone", "Words\nper min", "Fillers\nper min", "Coverage",
           "Red\nflags", "Verdict")


class MockSummary(Card):
    open_requested = Signal(int)  # answer id
    closed = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__("Mock interview summary", parent)
        self.context = context
        self.overall = PlainLabel("")
        self.overall.setObjectName("QuestionPrompt")
        self.overall.setWordWrap(True)
        self.body.addWidget(self.overall)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Mock interview results")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        # The figures take what they need and the stage names the rest (they were cut).
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_row)
        self.body.addWidget(self.table, 1)
        self.verdicts = PlainLabel("")
        self.verdicts.setWordWrap(True)
        self.verdicts.setAccessibleName("Verdict per stage")
        self.body.addWidget(self.verdicts)
        row = QHBoxLayout()
        hint = QLabel("Double-click a stage to review that answer.")
        hint.setObjectName("Muted")
        done = QPushButton("Finish mock interview")
        done.setAccessibleName("Finish mock interview")
        done.clicked.connect(self.closed)
        self.export_button = QPushButton("Export scorecard")
        self.export_button.setIcon(icon("export"))
        self.export_button.setAccessibleName("Export scorecard")
        self.export_button.setToolTip("Save the scorecard, per stage and overall, as "
                                      "Markdown or a web page (History keeps it too)")
        self.export_button.clicked.connect(lambda _checked=False: self.choose_export())
        row.addWidget(hint)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(done)
        self.body.addLayout(row)
        self._ids: list[int] = []
        self.session_id: int | None = None  # the mock interview's session in History

    def show_summary(self, summary: Any) -> None:
        """``summary``: core.interview.mock_interview.MockSummary (results in stage order)."""
        store = self.context.store()
        results = list(summary.results)
        self._ids = [r.answer_id if r.answer_id is not None else -1 for r in results]
        self.table.setRowCount(len(results))
        figures: list[Figures] = []
        for row, result in enumerate(results):
            report = store.get_report(result.answer_id) if result.answer_id else None
            fig = Figures.from_report(report)
            if report is not None:
                figures.append(fig)
            zone = str(getattr(result.zone, "value", result.zone or ""))
            values = (
                result.step.stage.title,
                "skipped" if result.skipped else fmt_duration(result.used_s),
                zone.capitalize() or "—",
                fmt(fig.wpm),
                fmt(fig.fillers_per_min, 1),
                fmt(fig.coverage_pct, 0, " %"),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                else:  # the stage's name is cut when the column is narrow: whole here
                    item.setToolTip(value)
                self.table.setItem(row, col, item)
        self.overall.setText(summary_sentence(summary, figures))
        answered = next((i for i in self._ids if i >= 0), None)
        record = store.get_answer(answered) if answered is not None else None
        self.session_id = record.session_id if record is not None else None
        self.export_button.setEnabled(self.session_id is not None)
        self._show_verdicts(summary, results)

    def _show_verdicts(self, summary: Any, results: list[Any]) -> None:
        """Coverage before and after the follow-ups, red flags and each stage's verdict
        with its reasons, from the scorecard History keeps (core.interview.scorecard)."""
        bank = self.context.bank(summary.bank_id)
        if self.session_id is None or bank is None:
            self.verdicts.setText("")
            return
        card = build_scorecard(self.context.store(), bank, self.session_id)
        by_stage = {s.stage: s for s in card.stages}
        lines = []
        for row, result in enumerate(results):
            score = by_stage.get(result.step.stage.title)
            if score is None:
                continue
            cells = {6: str(score.red_flags) if score.answered else "—",
                     7: score.verdict.verdict.capitalize()}
            if score.answered:
                cells[5] = coverage_cell(score)
            for col, value in cells.items():
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(score.verdict.line())
                self.table.setItem(row, col, item)
            lines.append(f"{score.stage} — {score.verdict.line()}")
        self.verdicts.setText("\n".join(lines))

    def choose_export(self) -> None:
        path = scorecard_export.choose_path(self) if self.session_id is not None else None
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        if self.session_id is not None:
            scorecard_export.export_scorecard(self.context, self.session_id, path)

    def _open_row(self, index: Any) -> None:
        if 0 <= index.row() < len(self._ids) and self._ids[index.row()] >= 0:
            self.open_requested.emit(self._ids[index.row()])


def summary_sentence(summary: Any, figures: list[Figures]) -> str:
    if not summary.answered:
        return "No answers were recorded in this mock interview."
    covs = [f.coverage_pct for f in figures if f.coverage_pct is not None]
    cov = f"; average coverage {sum(covs) / len(covs):.0f} %" if covs else ""
    minutes = summary.total_used_s / 60
    return (f"{summary.answered} of {len(summary.results)} stages answered in "
            f"{minutes:.1f} minutes; {summary.in_time} finished in the green or yellow "
            f"zone{cov}.")
