"""The Rehearse page: pick a question, answer against the clock, see the words arrive."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.context import AppContext
from desktop_app.ui.rehearse.clock_panel import ClockPanel
from desktop_app.ui.rehearse.mock_summary import MockSummary
from desktop_app.ui.rehearse.pickers import QuestionPickers
from desktop_app.ui.rehearse.question_card import QuestionCard
from desktop_app.ui.rehearse.today_panel import TodayPanel
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.services.chime import Chime
from desktop_app.ui.viewmodels.rehearsal import RehearsalModel
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.page_header import PageHeader, icon_button
from desktop_app.ui.widgets.question_picker import QuestionPicker
from desktop_app.ui.widgets.timer_display import TimerReading, format_clock


class RehearseView(QWidget):
    review_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = RehearsalModel(context, self)
        self.chime = Chime()
        self.chime.enabled = context.settings.ui.chime
        self._build()
        self._connect()
        self.model.load_banks()
        self._refresh_banks()
        self._refresh_question()

    # Layout ------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)

        header = PageHeader("Rehearse")
        self.pickers = QuestionPickers(self.context, self.model, self, self._after_pick)
        self.bank_combo, self.stage_combo = self.pickers.bank_combo, self.pickers.stage_combo
        self.choose_button = self.pickers.choose_button
        self.mock_button = icon_button("Mock interview", "mock",
                                       "One question from each stage in order, then a summary")
        self.mock_button.setCheckable(True)
        header.add(self.bank_combo, self.stage_combo, self.choose_button)
        self.pause_mock_button = QPushButton("Pause")
        self.pause_mock_button.setAccessibleName("Pause the mock interview")
        self.pause_mock_button.setToolTip("Leave the mock interview for now; Mock interview, "
                                          "or the next start, takes it up where it was")
        self.pause_mock_button.hide()
        header.add(self.mock_button, self.pause_mock_button)
        outer.addLayout(header)

        row = QHBoxLayout()
        row.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(16)
        self.today = TodayPanel(self.context, self.model)  # the practice plan's queue
        left.addWidget(self.today)
        self.left_stack = QStackedWidget()
        self.question_card = QuestionCard()
        self.summary = MockSummary(self.context)
        self.left_stack.addWidget(self.question_card)
        self.left_stack.addWidget(self.summary)
        left.addWidget(self.left_stack, 2)
        live_card = Card("Live transcript")
        self.live_transcript = QPlainTextEdit()
        self.live_transcript.setObjectName("LiveTranscript")
        self.live_transcript.setReadOnly(True)
        self.live_transcript.setAccessibleName("Live transcript")
        self.live_transcript.setPlaceholderText(
            "Your words appear here while you speak, a few seconds behind.")
        self.live_transcript.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        live_card.body.addWidget(self.live_transcript, 1)
        left.addWidget(live_card, 2)
        # No answer is recorded while the mock's summary shows: its room goes to the
        # summary, whose verdict lines were cut off on a 1366x768 screen.
        self.left_stack.currentChanged.connect(
            lambda _i: live_card.setVisible(not self.summary_showing()))
        row.addLayout(left, 5)

        self.clock = clock = ClockPanel()
        # The view connects and feeds these; tests and shortcuts reach them by these names.
        self.timer_display, self.level_meter = clock.timer_display, clock.level_meter
        self.recording_label, self.elapsed_label = clock.recording_label, clock.elapsed_label
        self.answer_button, self.status_label = clock.answer_button, clock.status_label
        self.prep_button, self.next_button = clock.prep_button, clock.next_button
        self.review_button, self.chime_button = clock.review_button, clock.chime_button
        self.read_button = clock.read_button
        self.answer_button.clicked.connect(self.toggle_answer)
        row.addWidget(clock, 4)
        outer.addLayout(row, 1)

        self._set_answer_button(False)
        self._set_chime_button()
        self._set_read_button(False)
        self.setTabOrder(self.answer_button, self.prep_button)
        self.setTabOrder(self.prep_button, self.next_button)
        self.setTabOrder(self.next_button, self.review_button)
        self.setTabOrder(self.review_button, self.chime_button)
        self.setTabOrder(self.chime_button, self.read_button)
        self.setTabOrder(self.read_button, self.question_card.follow_up_button)
        self.setTabOrder(self.question_card.follow_up_button, self.bank_combo)
        self.setTabOrder(self.bank_combo, self.stage_combo)
        self.setTabOrder(self.stage_combo, self.choose_button)
        self.setTabOrder(self.choose_button, self.mock_button)

    def _connect(self) -> None:
        m = self.model
        m.question_changed.connect(self._refresh_question)
        m.banks_changed.connect(self._refresh_banks)
        m.answering_changed.connect(self._on_answering)
        m.status_changed.connect(self._on_status)
        m.level.connect(self.level_meter.set_level)
        m.live_text.connect(self._on_live_text)
        m.report_ready.connect(self._on_report_ready)
        m.message.connect(lambda level, text: self.context.message.emit(level, text))
        m.mock_changed.connect(self._on_mock_changed)
        self.context.voice().speaking_changed.connect(self._on_speaking)
        self.read_button.clicked.connect(self.toggle_reading)
        # Esc cuts the interviewer short (the window's other keys are its shortcuts).
        skip = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        skip.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        skip.activated.connect(self.model.skip_reading)
        m.clock.reading_changed.connect(self._on_reading)
        m.clock.zone_changed.connect(self._on_zone)
        self.prep_button.clicked.connect(self._start_prep)
        self.next_button.clicked.connect(self.next_question)
        self.review_button.clicked.connect(self.review_last)
        self.chime_button.toggled.connect(self._on_chime_toggled)
        self.mock_button.toggled.connect(self._on_mock_toggled)
        self.pause_mock_button.clicked.connect(self.model.pause_mock)
        self.question_card.notes.textChanged.connect(self._on_notes_changed)
        self.summary.open_requested.connect(self.review_requested)
        self.summary.closed.connect(lambda: self.mock_button.setChecked(False))
        self.context.settings_changed.connect(self._on_settings_changed)
        self.context.banks_changed.connect(self._reload_banks)

    # Commands (also the window's shortcuts) ------------------
    def toggle_answer(self) -> None:
        if self.summary_showing():
            return  # the mock interview is over; its summary has no question
        self.model.toggle_answer()

    def next_question(self) -> None:
        m = self.model
        if m.mock is not None and not m.mock_finished() and not m.is_answering and not m.busy:
            skipped = m.mock_label()
            m.next_question()
            # Never silently: the stage is left out of the summary as "skipped".
            over = (" The mock interview is over: its summary is on the left."
                    if m.mock_finished() else "")
            self._on_status(f"Skipped {skipped}; the summary shows it as skipped.{over}")
            return
        # While today's queue runs, N is the queue's next question, not the bank's.
        if self.today.model.running:
            if self.today.model.skip() and not self.today.model.running:
                self._on_status("That was the last question of today's queue.")
            return
        m.next_question()

    def finishing_answer(self) -> bool:
        """An answer is being recorded or finished (transcribed, analysed, stored)."""
        return self.model.session is not None

    def answer_in_progress(self) -> bool:
        """Prep counting down, or an answer being recorded: Space belongs to the answer."""
        return self.model.session is not None or self.model.clock.state == "prep"

    def toggle_reading(self) -> None:
        """Read the question again, or skip the reading while it is being read."""
        if self.model.is_reading:
            self.model.skip_reading()
        else:
            self.model.read_again()

    def _on_speaking(self, speaking: bool) -> None:
        self._set_read_button(speaking)
        if speaking:
            self._on_status("Reading the question aloud… (Esc to skip)")
        elif self.status_label.text().startswith("Reading the question"):
            self._on_status("")

    def _set_read_button(self, speaking: bool) -> None:
        self.clock.show_reading(speaking, self.context.voice().active
                                and self.model.session is None)

    def _start_prep(self) -> None:
        self.model.start_prep()
        self.answer_button.setFocus()  # not "Next question", where Qt would move it

    def review_last(self) -> None:
        if self.model.last_answer_id is not None:
            self.review_requested.emit(self.model.last_answer_id)
            return
        # Nothing answered since the app started: the newest answer in History is the last
        # one (after a restart R said there was none, with History full of answers).
        store = self.context.store_or_none()
        none_yet = "No answer to review yet: press Space to record one."
        if store is None:
            self._on_status(none_yet)
            return

        def found(newest: Any) -> None:
            if newest is not None and self.model.last_answer_id is None:
                self.review_requested.emit(int(newest.id))
            elif newest is None:
                self._on_status(none_yet)

        run_in_background(store.newest_answer, found, lambda _msg: self._on_status(none_yet),
                          name="last-answer")

    def on_shown(self) -> None:
        if not self.model.is_answering and self.model.session is None:
            self.model.reset_clock()
        self.answer_button.setFocus()

    def after_start(self) -> None:
        self.model.recover_interrupted()

    def prepare_to_close(self) -> None:
        if self.model.is_answering:
            session = self.model.session
            self.model.stop_answer()
            self.model.keep_follow_up_at_close(session.answer_id if session else None)

    # Refresh ------------------
    def _refresh_banks(self) -> None:
        self.pickers.refresh_banks()

    def _refresh_question(self) -> None:
        m = self.model
        self.pickers.refresh_stages()
        if m.mock is not None:
            self.question_card.set_question(m.question, f"Mock interview · {m.mock_label()}")
        else:
            self.question_card.set_question(m.question, m.stage_title())
        self.live_transcript.clear()
        self.level_meter.reset()
        self.prep_button.setEnabled(bool(m.question and m.question.timing.prep_s > 0))

    def _on_reading(self, reading: TimerReading) -> None:
        self.timer_display.set_reading(reading)
        if self.model.session is not None and reading.state == "answering":
            self.elapsed_label.setText(f"Recorded {format_clock(reading.elapsed_s)}")
        if reading.state == "prep":
            self.prep_button.setEnabled(False)

    def _on_zone(self, zone: str) -> None:
        if zone in ("green", "yellow", "red"):
            self.chime.play()

    def _on_answering(self, answering: bool) -> None:
        self._set_answer_button(answering)
        busy = answering or self.model.busy
        # Pause too: the model ignores it while an answer runs, and a button that does
        # nothing when pressed said nothing about why.
        for w in (self.next_button, self.mock_button, self.prep_button,
                  self.pause_mock_button):
            w.setEnabled(not busy)
        self.pickers.set_locked(busy)
        self.today.set_locked(busy)
        if self.summary_showing():
            self.prep_button.setEnabled(False)
        self._set_read_button(self.model.is_reading)
        self.recording_label.setText("● Recording" if answering else "")
        if answering:
            self.live_transcript.clear()
        else:
            self.level_meter.reset()
            self.elapsed_label.setText("")
        self.answer_button.setEnabled(not (self.model.busy and not answering)
                                      and not self.summary_showing())

    def _on_status(self, text: str) -> None:
        self.status_label.setText(text)
        if not self.model.busy and not self.model.is_answering:
            self._on_answering(False)
            self.answer_button.setEnabled(not self.summary_showing())

    def _on_live_text(self, text: str) -> None:
        self.live_transcript.setPlainText(text)
        bar = self.live_transcript.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_report_ready(self, answer_id: int) -> None:
        self._on_answering(False)
        self.answer_button.setEnabled(True)
        # Stop disabled the answer button while the answer was finishing, and Qt moved the
        # focus to the next button ("Review last answer"): the next Space then opened the
        # review instead of starting the next stage. Give it back unless the user is typing.
        focus = QApplication.focusWidget()
        if focus is None or isinstance(focus, QAbstractButton):
            self.answer_button.setFocus()
        m = self.model
        if m.mock is not None:
            # A mock interview goes on to the next stage; its review is one key away.
            self._update_summary_lock()
            if not m.mock_finished():
                self._on_status(f"Answer saved. Continue to the next stage, "
                                f"{m.mock_label()}: press Space when ready, or R to review "
                                "the answer you just gave.")
            return
        self.review_requested.emit(answer_id)

    def _set_answer_button(self, answering: bool) -> None:
        self.clock.show_answering(answering)

    def _set_chime_button(self) -> None:
        self.clock.show_chime(self.chime.enabled)

    # Pickers and modes ------------------
    def _after_pick(self) -> None:
        self._refresh_question()
        self.answer_button.setFocus()

    def choose_question(self) -> None:
        """The question list (the window's shortcut for it)."""
        self.pickers.choose_question()

    @property
    def picker(self) -> QuestionPicker | None:
        """The question list, while it is open."""
        return self.pickers.picker

    def _on_notes_changed(self) -> None:
        self.model.notes = self.question_card.notes.toPlainText()

    def _on_chime_toggled(self, on: bool) -> None:
        self.chime.enabled = on
        self.context.settings.ui.chime = on
        self._set_chime_button()

    def _reload_banks(self) -> None:
        if not self.model.is_answering:
            self.model.load_banks()

    def _on_settings_changed(self) -> None:
        self.chime.enabled = self.context.settings.ui.chime
        self._set_chime_button()

    def _on_mock_toggled(self, on: bool) -> None:
        if on and self.model.mock is None and not self.model.resume_paused_mock():
            self.model.start_mock()
        elif not on and self.model.mock is not None:
            self.model.stop_mock()
        self.left_stack.setCurrentWidget(self.question_card)
        self.choose_button.setEnabled(self.model.mock is None)
        self.today.setVisible(self.model.mock is None)
        self._update_summary_lock()
        self.answer_button.setFocus()

    def _on_mock_changed(self) -> None:
        self.mock_button.setChecked(self.model.mock is not None)
        self.pause_mock_button.setVisible(self.model.mock is not None
                                          and not self.model.mock_finished())
        self.choose_button.setEnabled(self.model.mock is None and not self.model.busy)
        # A mock interview sets its own order: today's queue steps aside, and its room
        # goes to the question and, at the end, to the summary's verdicts.
        self.today.setVisible(self.model.mock is None)
        self._refresh_question()
        if self.model.mock_finished() and self.model.mock is not None:
            self.summary.show_summary(self.model.mock.summary())
            self.left_stack.setCurrentWidget(self.summary)
            self._on_status("The mock interview is over: its summary is on the left.")
        self._update_summary_lock()

    def summary_showing(self) -> bool:
        return self.left_stack.currentWidget() is self.summary

    def _update_summary_lock(self) -> None:
        """No answer while the summary shows: there is no question to answer."""
        showing = self.summary_showing()
        self.answer_button.setEnabled(not showing and not self.model.busy)
        self.prep_button.setEnabled(not showing and bool(
            self.model.question and self.model.question.timing.prep_s > 0))

    def shutdown(self) -> None:
        self.prepare_to_close()
        self.chime.close()
