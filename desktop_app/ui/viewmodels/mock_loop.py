"""The mock interview as a loop, for the Rehearse page's model: for each stage the
interviewer says where the interview is going ("Next, a data case study.") and reads the
question; the answer; then up to N follow-ups (Settings › Interviewer), each read aloud and
answered at once on the follow-up clock; then the next stage.

Where the loop is (questions, answers, follow-ups, its History session) is written to the
data folder after every step (core.interview.mock_resume): closing the app pauses it, and
the next start resumes it at the stage it reached.
"""

from __future__ import annotations

import logging
from typing import Any

from desktop_app.core.analysis.follow_up import FollowUp
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.interview import mock_resume
from desktop_app.core.interview.mock_interview import MockInterview, transition_line
from desktop_app.pipeline.follow_up import follow_up_question, gaps_for, next_follow_up
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background

log = logging.getLogger(__name__)


class MockLoop:
    """Mixed into RehearsalModel, which owns the question, the clock and the recording."""

    context: AppContext
    bank: Bank | None
    question: Question | None
    busy: bool
    _session_ids: dict[str, int]
    _used_s: float
    mock_changed: Any
    message: Any

    def _init_mock(self) -> None:
        self.mock: MockInterview | None = None
        # (the first answer's id, the follow-up) while a follow-up is being asked/answered
        self.follow_up: tuple[int, FollowUp] | None = None
        self._stage_question: Question | None = None  # the stage's question, during one
        self._intro = ""  # said before the next question is read: "Next, a case study."

    # Starting, pausing, resuming ------------------
    def start_mock(self, rng_seed: int | None = None) -> None:
        if self.bank is None or self.is_answering or self.busy:
            return
        self.mock = MockInterview(self.bank, rng_seed=rng_seed,
                                  follow_ups=self.context.settings.interview.follow_ups)
        self._session_ids.pop("mock", None)
        self.follow_up = None
        self.mock_changed.emit()
        self._show_mock_step()

    def resume_paused_mock(self) -> bool:
        """Take up the mock interview the last run left (True when there was one)."""
        if self.mock is not None or self.is_answering or self.busy:
            return False
        mock = mock_resume.load_mock(self._bank_by_id)
        if mock is None:
            return False
        self.bank = mock.bank
        self.mock = mock
        if mock.session_id is not None:
            self._session_ids["mock"] = mock.session_id
        self.mock_changed.emit()
        self._show_mock_step()
        self.message.emit("info", f"Your mock interview goes on where you left it: "
                          f"{self.mock_label()}.")
        return True

    def pause_mock(self) -> None:
        """Leave the mock interview for now; the next start (or resume) takes it up."""
        if self.mock is None or self.is_answering or self.busy:
            return
        self._keep_mock()
        self.mock = None
        self.follow_up = None
        self.mock_changed.emit()
        self._set_question(self.question)

    def stop_mock(self) -> None:
        if self.mock is None:
            return
        self.mock = None
        self.follow_up = None
        mock_resume.clear_mock()
        self.mock_changed.emit()
        self._set_question(self._stage_question or self.question)

    def keep_follow_up_at_close(self, answer_id: int | None) -> None:
        """The app closes while a follow-up is answered: count that answer with its stage
        before the loop's place is kept (its finishing, cut short by the closing, would
        have counted it), so the resumed interview's summary still has it."""
        mock = self.mock
        if mock is None or self.follow_up is None or answer_id is None:
            return
        mock.record_follow_up(answer_id)
        self.follow_up = None
        self._keep_mock()
        self.mock = None  # should the finishing still arrive, it must not count it twice

    def _keep_mock(self) -> None:
        if self.mock is None:
            return
        self.mock.session_id = self._session_ids.get("mock", self.mock.session_id)
        try:
            mock_resume.save_mock(self.mock)
        except OSError as exc:  # the loop goes on; only resuming after a restart is lost
            log.warning("the mock interview's place could not be kept: %s", exc)

    # Stages ------------------
    def _show_mock_step(self) -> None:
        step = self.mock.current if self.mock is not None else None
        if step is not None:
            self._stage_question = step.question
            self._intro = transition_line(step)
            self._set_question(step.question)
        self._keep_mock()

    def _advance_mock(self) -> None:
        """N in a mock interview: skip this stage (or the follow-up being asked)."""
        if self.mock is None or (self.mock.is_finished and self.follow_up is None):
            return
        if self.follow_up is not None:
            self.follow_up = None
        else:
            self.mock.skip()
        self.mock_changed.emit()
        self._show_mock_step()

    def _record_mock(self, used_s: float, answer_id: int | None) -> None:
        """Count a stage's answer and go on, with no follow-up (nothing stored to probe)."""
        if self.mock is None or self.mock.is_finished:
            return
        self.mock.record(used_s, answer_id)
        self.mock_changed.emit()
        self._show_mock_step()

    def _mock_answered(self, answer_id: int) -> None:
        """An answer of the mock was analysed: count it, then ask a follow-up when one is
        left to ask and the answer gives one, else go on to the next stage."""
        mock = self.mock
        if mock is None:
            return
        if self.follow_up is not None:
            parent = self.follow_up[0]
            mock.record_follow_up(answer_id)
        elif mock.is_finished:
            return
        else:
            parent = answer_id
            mock.record(self._used_s, answer_id)
        self.follow_up = None
        question, bank = self._stage_question, self.bank
        store = self.context.store_or_none()
        if mock.follow_ups_left <= 0 or question is None or bank is None or store is None:
            self.mock_changed.emit()
            self._show_mock_step()
            return

        def choose() -> tuple[FollowUp | None, list[str] | None]:
            report = store.get_report(answer_id)
            return next_follow_up(store, bank, question, report, answer_id), \
                gaps_for(store, answer_id)

        def chosen(result: tuple[FollowUp | None, list[str] | None]) -> None:
            follow_up, gaps = result
            if follow_up is None or self.mock is not mock:
                self.mock_changed.emit()
                self._show_mock_step()
                return
            self._ask_follow_up(parent, follow_up, question, gaps)

        def failed(message: str) -> None:
            self.message.emit("warning", f"No follow-up this time: {message}")
            self.mock_changed.emit()
            self._show_mock_step()

        run_in_background(choose, chosen, failed, name="mock-follow-up")

    def _ask_follow_up(self, parent: int, follow_up: FollowUp, question: Question,
                       gaps: list[str] | None) -> None:
        """Show the follow-up as the question, read it, and record the answer at once."""
        if self.bank is None:
            return
        self.follow_up = (parent, follow_up)
        self._intro = ""
        self._set_question(follow_up_question(self.bank, question, follow_up, gaps))
        self.follow_up = (parent, follow_up)  # _set_question leaves it: it is this question
        self.mock_changed.emit()
        self._keep_mock()
        self.start_prep()  # no prep for a follow-up: the answer starts once it is read

    # What the page shows ------------------
    def mock_label(self) -> str:
        """'Stage 2 of 5: Data case study' while a mock interview runs ('Follow-up 1 to
        Stage 2 of 5: ...' while a follow-up is asked)."""
        if self.mock is None:
            return ""
        if self.follow_up is not None and self.mock.summary().results:
            step = self.mock.summary().results[-1].step
            n = len(self.mock.summary().results[-1].follow_ups) + 1
            return (f"Follow-up {n} to stage {step.index + 1} of {self.mock.total}: "
                    f"{step.stage.title}")
        return self.mock.progress.label

    def mock_finished(self) -> bool:
        return self.mock is not None and self.follow_up is None and self.mock.is_finished

    def mock_answer_ids(self) -> list[int]:
        if self.mock is None:
            return []
        return [r.answer_id for r in self.mock.summary().results if r.answer_id is not None]

    def take_intro(self) -> str:
        """What to say before reading the question, once: the stage's transition."""
        intro, self._intro = self._intro, ""
        return intro

    # Provided by RehearsalModel ------------------
    @property
    def is_answering(self) -> bool:
        raise NotImplementedError

    def _bank_by_id(self, bank_id: str | None) -> Bank | None:
        raise NotImplementedError

    def _set_question(self, question: Question | None) -> None:
        raise NotImplementedError

    def start_prep(self) -> None:
        raise NotImplementedError
