"""Today's practice plan for the Rehearse page, and the queue run as a session.

The plan is made by the core (``core.practice``) on a background thread from the history
database; this model keeps the latest one, remakes it when answers, settings or the bank
change, and walks the queue: Start shows its first question, and each analysed answer to
the question shown moves to the next one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.practice.plan import Plan, PlanItem
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background


class PracticePlanModel(QObject):
    plan_changed = Signal()
    queue_changed = Signal()  # started, advanced or finished
    failed = Signal(str)  # one sentence: the plan could not be made

    def __init__(self, context: AppContext, rehearsal: Any, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self.context = context
        self.rehearsal = rehearsal  # ui.viewmodels.rehearsal.RehearsalModel
        self.plan: Plan | None = None
        self.remaining: list[PlanItem] = []  # the queue still to answer, once started
        self.current: PlanItem | None = None
        self._bank_id: str | None = None
        self._pending = False  # a plan is being made
        self._stale = False  # something changed while it was being made
        context.answers_changed.connect(self.refresh)
        context.settings_changed.connect(self.refresh)
        rehearsal.question_changed.connect(self._on_question_changed)
        rehearsal.report_ready.connect(self._on_answered)

    @property
    def running(self) -> bool:
        return self.current is not None

    def refresh(self) -> None:
        """Make the plan again (in the background) for the bank shown."""
        bank = self.rehearsal.bank
        if bank is None:
            return
        self._bank_id = bank.id
        if self._pending:
            # The plan being made may have read the store before this change: make it
            # again once it arrives, or an answer just saved would be missing from it.
            self._stale = True
            return
        self._pending, self._stale = True, False
        settings = self.context.settings

        def job() -> Plan:
            from desktop_app.core.practice.today import interview_day, plan_from_store

            store = self.context.open_store()
            try:
                return plan_from_store(store, bank, interview=interview_day(settings),
                                       new_per_day=settings.practice.new_per_day)
            finally:
                store.close()

        run_in_background(job, self._on_plan, self._on_error, name="practice-plan")

    def _on_plan(self, plan: Plan) -> None:
        self._pending = False
        if self._stale or (self.rehearsal.bank is not None
                           and plan.bank_id != self.rehearsal.bank.id):
            self.refresh()  # answers, settings or the bank changed while it was made
            return
        self.plan = plan
        self.plan_changed.emit()

    def _on_error(self, message: str) -> None:
        self._pending = False
        if self._stale:
            self.refresh()
            return
        self.failed.emit(message)

    def _on_question_changed(self) -> None:
        bank = self.rehearsal.bank
        if bank is not None and bank.id != self._bank_id:
            self.stop()
            self.refresh()

    # The queue as a session ------------------
    def start(self) -> bool:
        """Show the first question of today's queue; False when there is nothing to do."""
        if self.plan is None or not self.plan.queue or self.rehearsal.is_answering \
                or self.rehearsal.mock is not None:  # a mock interview sets its own order
            return False
        self.remaining = list(self.plan.queue)
        self._advance()
        return True

    def stop(self) -> None:
        if self.current is not None or self.remaining:
            self.current, self.remaining = None, []
            self.queue_changed.emit()

    def skip(self) -> bool:
        """Go on to the queue's next question without answering this one (N while the
        queue runs); False when the queue is not running or an answer is under way."""
        if not self.running or self.rehearsal.is_answering or self.rehearsal.busy:
            return False
        self._advance()
        return True

    def _advance(self) -> None:
        self.current = self.remaining.pop(0) if self.remaining else None
        if self.current is not None and self.plan is not None:
            self.rehearsal.select_question(self.plan.bank_id, self.current.question_id)
        self.queue_changed.emit()

    def _on_answered(self, _answer_id: int) -> None:
        question = self.rehearsal.question
        if self.current is not None and question is not None and \
                question.id == self.current.question_id:
            self._advance()
