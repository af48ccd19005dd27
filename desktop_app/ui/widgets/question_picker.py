"""Pick the question to rehearse from a list: words to search for, a stage, "not tried
yet". The filtering is the core's (core.question_choice); this dialog shows it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.banks.model import Bank
from desktop_app.core.history.store import Store
from desktop_app.core.question_choice import QuestionTries, choose, tries_in_history
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.widgets.plain_label import PlainLabel, plain_tooltip

ALL_STAGES = "All stages"


def tries_text(row: QuestionTries) -> str:
    if row.tries == 0:
        return "not tried yet"
    times = "once" if row.tries == 1 else f"{row.tries} times"
    when = time.strftime("%d %b %Y", time.localtime(row.last_at)) if row.last_at else ""
    return f"tried {times}" + (f", last on {when}" if when else "")


class QuestionPicker(QDialog):
    def __init__(self, bank: Bank, rows: list[QuestionTries], current_id: str | None = None,
                 stage_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a question")
        self.setAccessibleName("Choose a question")
        self.bank = bank
        self.rows = rows
        self.current_id = current_id
        self.chosen_id: str | None = None

        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the questions")
        self.search.setAccessibleName("Search the questions")
        self.search.setClearButtonEnabled(True)
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName("Stage")
        self.stage_combo.addItem(ALL_STAGES, None)
        for stage in bank.stages:
            self.stage_combo.addItem(stage.title, stage.id)
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage_id))
                                         if stage_id else 0)
        self.untried = QCheckBox("Not tried yet")
        self.untried.setAccessibleName("Only questions not tried yet")
        filters.addWidget(self.search, 1)
        filters.addWidget(self.stage_combo)
        filters.addWidget(self.untried)
        layout.addLayout(filters)

        self.list = QListWidget()
        self.list.setAccessibleName("Questions")
        self.list.setWordWrap(True)
        # Prompts wrap to the list's width: a sideways scrollbar hid their ends.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)
        self.count_label = PlainLabel("")
        self.count_label.setObjectName("Muted")
        self.count_label.setAccessibleName("Questions shown")
        layout.addWidget(self.count_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.choose_button = self.buttons.addButton(
            "Rehearse this question", QDialogButtonBox.ButtonRole.AcceptRole)
        self.choose_button.setAccessibleName("Rehearse this question")
        self.choose_button.setDefault(True)  # Enter in the search box takes the one shown
        self.buttons.accepted.connect(self._accept_current)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._refill)
        self.stage_combo.currentIndexChanged.connect(self._refill)
        self.untried.toggled.connect(self._refill)
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self.list.currentItemChanged.connect(self._update_choose)
        self.resize(760, 520)
        self._refill()
        self.search.setFocus()

    def count_tries(self, store: Store, on_error: Callable[[str], None]) -> None:
        """Fill in each question's tries from History, off the UI thread."""
        bank = self.bank
        run_in_background(lambda: tries_in_history(store, bank), self.set_rows, on_error,
                          name="question-tries")

    def set_rows(self, rows: list[QuestionTries]) -> None:
        """The tries counted (read from History after the dialog opened)."""
        self.rows = rows
        self._refill()

    def shown_ids(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.list.count())]

    def _refill(self) -> None:
        keep = self.list.currentItem()
        keep_id = keep.data(Qt.ItemDataRole.UserRole) if keep else self.current_id
        shown = choose(self.rows, self.search.text(), self.stage_combo.currentData(),
                       self.untried.isChecked())
        self.list.clear()
        for row in shown:
            item = QListWidgetItem(f"{row.question.prompt}\n{row.stage_title} · "
                                   f"{tries_text(row)}")
            item.setData(Qt.ItemDataRole.UserRole, row.question.id)
            item.setToolTip(plain_tooltip(row.question.prompt))  # bank text, never HTML
            self.list.addItem(item)
            if row.question.id == keep_id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        total = len(self.rows)
        if not shown:
            self.count_label.setText("No question fits: change the words or the filters.")
        else:
            self.count_label.setText(f"{len(shown)} of {total} questions")
        self._update_choose()

    def _update_choose(self) -> None:
        self.choose_button.setEnabled(self.list.currentItem() is not None)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
