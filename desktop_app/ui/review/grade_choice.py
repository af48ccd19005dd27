"""Review's grade for the practice plan: the automatic one from the report, which the user
can replace with Again, Hard, Good or Easy (stored as an override; the question's FSRS card
is replayed with it by the store)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.core.practice.grading import RATING_NAMES
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background

AUTOMATIC = 0


class GradeChoice(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.answer_id: int | None = None
        self._auto: int | None = None
        self._loading = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Grade")
        self.combo = QComboBox()
        self.combo.setAccessibleName("Grade for the practice plan")
        self.combo.setToolTip("How this answer went, for the practice plan: Again brings the "
                              "question back tomorrow, Easy sends it out for longer. "
                              "Automatic grades it from the report.")
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo)
        self.combo.activated.connect(self._on_chosen)
        self.hide()

    def load(self, answer_id: int | None) -> None:
        """Show the grade of ``answer_id`` (hidden when it has none: not analysed yet)."""
        self.answer_id = answer_id
        store = self.context.store_or_none() if answer_id is not None else None
        grade = store.answer_grade(answer_id) if store is not None and answer_id is not None \
            else None
        self.setVisible(grade is not None)
        if grade is None:
            return
        auto, override = grade
        self._auto = auto
        self._loading = True
        try:
            self.combo.clear()
            self.combo.addItem(f"Automatic: {RATING_NAMES[auto]}", AUTOMATIC)
            for number, name in RATING_NAMES.items():
                self.combo.addItem(name, number)
            self.combo.setCurrentIndex(self.combo.findData(override or AUTOMATIC))
        finally:
            self._loading = False

    def _on_chosen(self, _index: int) -> None:
        if self._loading or self.answer_id is None:
            return
        answer_id = self.answer_id
        chosen = int(self.combo.currentData())
        rating = None if chosen == AUTOMATIC else chosen

        def job() -> None:
            store = self.context.open_store()
            try:
                store.set_grade(answer_id, rating)
            finally:
                store.close()

        run_in_background(job, lambda _r: self.context.answers_changed.emit(),
                          lambda text: self.context.message.emit("error", text),
                          name="set-grade")
