"""Settings › Practice plan: the target interview date and how many new questions a day."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel, QSpinBox, QWidget

from desktop_app.core.practice.today import interview_day
from desktop_app.core.settings import restore_defaults
from desktop_app.ui.context import AppContext
from desktop_app.ui.settings.tab import SettingsTab, form_layout
from desktop_app.ui.widgets.card import Card


class PracticeTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        card = Card("Practice plan")
        note = QLabel("Today's plan on the Rehearse page brings back the questions you found "
                      "hard, days apart, and moves the ones you know further out. With an "
                      "interview date, every question you tried comes back before the day, "
                      "and new ones come faster so all of them are tried in time.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        card.body.addWidget(note)
        self.interview_check = QCheckBox("I have an interview date")
        self.interview_check.setAccessibleName("I have an interview date")
        self.interview_check.toggled.connect(self._on_interview)
        self.interview_date = QDateEdit()
        self.interview_date.setCalendarPopup(True)
        self.interview_date.setDisplayFormat("yyyy-MM-dd")
        self.interview_date.setAccessibleName("Interview date")
        self.interview_date.setToolTip("The day of the interview (or the first of the loop)")
        self.interview_date.dateChanged.connect(self._on_interview)
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 45)
        self.new_per_day.setAccessibleName("New questions a day")
        self.new_per_day.setToolTip("How many questions not tried yet today's plan offers "
                                    "(more when the interview is near)")
        self.new_per_day.valueChanged.connect(self._on_new_per_day)
        form = form_layout()
        form.addRow(self.interview_check)
        form.addRow("Interview on", self.interview_date)
        form.addRow("New questions a day", self.new_per_day)
        card.body.addLayout(form)
        self.column.addWidget(card)
        self.add_reset_button("the practice plan's settings")
        self.column.addStretch(1)

    def load_values(self) -> None:
        practice = self.settings.practice
        day = interview_day(self.settings)
        self.interview_check.setChecked(day is not None)
        self.interview_date.setEnabled(day is not None)
        if day is None:
            self.interview_date.setDate(QDate.currentDate().addDays(21))
        else:
            self.interview_date.setDate(QDate(day.year, day.month, day.day))
        self.new_per_day.setValue(practice.new_per_day)

    def _on_interview(self, *_args: object) -> None:
        if self._loading:
            return
        on = self.interview_check.isChecked()
        self.interview_date.setEnabled(on)
        chosen = self.interview_date.date()
        self.settings.practice.interview_date = chosen.toString("yyyy-MM-dd") if on else None
        self._changed()
        self.context.settings_changed.emit()

    def _on_new_per_day(self, value: int) -> None:
        if self._loading:
            return
        self.settings.practice.new_per_day = int(value)
        self._changed()
        self.context.settings_changed.emit()

    def restore_defaults(self) -> None:
        restore_defaults(self.settings.practice)
        self.context.settings_changed.emit()
