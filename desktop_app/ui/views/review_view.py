"""The Review page: figures, annotated transcript with playback, pace, coverage, findings."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.analysis.annotate import annotate
from desktop_app.core.analysis.figures import Figures, fmt_duration
from desktop_app.core.analysis.report import Report
from desktop_app.core.errors import UserError
from desktop_app.core.history import follow_ups
from desktop_app.core.transcript import Transcript
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.review import advice as advice_mod
from desktop_app.ui.review.answer_state import AnswerState, answer_state
from desktop_app.ui.review.attempts import AttemptsList
from desktop_app.ui.review.export import FORMATS, export_answer, format_for_filter
from desktop_app.ui.review.figure_cards import FigureCards
from desktop_app.ui.review.findings import SeekList, fill_coverage, fill_findings
from desktop_app.ui.review.follow_up_panel import FollowUpPanel
from desktop_app.ui.review.grade_choice import GradeChoice
from desktop_app.ui.review.pace_chart import PaceChart
from desktop_app.ui.review.pitch_chart import PitchChart
from desktop_app.ui.review.playback import Playback
from desktop_app.ui.review.transcript_view import TranscriptView
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.theme import current_theme
from desktop_app.ui.widgets.banner import Banner
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.page_header import PageHeader, icon_button
from desktop_app.ui.widgets.page_scroll import scrolling_body
from desktop_app.ui.widgets.plain_label import PlainLabel


class ReviewView(QWidget):
    retry_requested = Signal(str, str)  # bank id, question id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.answer_id: int | None = None
        self.record: Any = None
        self.report: Report | None = None
        self.transcript: Transcript | None = None
        self.playback = Playback(self)
        self._build()
        self.playback.position_changed.connect(self._on_position)
        self.playback.playing_changed.connect(self._on_playing)
        self.playback.duration_changed.connect(self._on_duration)
        self.playback.unavailable.connect(self._on_unavailable)
        self.playback.interrupted.connect(self._on_interrupted)
        self.show_empty()

    # Layout ------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        header = PageHeader("Review")
        self.title = header.title
        self.question_label = PlainLabel("")
        self.question_label.setObjectName("Muted")
        self.question_label.setWordWrap(True)
        self.notes_label = PlainLabel("")
        self.notes_label.setObjectName("ReviewNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setAccessibleName("Your notes")
        self.notes_label.hide()
        header.add_line(self.question_label)
        header.add_line(self.notes_label)
        self.retry_button = icon_button("Retry this question", "retry",
                                        "Answer the same question again", on_click=self._retry)
        self.export_button = icon_button(
            "Export report", "export", "Save the report (Markdown, HTML, PDF), the transcript "
            "(TXT, SRT, VTT) or the recording (WAV)", on_click=self.choose_export)
        self.grade_choice = GradeChoice(self.context)  # the practice plan's grade
        header.add(self.grade_choice, self.retry_button, self.export_button)
        outer.addLayout(header)

        self.banner = Banner()
        outer.addWidget(self.banner)
        # Below the header the page scrolls: the figures, follow-up, pace and pitch charts
        # and the tabs together need about 850 px, more than a 1366x768 screen has.
        self.page_area, content = scrolling_body(outer, 12)

        self.figure_cards = FigureCards()
        self.figure_labels = self.figure_cards.labels
        content.addWidget(self.figure_cards)
        self.follow_up_panel = FollowUpPanel(self.context)
        self.follow_up_panel.answered.connect(self.load_answer)
        self.follow_up_panel.open_answer.connect(self.load_answer)
        content.addWidget(self.follow_up_panel)

        row = QHBoxLayout()
        row.setSpacing(16)
        transcript_card = Card("Transcript")
        self.transcript_view = TranscriptView()
        self.transcript_view.seek_requested.connect(self.seek)
        transcript_card.body.addWidget(self.transcript_view, 1)
        transcript_card.body.addLayout(self._legend())
        player = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.setIcon(icon("play"))
        self.play_button.setAccessibleName("Play")
        self.play_button.setToolTip("Play the answer (Space)")
        self.play_button.clicked.connect(self.toggle_playback)
        self.position_slider = QSlider(Qt.Orientation.Horizontal)
        self.position_slider.setAccessibleName("Playback position")
        self.position_slider.setRange(0, 0)
        self.position_slider.sliderMoved.connect(lambda ms: self.seek(ms / 1000, play=False))
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setObjectName("Muted")
        player.addWidget(self.play_button)
        player.addWidget(self.position_slider, 1)
        player.addWidget(self.time_label)
        transcript_card.body.addLayout(player)
        self.playback_note = QLabel("")
        self.playback_note.setObjectName("Muted")
        self.playback_note.setWordWrap(True)
        self.playback_note.hide()
        transcript_card.body.addWidget(self.playback_note)
        row.addWidget(transcript_card, 3)

        side = QVBoxLayout()
        side.setSpacing(16)
        pace_card = Card("Pace over time")
        self.pace_chart = PaceChart()
        pace_card.body.addWidget(self.pace_chart)
        side.addWidget(pace_card, 2)
        # Beside the pace: the voice's pitch, shown when the answer's audio was measured.
        self.pitch_card = Card("Pitch over time")
        self.pitch_chart = PitchChart()
        self.pitch_card.body.addWidget(self.pitch_chart)
        self.pitch_card.hide()
        side.addWidget(self.pitch_card, 2)
        self.tabs = QTabWidget()
        self.coverage_list = SeekList("Coverage checklist")
        self.findings_list = SeekList("Findings")
        self.advice_list = SeekList("Advice")
        self.tabs.addTab(self.coverage_list, "Coverage")
        self.tabs.addTab(self.findings_list, "Findings")
        self.tabs.addTab(self.advice_list, "Advice")
        self.attempts_list = AttemptsList()
        self.attempts_list.open_requested.connect(self.load_answer)
        self.tabs.addTab(self.attempts_list, "Attempts")
        for lst in (self.coverage_list, self.findings_list, self.advice_list):
            lst.seek_requested.connect(self.seek)
        side.addWidget(self.tabs, 3)
        row.addLayout(side, 2)
        content.addLayout(row, 1)

        self.empty = QLabel("No answer to review yet.\nOn Rehearse, press Space to record one, "
                            "or open a past answer from History.")
        self.empty.setObjectName("Muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content.addWidget(self.empty)
        self._content = [self.figure_cards, transcript_card, pace_card, self.tabs,
                         self.retry_button, self.export_button]

    def _legend(self) -> QHBoxLayout:
        hl = current_theme().highlights
        legend = QHBoxLayout()
        legend.setSpacing(14)
        for key, text in (("filler", "Filler"), ("concept", "Expected concept"),
                          ("red_flag", "Red flag"), ("pause", "Pause")):
            chip = QLabel(f"<span style='background:{hl[key]}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
                          f"&nbsp;{text}")
            chip.setObjectName("Muted")
            legend.addWidget(chip)
        # Qt's rich text draws only solid underlines, so the legend says it in words.
        unsure = QLabel("Dotted underline: heard unsurely")
        unsure.setObjectName("Muted")
        unsure.setToolTip("The recogniser was unsure of words with a dotted underline: "
                          "check what you said there.")
        legend.addWidget(unsure)
        legend.addStretch(1)
        return legend

    def _set_content_visible(self, visible: bool) -> None:
        for w in self._content:
            w.setVisible(visible)
        self.empty.setVisible(not visible)

    # Loading ------------------
    def show_empty(self) -> None:
        self.answer_id = None
        self.title.setText("Review")
        self.question_label.setText("")
        self.notes_label.hide()
        self._set_content_visible(False)
        self.grade_choice.load(None)
        self.follow_up_panel.hide()

    def load_answer(self, answer_id: int) -> None:
        store = self.context.store()
        record = store.get_answer(answer_id)
        if record is None:
            self.show_empty()
            self.context.message.emit("warning", "That answer no longer exists.")
            return
        self.answer_id = answer_id
        self.record = record
        self.report = store.get_report(answer_id)
        stored = store.get_transcript(answer_id)
        self.transcript = Transcript.from_dict(stored) if stored else (
            self.report.transcript if self.report is not None else None)
        self._set_content_visible(True)
        self.banner.dismiss()
        bank = self.context.bank(record.bank_id) if record.bank_id else None
        question = bank.question(record.question_id) if bank else None
        stage = bank.stage(record.stage_id) if bank else None
        when = time.strftime("%d %b %Y, %H:%M", time.localtime(record.started_at))
        self.title.setText(f"Review — {stage.title if stage else record.stage_id or 'answer'}")
        prompt = question.prompt if question else (record.question_id or "Recovered recording")
        self.question_label.setText(f"{prompt}\n{when} · {bank.title if bank else record.bank_id}")
        self.notes_label.setText(f"Your notes: {record.notes}" if record.notes else "")
        self.notes_label.setVisible(bool(record.notes))
        self.retry_button.setEnabled(question is not None)
        tries = store.list_answers(bank_id=record.bank_id, question_id=record.question_id)
        self.attempts_list.set_attempts(list(tries), answer_id)
        self.tabs.setTabText(self.tabs.indexOf(self.attempts_list), f"Attempts ({len(tries)})")
        state = answer_state(record, self.report, self.transcript)
        self._fill(bank, state)
        self.grade_choice.load(answer_id)
        self.follow_up_panel.load(record, self.report, bank, question)
        audio = Path(record.audio_path) if record.audio_path else None
        if state.key == "nothing_recorded":
            audio = None  # its path names a file that was never written
        self.playback.load(audio)
        note = self.playback.available_reason
        self.playback_note.setText(note or "")
        self.playback_note.setVisible(bool(note))
        playable = note is None and audio is not None
        self.play_button.setEnabled(playable)
        self.position_slider.setEnabled(playable)
        if state.sentence is not None:
            offer = question is not None and state.can_transcribe
            self.banner.show_message(
                state.sentence, "warning", "Transcribe again" if offer else None,
                self.reanalyse if offer else None)

    def _fill(self, bank: Any, state: AnswerState) -> None:
        report = self.report
        fig = Figures.from_report(report)
        used = fig.used_s if fig.used_s is not None else getattr(self.record, "duration_s", None)
        self.figure_cards.show_figures(fig, used, report is not None)
        concepts = dict(bank.concepts) if bank else {}
        flags = dict(bank.red_flags) if bank else {}
        tokens = annotate(self.transcript, report,
                          {k: c.label for k, c in concepts.items()},
                          {k: f.label for k, f in flags.items()})
        self.transcript_view.set_tokens(tokens, state.transcript_text)
        fill_coverage(self.coverage_list, report, concepts)
        fill_findings(self.findings_list, report, flags)
        self.advice_list.clear()
        if state.list_text is not None:
            for box in (self.coverage_list, self.findings_list, self.advice_list):
                box.clear()
                box.add(state.list_text)
        else:
            for text, start in advice_mod.advice_items(report):
                self.advice_list.add(text, start)
        # The band the report was made with (its advice quotes those numbers), not today's.
        analysis = self.context.settings.analysis
        target = report.targets if report is not None else {}
        self.pace_chart.set_windows(report.pace.windows if report is not None else [],
                                    float(target.get("slow_wpm", analysis.slow_wpm)),
                                    float(target.get("fast_wpm", analysis.fast_wpm)))
        pitch = report.delivery.pitch if report is not None and report.delivery else None
        self.pitch_chart.set_pitch(pitch)
        self.pitch_card.setVisible(pitch is not None)

    # Playback ------------------
    def toggle_playback(self) -> None:
        if self.answer_id is not None and self.play_button.isEnabled():
            self.playback.toggle()

    def seek(self, seconds: float, play: bool = True) -> None:
        self.transcript_view.highlight_time(seconds)
        if self.play_button.isEnabled():
            self.playback.seek(seconds, play=play)

    def _on_position(self, seconds: float) -> None:
        self.transcript_view.highlight_time(seconds)
        if not self.position_slider.isSliderDown():
            self.position_slider.setValue(int(seconds * 1000))
        total = self.position_slider.maximum() / 1000
        self.time_label.setText(f"{fmt_duration(seconds)} / {fmt_duration(total)}")

    def _on_duration(self, seconds: float) -> None:
        self.position_slider.setRange(0, int(seconds * 1000))
        self.time_label.setText(f"0:00 / {fmt_duration(seconds)}")

    def _on_playing(self, playing: bool) -> None:
        text = "Pause" if playing else "Play"
        self.play_button.setText(text)
        self.play_button.setAccessibleName(text)
        self.play_button.setIcon(icon("pause" if playing else "play"))
        if playing:  # playing again: a note about an interrupted play is out of date
            self.playback_note.hide()

    def _on_interrupted(self, text: str) -> None:
        """Said under the transcript; Play stays, because the sentence asks to press it."""
        self.playback_note.setText(text)
        self.playback_note.show()

    def _on_unavailable(self, text: str) -> None:
        self.playback_note.setText(text)
        self.playback_note.show()
        self.play_button.setEnabled(False)
        self.position_slider.setEnabled(False)

    # Commands ------------------
    def _retry(self) -> None:
        if self.record is not None:
            self.playback.stop()
            self.retry_requested.emit(self.record.bank_id, self.record.question_id)

    def choose_export(self) -> None:
        if self.answer_id is None:
            return
        stem = f"stagecoach-{self.answer_id}-{getattr(self.record, 'question_id', 'answer')}"
        start = str(Path.home() / f"{stem}.md")
        path, selected = QFileDialog.getSaveFileName(
            self, "Export report", start, ";;".join(FORMATS.values()))
        if path:
            self.export_to(format_for_filter(selected, Path(path)), Path(path))

    def export_to(self, fmt_key: str, path: Path) -> Path | None:
        audio = Path(self.record.audio_path) if self.record and self.record.audio_path else None
        try:
            out = export_answer(fmt_key, path, self.report, self.transcript, audio,
                                follows=self._followed_question())
        except UserError as exc:
            self.banner.show_message(exc.message, "error")
            return None
        self.banner.show_message(f"Saved {out.name} in {out.parent}.", "info")
        return out

    def _followed_question(self) -> str | None:
        """For a follow-up answer, the question it followed: its report's prompt is the
        follow-up, so an exported report names both."""
        record = self.record
        if record is None or follow_ups.parent_of(self.context.store(), record.id) is None:
            return None
        bank = self.context.bank(record.bank_id) if record.bank_id else None
        question = bank.question(record.question_id) if bank else None
        return question.prompt if question else record.question_id

    def reanalyse(self) -> None:
        record = self.record
        bank = self.context.bank(record.bank_id) if record is not None else None
        question = bank.question(record.question_id) if bank else None
        if record is None or bank is None or question is None:
            return
        from desktop_app.pipeline.follow_up import asked_question
        from desktop_app.pipeline.recording import reanalyse

        settings, store, answer_id = self.context.settings, self.context.store(), record.id
        worker = self.context.transcription().worker_or_none()
        self.banner.show_message("Transcribing the recording again…", "info")

        def done(_result: Any) -> None:
            self.context.answers_changed.emit()
            if self.answer_id == answer_id:
                self.load_answer(answer_id)

        def job() -> int:
            asked = asked_question(store, bank, question, answer_id)  # a follow-up's own
            return reanalyse(settings, store, answer_id, bank, asked, worker)

        run_in_background(job, done, lambda m: self.banner.show_message(m, "error"),
                          name="reanalyse")

    def on_shown(self) -> None:
        self.play_button.setFocus() if self.answer_id is not None else None

    def shutdown(self) -> None:
        self.playback.stop()

    def sizeHint(self) -> QSize:
        return QSize(1100, 700)
