"""The Rehearse page's pickers: the bank, the stage, and "Choose question" (the list).

They show the rehearsal model's choice and send the user's to it; while an answer runs or
a mock interview chooses the questions, they are locked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.core.question_choice import question_tries
from desktop_app.ui.context import AppContext
from desktop_app.ui.viewmodels.rehearsal import RehearsalModel
from desktop_app.ui.widgets.page_header import icon_button
from desktop_app.ui.widgets.question_picker import ALL_STAGES, QuestionPicker


class QuestionPickers(QObject):
    """``bank_combo``, ``stage_combo`` and ``choose_button``, for the page's header.
    ``picked`` runs after the user picked something (the page gives the focus back to its
    answer button)."""

    def __init__(self, context: AppContext, model: RehearsalModel, dialog_parent: QWidget,
                 picked: Callable[[], None]) -> None:
        super().__init__(dialog_parent)
        self.context, self.model = context, model
        self._dialog_parent = dialog_parent
        self._picked = picked
        self._updating = False  # the combos are being filled: their signals are not choices
        self.picker: QuestionPicker | None = None  # the list, while it is open
        self.bank_combo = QComboBox()
        self.bank_combo.setAccessibleName("Question bank")
        self.bank_combo.setToolTip("The question bank to rehearse from")
        self.bank_combo.setMinimumWidth(220)
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName("Interview stage")
        self.stage_combo.setToolTip("Rehearse one stage, or all of them")
        self.stage_combo.setMinimumWidth(160)
        self.choose_button = icon_button(
            "Choose question", "eye", "Pick a question from a list: search it, filter by "
            "stage, or show only those not tried yet")
        self.bank_combo.activated.connect(self._on_bank_picked)
        self.stage_combo.activated.connect(self._on_stage_picked)
        self.choose_button.clicked.connect(self.choose_question)

    # Showing the model's choice ------------------
    def refresh_banks(self) -> None:
        self._updating = True
        self.bank_combo.clear()
        for bank in self.model.banks:
            self.bank_combo.addItem(bank.title, bank.id)
        if self.model.bank is not None:
            self.bank_combo.setCurrentIndex(self.bank_combo.findData(self.model.bank.id))
        self._updating = False

    def refresh_stages(self) -> None:
        """The bank's stages, the one rehearsed (or the mock interview's) selected."""
        m = self.model
        self._updating = True
        self.stage_combo.clear()
        self.stage_combo.addItem(ALL_STAGES, None)
        if m.bank is not None:
            for stage in m.bank.stages:
                self.stage_combo.addItem(stage.title, stage.id)
            self.bank_combo.setCurrentIndex(self.bank_combo.findData(m.bank.id))
        index = self.stage_combo.findData(m.stage_filter) if m.stage_filter else 0
        if m.mock is not None and m.question is not None:
            # The picker shows the stage the mock interview is at; the mock chooses it.
            index = self.stage_combo.findData(m.question.stage_id)
        self.stage_combo.setCurrentIndex(max(0, index))
        self.stage_combo.setEnabled(m.mock is None and not m.busy and not m.is_answering)
        self._updating = False

    def set_locked(self, busy: bool) -> None:
        """Locked while an answer runs; the stage and the list also while a mock interview
        asks its own questions, one per stage."""
        mock = self.model.mock is not None
        self.bank_combo.setEnabled(not busy)
        self.stage_combo.setEnabled(not busy and not mock)
        self.choose_button.setEnabled(not busy and not mock)

    # The user's choice ------------------
    def _on_bank_picked(self, index: int) -> None:
        if not self._updating:
            self.model.select_bank(str(self.bank_combo.itemData(index)))
            self._picked()

    def _on_stage_picked(self, index: int) -> None:
        if not self._updating:
            data: Any = self.stage_combo.itemData(index)
            self.model.select_stage(data)
            self._picked()

    def choose_question(self) -> None:
        """The question list; the tries are counted from History while it shows."""
        m = self.model
        if m.bank is None or m.mock is not None or m.is_answering or m.busy:
            return
        bank = m.bank
        picker = QuestionPicker(bank, question_tries(bank, []),
                                m.question.id if m.question else None, m.stage_filter,
                                self._dialog_parent)
        self.picker = picker
        store = self.context.store_or_none()
        if store is not None:
            picker.count_tries(store, lambda text: self.context.message.emit("warning", text))
        picker.accepted.connect(lambda: self._on_question_chosen(bank.id, picker))
        picker.open()

    def _on_question_chosen(self, bank_id: str, picker: QuestionPicker) -> None:
        if picker.chosen_id is not None:
            self.model.select_question(bank_id, picker.chosen_id)
        self._picked()
