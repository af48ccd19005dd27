"""Every answer as a table row: date, bank, stage, question, duration and the figures."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.core.analysis.figures import fmt, fmt_duration

COLUMNS = ("Date", "Bank", "Stage", "Question", "Time", "WPM", "Fillers", "Coverage",
           "State")
HEADER_TIPS = ("When the answer was recorded", "Question bank", "Interview stage",
               "The question", "Length of the answer", "Words per minute",
               "Fillers per minute", "Expected concepts covered", "Where the answer is")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FOLLOW_UP_MARK = "\u21b3 Follow-up: "  # a follow-up answer's question column starts so
FOLLOW_UP_GAP_S = 1e-3  # how far below its first answer a follow-up sorts (see _date_key)

Index = QModelIndex | QPersistentModelIndex


class HistoryTableModel(QAbstractTableModel):
    """Rows are the store's AnswerRecords; ``describe`` names banks, stages and questions."""

    def __init__(self, describe: Callable[[Any], tuple[str, str, str]]) -> None:
        super().__init__()
        self._describe = describe
        self.records: list[Any] = []
        self._names: list[tuple[str, str, str]] = []
        self._started: dict[int, float] = {}

    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self.records = list(reversed(records))  # newest first
        self._names = [self._describe(r) for r in self.records]
        self._started = {r.id: r.started_at for r in self.records}
        self.endResetModel()

    def _date_key(self, r: Any) -> float:
        """Sorting by date, a follow-up answer sits just below its first answer (when that
        is listed), later follow-ups lower: its key falls between the first answer's and
        anything recorded before it."""
        parent = getattr(r, "parent_answer_id", None)
        first = self._started.get(parent) if parent is not None else None
        if first is None:
            return float(r.started_at)
        later = max(0.0, float(r.started_at) - first)
        return first - FOLLOW_UP_GAP_S + FOLLOW_UP_GAP_S / (1.0 + later)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
        return None

    def record(self, row: int) -> Any:
        return self.records[row]

    def names(self, row: int) -> tuple[str, str, str]:
        """(bank title, stage title, question prompt) of ``row``."""
        return self._names[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.records[index.row()]
        col = index.column()
        bank, stage, question = self._names[index.row()]
        if getattr(r, "parent_answer_id", None) is not None:
            question = f"{FOLLOW_UP_MARK}{question}"
        if role == SORT_ROLE:
            return (self._date_key(r), bank, stage, question, r.duration_s or 0.0, r.wpm or 0.0,
                    r.fillers_per_minute or 0.0, r.coverage_pct or 0.0, r.state)[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                time.strftime("%d %b %H:%M", time.localtime(r.started_at)),
                bank, stage, question,
                fmt_duration(r.duration_s),
                fmt(r.wpm),
                fmt(r.fillers_per_minute, 1),
                fmt(r.coverage_pct, 0, " %"),
                _state_text(r),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return time.strftime("%A %d %B %Y, %H:%M", time.localtime(r.started_at))
            if col == 3:
                return question
            if col == 8 and r.failure_reason:
                return str(r.failure_reason)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 4:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _state_text(r: Any) -> str:
    if r.recovered and r.state in ("recorded", "transcribed", "analyzed"):
        return "Recovered"  # whatever came after, the row says it was recovered
    return str({"analyzed": "Reviewed", "recording": "Interrupted", "recorded": "Recorded",
                "transcribed": "Transcribed", "failed": "Failed"}.get(r.state, r.state))
