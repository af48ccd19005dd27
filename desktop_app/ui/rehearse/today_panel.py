"""The Rehearse page's "Today" card: the plan's queue with the reason for each question,
and one button that starts it as a session (ui.viewmodels.practice_plan)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QWidget

from desktop_app.core.practice.readiness import READY
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.viewmodels.practice_plan import PracticePlanModel
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.plain_label import PlainLabel, plain_tooltip


class TodayPanel(Card):
    def __init__(self, context: AppContext, rehearsal: Any, parent: QWidget | None = None
                 ) -> None:
        super().__init__("Today", parent)
        self.model = PracticePlanModel(context, rehearsal, self)
        self.rehearsal = rehearsal
        self._locked = False  # an answer is being recorded or finished
        self.summary = PlainLabel("Making today's plan…")
        self.summary.setObjectName("Muted")
        self.summary.setWordWrap(True)
        self.queue_list = QListWidget()
        self.queue_list.setAccessibleName("Today's questions")
        # One line each, the reason first: the prompt is cut to fit, whole in its tooltip.
        self.queue_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.queue_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.queue_list.setUniformItemSizes(True)
        self.queue_list.itemActivated.connect(self._show_item)
        self.start_button = QPushButton("Start today's queue")
        self.start_button.setIcon(icon("next"))
        self.start_button.setAccessibleName("Start today's queue")
        self.start_button.setToolTip("Answer today's questions one after the other, due "
                                     "ones first")
        self.start_button.clicked.connect(self._start_or_stop)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.start_button)
        self.body.addLayout(row)
        self.body.addWidget(self.queue_list)
        self._fit_rows()
        self.model.plan_changed.connect(self._show_plan)
        self.model.queue_changed.connect(self._show_plan)
        self.model.failed.connect(self.summary.setText)
        self.model.refresh()

    def _show_plan(self) -> None:
        plan = self.model.plan
        if plan is None:
            return
        self.queue_list.clear()
        bank = self.rehearsal.bank
        current = self.model.current
        items = ([current] if current else []) + self.model.remaining \
            if self.model.running else plan.queue
        for item in items:
            question = bank.question(item.question_id) if bank is not None else None
            prompt = question.prompt if question is not None else item.question_id
            reason = item.reason[0].upper() + item.reason[1:]
            row = QListWidgetItem(f"{reason}  ·  {prompt}")
            row.setData(Qt.ItemDataRole.UserRole, item.question_id)
            row.setToolTip(plain_tooltip(f"{prompt}\n{item.reason}"))
            self.queue_list.addItem(row)
        self._fit_rows()
        self.summary.setText(self._summary_text())
        self._locked_or_not()
        self.start_button.setText("Stop the queue" if self.model.running
                                  else "Start today's queue")

    def hasHeightForWidth(self) -> bool:
        # Sized by its minimum (two rows) and hint (up to four), not by height-for-width,
        # which Qt's box layout would also take as its minimum: four rows then, and the
        # question card below was squeezed to make room (see QuestionCard).
        return False

    def sizeHint(self) -> QSize:
        # What its rows and wrapped summary need at the width it has (the layout's own
        # hint guessed a two-line summary and left a gap under the title).
        hint = super().sizeHint()
        layout = self.layout()
        if self.width() > 0 and layout is not None and layout.hasHeightForWidth():
            hint.setHeight(layout.totalHeightForWidth(self.width()))
        return hint

    def set_locked(self, locked: bool) -> None:
        """Locked while an answer is recorded or finished: the queue cannot start, stop or
        change the question then (its model ignored the clicks, and the button said
        nothing about why)."""
        self._locked = locked
        self._locked_or_not()

    def _locked_or_not(self) -> None:
        plan = self.model.plan
        has_queue = plan is not None and bool(plan.queue)
        self.start_button.setEnabled(not self._locked and (has_queue or self.model.running))
        self.queue_list.setEnabled(not self._locked)

    def _fit_rows(self) -> None:
        # As tall as its rows, up to four, and never an empty row: an empty fourth row's
        # height was taken from the question below, whose last line was then cut on a
        # 1366x768 screen. When the window is short (a banner above, a small screen) the
        # list gives way first, down to two rows and a scroll bar, so the page still fits.
        count = self.queue_list.count()
        row = self.queue_list.sizeHintForRow(0) if count else self.fontMetrics().height() + 8
        frame = 2 * self.queue_list.frameWidth()
        self.queue_list.setMinimumHeight(max(1, min(count, 2)) * row + frame)
        self.queue_list.setMaximumHeight(max(1, min(count, 4)) * row + frame)

    def _summary_text(self) -> str:
        plan = self.model.plan
        assert plan is not None
        if self.model.running:
            left = len(self.model.remaining) + 1
            return f"Today's queue: {left} question{'s' if left != 1 else ''} to go."
        if not plan.queue:
            return "Nothing due today, and every question has been tried."
        ready = sum(1 for v in plan.readiness.values() if v >= READY)
        text = f"{len(plan.due)} due, {len(plan.new)} new. Ready: {ready} of " \
               f"{len(plan.readiness)} stages."
        if plan.interview is not None:
            text += f" Interview on {plan.interview.isoformat()}."
        return text

    def _start_or_stop(self) -> None:
        if self.model.running:
            self.model.stop()
        else:
            self.model.start()

    def _show_item(self, item: QListWidgetItem) -> None:
        bank = self.rehearsal.bank
        if bank is not None and not self.model.running:
            self.rehearsal.select_question(bank.id, str(item.data(Qt.ItemDataRole.UserRole)))
