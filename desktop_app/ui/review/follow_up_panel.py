"""Review's follow-up card: the interviewer's follow-up to the answer shown, answered on
the spot, and the answer and its follow-ups judged together.

"Answer the follow-up" reads the follow-up aloud when the voice can speak (else it is only
shown), then records the answer like any other (RecordingSession, the same pipeline),
timed with the stage's follow-up budget and linked to the first answer. When its report
is ready, ``answered`` gives its id so Review shows it, with the pair: what the first
answer covered unprompted, what was recovered when asked, and what is still missing.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.analysis.follow_up import FollowUp, why_text
from desktop_app.core.analysis.follow_up_pair import pair_lines
from desktop_app.core.analysis.report import Report
from desktop_app.core.analysis.timing import timing_for
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.durations import mmss
from desktop_app.core.history import follow_ups
from desktop_app.pipeline.follow_up import (
    follow_up_question,
    gaps_for,
    next_follow_up,
    pair_for,
    root_of,
)
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.recording_session import RecordingSession
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.plain_label import PlainLabel

CLOCK_MS = 200
ZONE_WORDS = {"under": "", "green": " · green", "yellow": " · yellow", "red": " · red: wrap up",
              "overtime": " · over time"}


class FollowUpPanel(Card):
    answered = Signal(int)  # the follow-up answer's id, once its report is saved
    open_answer = Signal(int)  # show this answer (the first one of the pair)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Follow-up", parent)
        self.context = context
        self.offered: FollowUp | None = None
        self.root_id: int | None = None
        self.session: RecordingSession | None = None
        self.state = "idle"  # idle, asking, recording, finishing
        self._bank: Bank | None = None
        self._question: Question | None = None
        self._session_id: int | None = None
        self._gaps: list[str] | None = None
        self._started_at = 0.0
        self.asked_label = PlainLabel("")
        self.asked_label.setObjectName("FollowUpText")
        self.asked_label.setWordWrap(True)
        self.why_label = PlainLabel("")
        self.why_label.setObjectName("Muted")
        self.why_label.setWordWrap(True)
        self.pair_label = PlainLabel("")
        self.pair_label.setWordWrap(True)
        self.pair_label.setAccessibleName("The answer and its follow-ups")
        self.answer_button = QPushButton("Answer the follow-up")
        self.answer_button.clicked.connect(self.toggle)
        self.first_button = QPushButton("Show the first answer")
        self.first_button.clicked.connect(self._show_first)
        self.clock_label = QLabel("")
        self.clock_label.setAccessibleName("Follow-up clock")
        row = QHBoxLayout()
        row.addWidget(self.answer_button)
        row.addWidget(self.clock_label, 1)
        row.addWidget(self.first_button)
        for w in (self.asked_label, self.why_label, self.pair_label):
            self.body.addWidget(w)
        self.body.addLayout(row)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._tick)
        self.hide()

    # Loading ------------------
    def load(self, record: Any, report: Report | None, bank: Bank | None,
             question: Question | None) -> None:
        """Show the follow-up card for ``record`` (hidden when there is nothing to show)."""
        if self.state != "idle":
            return  # a follow-up is being answered; Review shows its report when ready
        store = self.context.store()
        self._bank, self._question, self._session_id = bank, question, record.session_id
        self.root_id = root_of(store, record.id)
        self._gaps = gaps_for(store, record.id)
        asked = follow_ups.parent_of(store, record.id)
        self.offered = next_follow_up(store, bank, question, report, record.id) \
            if bank is not None and question is not None else None
        pair = pair_for(store, record.id)
        if asked is not None:
            self.set_title("Follow-up answered")
            self.asked_label.setText(f"You were asked: \u201c{asked.follow_up.text}\u201d")
            self.why_label.setText(why_text(asked.follow_up, bank))
        elif self.offered is not None:
            self.set_title("Follow-up")
            self.asked_label.setText(f"\u201c{self.offered.text}\u201d")
            self.why_label.setText(why_text(self.offered, bank))
        self.pair_label.setText("\n".join(pair_lines(pair)) if pair else "")
        self.pair_label.setVisible(pair is not None)
        self.first_button.setVisible(asked is not None)
        self.answer_button.setText("Answer the follow-up" if asked is None
                                   else "Answer another follow-up")
        self.answer_button.setVisible(self.offered is not None)
        if asked is not None and self.offered is not None:
            self.why_label.setText(f"{self.why_label.text()} Next: "
                                   f"\u201c{self.offered.text}\u201d")
        self.clock_label.setText("")
        self.setVisible(asked is not None or self.offered is not None or pair is not None)

    # Answering ------------------
    def toggle(self) -> None:
        if self.state == "idle":
            self.ask()
        elif self.state == "recording":
            self.stop()

    def ask(self) -> None:
        """Say the follow-up (when the voice can), then record the answer."""
        if self.offered is None or self.root_id is None or self.state != "idle":
            return
        self.state = "asking"
        self.answer_button.setEnabled(False)
        self.asked_label.setText(f"\u201c{self.offered.text}\u201d")
        self.clock_label.setText("Listen…")
        voice = getattr(self.context, "voice", None)
        if callable(voice):
            voice().speak(self.offered.text, self._record)
        else:
            self._record()

    def _record(self) -> None:
        if self.state != "asking" or self.offered is None or self.root_id is None:
            return
        bank, question = self._bank, self._question
        assert bank is not None and question is not None
        asked = follow_up_question(bank, question, self.offered, self._gaps)
        session = RecordingSession(self.context, bank, asked, self._session_id, self,
                                   follow_up=(self.root_id, self.offered))
        self.session = session
        session.started.connect(self._on_started)
        session.finished.connect(self._on_finished)
        session.failed.connect(self._on_failed)
        session.device_lost.connect(lambda _text: self.stop())
        session.progress.connect(self.clock_label.setText)
        self.clock_label.setText("Opening the microphone…")
        session.start()

    def _on_started(self) -> None:
        self.state = "recording"
        self._started_at = time.monotonic()
        self.answer_button.setText("Stop")
        self.answer_button.setAccessibleName("Stop the follow-up answer")
        self.answer_button.setEnabled(True)
        self._clock.start()
        self._tick()

    def _tick(self) -> None:
        if self.session is None or self.state != "recording":
            return
        used = time.monotonic() - self._started_at
        timing = timing_for(used, self.session.question.timing)
        self.clock_label.setText(f"{mmss(used)} of {mmss(timing.red_s)}"
                                 f"{ZONE_WORDS.get(timing.zone, '')}")

    def stop(self) -> None:
        if self.session is None or self.state != "recording":
            return
        self.state = "finishing"
        self._clock.stop()
        self.answer_button.setEnabled(False)
        self.answer_button.setAccessibleName("Answer the follow-up")
        self.session.stop(time.monotonic() - self._started_at)

    def _on_finished(self, answer_id: int) -> None:
        self._reset()
        self.answered.emit(answer_id)

    def _on_failed(self, message: str) -> None:
        self._reset()
        self.clock_label.setText(message)
        self.context.message.emit("warning", message)

    def _reset(self) -> None:
        self.state = "idle"
        self._clock.stop()
        self.session = None
        self.answer_button.setEnabled(True)
        self.answer_button.setText("Answer the follow-up")

    def _show_first(self) -> None:
        if self.root_id is not None:
            self.open_answer.emit(self.root_id)
