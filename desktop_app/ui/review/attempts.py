"""Review's Attempts tab: every try at this question with its figures; choosing one
opens it in Review (where Play plays it)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from desktop_app.core.history.attempts import AttemptFigures, attempt_lines
from desktop_app.ui.widgets.plain_label import plain_tooltip

ID_ROLE = Qt.ItemDataRole.UserRole + 2


class AttemptsList(QListWidget):
    open_requested = Signal(int)  # answer id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Attempts at this question")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.current_id: int | None = None
        self.itemActivated.connect(self._on_item)
        self.itemClicked.connect(self._on_item)

    def set_attempts(self, records: Sequence[AttemptFigures], current_id: int) -> None:
        self.clear()
        self.current_id = current_id
        for answer_id, line in attempt_lines(records):
            this = answer_id == current_id
            item = QListWidgetItem(line + ("  (this answer)" if this else ""))
            item.setData(ID_ROLE, answer_id)
            item.setToolTip(plain_tooltip("The answer shown now" if this
                                          else "Open this try in Review"))
            if this:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.addItem(item)

    def answer_ids(self) -> list[int]:
        return [int(self.item(i).data(ID_ROLE)) for i in range(self.count())]

    def _on_item(self, item: QListWidgetItem) -> None:
        answer_id = item.data(ID_ROLE)
        if isinstance(answer_id, int) and answer_id != self.current_id:
            self.open_requested.emit(answer_id)
