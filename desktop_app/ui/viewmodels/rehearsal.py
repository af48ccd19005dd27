"""State and commands of the Rehearse page: which question, the clock, the answer.

Practice mode walks the questions of the chosen bank (optionally one stage); mock mode
asks the core's MockInterview for one question per stage, in order, and collects the
answers for a summary at the end.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.core.banks.model import Bank, Question, StageTiming
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.services.recording_session import RecordingSession
from desktop_app.ui.viewmodels.answer_clock import AnswerClock
from desktop_app.ui.viewmodels.mock_loop import MockLoop

log = logging.getLogger(__name__)

EMPTY_TIMING = StageTiming(prep_s=0, green_s=60, yellow_s=90, red_s=120)


class RehearsalModel(MockLoop, QObject):
    banks_changed = Signal()
    question_changed = Signal()
    answering_changed = Signal(bool)  # recording or not
    status_changed = Signal(str)  # a short status line ("Transcribing…")
    level = Signal(float, float)
    live_text = Signal(str)
    report_ready = Signal(int)  # answer id
    message = Signal(str, str)  # level, sentence (for the page banner)
    mock_changed = Signal()  # mock started / advanced / finished
    reading_changed = Signal(bool)  # the interviewer started / stopped reading the question

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.banks: list[Bank] = []
        self.bank_problems: list[Any] = []
        self.bank: Bank | None = None
        self.stage_filter: str | None = None
        self.question: Question | None = None
        self.clock = AnswerClock(EMPTY_TIMING, parent=self)
        self.clock.state_changed.connect(self._on_clock_state)
        self.session: RecordingSession | None = None
        self.last_answer_id: int | None = None
        self._session_ids: dict[str, int] = {}
        self._init_mock()  # the mock interview's loop (viewmodels.mock_loop)
        self._used_s = 0.0
        self.notes = ""  # the prep notes on the page, kept with the answer they led to
        self.busy = False
        # The question being read aloud before its prep countdown (None: not reading).
        self._reading_for: Question | None = None
        context.data_health().restored.connect(self._session_ids.clear)

    # Banks and questions ------------------
    def load_banks(self) -> None:
        from desktop_app.core.banks.library import discover_banks

        self.banks, self.bank_problems = discover_banks(self.context.settings)
        self.banks_changed.emit()
        ui = self.context.settings.ui
        bank = self._bank_by_id(ui.last_bank) or (self.banks[0] if self.banks else None)
        if bank is None:
            self.message.emit("warning", "No question bank could be loaded; import one in "
                              "Settings.")
            return
        self.bank = bank
        self.stage_filter = ui.last_stage if ui.last_stage and bank.stage(ui.last_stage) else None
        question = bank.question(ui.last_question) if ui.last_question else None
        self._set_question(question or self._questions()[0])
        self.resume_paused_mock()

    def _bank_by_id(self, bank_id: str | None) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def _questions(self) -> list[Question]:
        if self.bank is None:
            return []
        if self.stage_filter:
            stage = self.bank.stage(self.stage_filter)
            if stage is not None and stage.questions:
                return list(stage.questions)
        return self.bank.all_questions()

    def select_bank(self, bank_id: str) -> None:
        bank = self._bank_by_id(bank_id)
        if bank is None or self.is_answering or bank is self.bank:
            return
        self.bank = bank
        self.stage_filter = None
        self._set_question(self._questions()[0] if self._questions() else None)

    def select_stage(self, stage_id: str | None) -> None:
        if self.bank is None or self.is_answering:
            return
        self.stage_filter = stage_id or None
        questions = self._questions()
        if self.question not in questions:
            self._set_question(questions[0] if questions else None)
        else:
            self._remember()

    def select_question(self, bank_id: str, question_id: str) -> None:
        """Show a given question (retry from Review / History)."""
        if self.is_answering:
            return
        bank = self._bank_by_id(bank_id) or self.bank
        if bank is None:
            return
        question = bank.question(question_id)
        if question is None:
            self.message.emit("warning", f"The question '{question_id}' is no longer in the "
                              f"bank '{bank.title}'.")
            return
        self.bank = bank
        if self.stage_filter and self.stage_filter != question.stage_id:
            self.stage_filter = question.stage_id
        self._set_question(question)

    def next_question(self) -> None:
        if self.is_answering or self.busy:
            return
        if self.mock is not None:
            self._advance_mock()
            return
        questions = self._questions()
        if not questions:
            return
        index = questions.index(self.question) if self.question in questions else -1
        self._set_question(questions[(index + 1) % len(questions)])

    def _set_question(self, question: Question | None) -> None:
        self._stop_reading()
        self.question = question
        self.clock.set_timing(question.timing if question else EMPTY_TIMING)
        self._remember()
        self.question_changed.emit()
        if question is not None and self.session is None:
            self.context.voice().prepare(question.prompt, *self._next_prompt(question))

    def _next_prompt(self, question: Question) -> list[str]:
        """The question Next would show in practice (read aloud ahead too); a mock
        interview picks its next question later."""
        questions = self._questions()
        if self.mock is not None or question not in questions or len(questions) < 2:
            return []
        return [questions[(questions.index(question) + 1) % len(questions)].prompt]

    def _remember(self) -> None:
        ui = self.context.settings.ui
        ui.last_bank = self.bank.id if self.bank else ui.last_bank
        ui.last_stage = self.stage_filter
        ui.last_question = self.question.id if self.question else None

    def stage_title(self, question: Question | None = None) -> str:
        question = question or self.question
        if self.bank is None or question is None:
            return ""
        stage = self.bank.stage(question.stage_id)
        return stage.title if stage else question.stage_id

    # The answer ------------------
    @property
    def is_answering(self) -> bool:
        return self.session is not None and not self.busy

    def start_prep(self) -> None:
        """Read the question aloud, then count the prep down (at once when the voice is
        off or cannot speak)."""
        if (self.question is None or self.busy or self.session is not None
                or self._reading_for is not None or self.clock.state != "idle"):
            return
        voice = self.context.voice()
        if not voice.active:
            self.clock.start()  # enters answering by itself when prep ends (state signal)
            return
        question = self._reading_for = self.question
        self.reading_changed.emit(True)
        intro = self.take_intro() if self.mock is not None else ""
        voice.speak(f"{intro} {question.prompt}".strip(), lambda: self._after_reading(question))

    def _after_reading(self, question: Question) -> None:
        if self._reading_for is not question:
            return  # cut short by a new question or by the answer starting
        self._reading_for = None
        self.reading_changed.emit(False)
        if self.question is question and self.session is None and not self.busy:
            self.clock.start()

    @property
    def is_reading(self) -> bool:
        """The interviewer is reading the question (before prep, or read again)."""
        return self.context.voice().is_speaking

    def skip_reading(self) -> None:
        """Esc / Skip: cut the reading short; the prep countdown starts if it was waiting."""
        self.context.voice().stop()

    def read_again(self) -> None:
        """Read the question aloud once more (not while answering: the microphone is on)."""
        if self.question is None or self.session is not None or self._reading_for is not None:
            return
        voice = self.context.voice()
        voice.speak(self.question.prompt)

    def _stop_reading(self) -> None:
        """Stop reading without starting the countdown (the question changed, the answer
        started)."""
        if self._reading_for is not None:
            self._reading_for = None
            self.reading_changed.emit(False)
        if self.context.voice().is_speaking:
            self.context.voice().stop()

    def toggle_answer(self) -> None:
        if self.busy or self.question is None:
            return
        self._stop_reading()
        if self.session is None:
            self.clock.start_answer()
            if self.clock.state == "answering" and self.session is None:
                self._begin_recording()
        else:
            self.stop_answer()

    def _on_clock_state(self, state: str) -> None:
        # Prep ran out: the answer starts by itself, as in a real interview.
        if state == "answering" and self.session is None and not self.busy:
            self._begin_recording()

    def _begin_recording(self) -> None:
        if self.question is None or self.bank is None:
            return
        self._stop_reading()  # the microphone must not record the interviewer
        session = RecordingSession(self.context, self.bank, self.question,
                                   self._session_id(), parent=self, follow_up=self.follow_up)
        self.session = session
        session.level.connect(self.level)
        session.live_text.connect(self.live_text)
        session.started.connect(lambda: self.status_changed.emit(""))
        session.notice.connect(lambda text: self.message.emit("info", text))
        session.device_lost.connect(self._on_device_lost)
        session.progress.connect(self.status_changed)
        session.finished.connect(self._on_finished)
        session.failed.connect(self._on_failed)
        session.saved_without_database.connect(self._on_saved_without_database)
        self.answering_changed.emit(True)
        self.status_changed.emit("Opening the microphone…")
        session.start()

    def stop_answer(self) -> None:
        session = self.session
        if session is None or self.busy:
            return
        used_s = self.clock.stop()
        self._used_s = used_s
        self.busy = True
        self.answering_changed.emit(False)
        session.stop(used_s)

    def _on_device_lost(self, message: str) -> None:
        self.message.emit("error", message)
        self.stop_answer()

    def _on_finished(self, answer_id: int) -> None:
        self.last_answer_id = answer_id
        self._end_session()
        self._mock_answered(answer_id)
        # The notes are stored before the review opens, so it shows them.
        self._save_notes(answer_id, lambda: self._report_ready(answer_id))

    def _report_ready(self, answer_id: int) -> None:
        self.status_changed.emit("")
        self.report_ready.emit(answer_id)

    def _save_notes(self, answer_id: int, then: Any = None) -> None:
        notes = self.notes
        store = self.context.store_or_none()
        if not notes.strip() or store is None:
            if then is not None:
                then()
            return
        def failed(message: str) -> None:
            self.message.emit("warning", f"Your notes were not saved with the answer: "
                              f"{message}")
            if then is not None:
                then()

        run_in_background(lambda: store.set_notes(answer_id, notes),
                          lambda _none: then() if then is not None else None, failed,
                          name="answer-notes")

    def _on_failed(self, message: str) -> None:
        session = self.session
        if session is not None and session.answer_id is not None:
            self.last_answer_id = session.answer_id
            self._save_notes(session.answer_id)  # the recording is kept: so are its notes
        self._end_session()
        self.clock.set_timing(self.question.timing if self.question else EMPTY_TIMING)
        self.status_changed.emit("")
        self.answering_changed.emit(False)
        self.message.emit("error", message)

    def _on_saved_without_database(self) -> None:
        self._end_session()
        self.clock.set_timing(self.question.timing if self.question else EMPTY_TIMING)
        self.status_changed.emit("")
        self.answering_changed.emit(False)
        self.context.data_health().answer_saved_without_database()

    def _end_session(self) -> None:
        if self.session is not None:
            self.session.deleteLater()
        self.session = None
        self.busy = False

    def reset_clock(self) -> None:
        """Back to an idle clock on the same question (after a review, before retrying)."""
        if self.session is None:
            self.clock.set_timing(self.question.timing if self.question else EMPTY_TIMING)

    def _session_id(self) -> int | None:
        """This run's session of the current kind; None without a usable database."""
        kind = "mock" if self.mock is not None else "practice"
        if kind not in self._session_ids:
            store = self.context.store_or_none()
            if store is None:
                return None
            self._session_ids[kind] = int(store.create_session(kind=kind))
            if self.mock is not None:
                self._keep_mock()  # its answers' session, for a resume after a restart
        return self._session_ids[kind]

    # Background: recovery of interrupted recordings, backups, the trash --------------------
    def recover_interrupted(self) -> None:
        """The start-up checks (ui.services.data_health): recovery is one of them."""
        self.context.data_health().start_up()
