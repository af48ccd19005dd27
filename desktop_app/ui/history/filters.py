"""History's filters: bank, stage and question, each narrowing the next one's list.

``changed`` is emitted when the user picks one; the page then reads the answers again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox

from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.plain_label import plain_tooltip

ALL = "__all__"


class HistoryFilters(QObject):
    """``bank_filter``, ``stage_filter`` and ``question_filter``, for the page's header."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.bank_filter = QComboBox()
        self.bank_filter.setAccessibleName("Filter by bank")
        self.bank_filter.setMinimumWidth(240)
        self.stage_filter = QComboBox()
        self.stage_filter.setAccessibleName("Filter by stage")
        self.stage_filter.setMinimumWidth(200)
        self.question_filter = QComboBox()
        self.question_filter.setAccessibleName("Filter by question")
        self.question_filter.setToolTip("Every try at one question, to see your progress")
        # Prompts are long: the box stays narrow and its list shows them whole.
        self.question_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.question_filter.setMinimumContentsLength(24)
        self.question_filter.view().setMinimumWidth(560)
        self.question_filter.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.bank_filter.activated.connect(self._on_bank_filter)
        self.stage_filter.activated.connect(self._on_stage_filter)
        self.question_filter.activated.connect(lambda _i: self.changed.emit())

    def fill(self) -> None:
        """The banks (the one chosen kept), then the stages and questions under it."""
        current = self.bank_filter.currentData()
        self.bank_filter.clear()
        self.bank_filter.addItem("All banks", ALL)
        for bank in self.context.all_banks():
            self.bank_filter.addItem(bank.title, bank.id)
        index = self.bank_filter.findData(current) if current else 0
        self.bank_filter.setCurrentIndex(max(0, index))
        self._fill_stages()

    def _fill_stages(self) -> None:
        self.stage_filter.clear()
        self.stage_filter.addItem("All stages", ALL)
        bank_id = self.bank_filter.currentData()
        bank = self.context.bank(bank_id) if bank_id and bank_id != ALL else None
        if bank is not None:
            for stage in bank.stages:
                self.stage_filter.addItem(stage.title, stage.id)
        self._fill_questions()

    def _fill_questions(self) -> None:
        self.question_filter.clear()
        self.question_filter.addItem("All questions", ALL)
        bank_id, stage_id = self.chosen()
        bank = self.context.bank(bank_id) if bank_id else None
        if bank is not None:
            for question in bank.all_questions():
                if stage_id is None or question.stage_id == stage_id:
                    self.question_filter.addItem(question.prompt, question.id)
                    self.question_filter.setItemData(self.question_filter.count() - 1,
                                                     plain_tooltip(question.prompt),
                                                     Qt.ItemDataRole.ToolTipRole)
        self.question_filter.setEnabled(bank is not None)

    def _on_bank_filter(self, _index: int) -> None:
        self._fill_stages()
        self.changed.emit()

    def _on_stage_filter(self, _index: int) -> None:
        self._fill_questions()
        self.changed.emit()

    def choose_question(self, bank_id: str, question_id: str) -> None:
        """Narrow to one question of one bank (without emitting ``changed``)."""
        self.fill()
        self.bank_filter.setCurrentIndex(max(0, self.bank_filter.findData(bank_id)))
        self._fill_stages()
        self.question_filter.setCurrentIndex(max(0, self.question_filter.findData(question_id)))

    def chosen(self) -> tuple[str | None, str | None]:
        """The bank and stage chosen (None: all)."""
        bank = self.bank_filter.currentData()
        stage = self.stage_filter.currentData()
        return (None if bank in (None, ALL) else bank, None if stage in (None, ALL) else stage)

    def question_id(self) -> str | None:
        question = self.question_filter.currentData()
        return None if question in (None, ALL) else str(question)
