"""Rehearse's right-hand card: the stage clock, the recording indicator and input level,
the answer button and the few controls around it (prep, next, review, chime, read aloud).

Layout and looks only: RehearseView connects the buttons, feeds the displays and says
which state each button shows (``show_answering``, ``show_chime``, ``show_reading``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton

from desktop_app.ui.icons import IconLabel, icon
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.level_meter import LevelMeter
from desktop_app.ui.widgets.page_header import icon_button
from desktop_app.ui.widgets.plain_label import PlainLabel
from desktop_app.ui.widgets.timer_display import TimerDisplay

SHORTCUTS_HINT = "Space start / stop  ·  N next question  ·  R review"


class ClockPanel(Card):
    def __init__(self) -> None:
        super().__init__()
        self.setMinimumWidth(400)
        self.timer_display = TimerDisplay()
        self.body.addWidget(self.timer_display, 1)
        self._add_recording_row()
        self.body.addSpacing(8)
        self.answer_button = QPushButton()
        self.answer_button.setProperty("primary", True)
        self.answer_button.setIconSize(QSize(20, 20))
        self.answer_button.setMinimumHeight(48)
        self.body.addWidget(self.answer_button)
        self._add_buttons()
        self.status_label = PlainLabel("")
        self.status_label.setObjectName("StatusLine")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Status")
        self.body.addWidget(self.status_label)
        hint = QLabel(SHORTCUTS_HINT)
        hint.setObjectName("Muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(hint)

    def _add_recording_row(self) -> None:
        rec_row = QHBoxLayout()
        self.recording_label = QLabel("")
        self.recording_label.setObjectName("RecordingDot")
        self.recording_label.setAccessibleName("Recording indicator")
        self.elapsed_label = QLabel("")
        self.elapsed_label.setObjectName("Muted")
        self.elapsed_label.setAccessibleName("Recorded time")
        rec_row.addWidget(self.recording_label)
        rec_row.addStretch(1)
        rec_row.addWidget(self.elapsed_label)
        self.body.addLayout(rec_row)
        self.level_meter = LevelMeter()
        meter_row = QHBoxLayout()
        mic = IconLabel("mic", 16, role="text_muted")
        mic.setToolTip("Microphone input level")
        meter_row.addWidget(mic)
        meter_row.addWidget(self.level_meter, 1)
        self.body.addLayout(meter_row)

    def _add_buttons(self) -> None:
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(8)
        buttons.setVerticalSpacing(8)
        self.prep_button = icon_button("Start prep", "rehearse",
                                       "Count down the preparation time, then start the answer")
        self.next_button = icon_button("Next question", "next", "Next question (N)")
        self.review_button = icon_button("Review last answer", "review",
                                         "Review the last answer (R)")
        self.chime_button = QPushButton()
        self.chime_button.setCheckable(True)
        self.chime_button.setToolTip("Chime when the zone changes")
        buttons.addWidget(self.prep_button, 0, 0)
        buttons.addWidget(self.next_button, 0, 1)
        buttons.addWidget(self.review_button, 1, 0)
        buttons.addWidget(self.chime_button, 1, 1)
        self.read_button = QPushButton()
        self.read_button.setIcon(icon("play"))
        buttons.addWidget(self.read_button, 2, 0, 1, 2)
        self.body.addLayout(buttons)

    # What the buttons say ------------------
    def show_answering(self, answering: bool) -> None:
        b = self.answer_button
        text = "Stop answer" if answering else "Start answer"
        b.setText(text)
        b.setAccessibleName(text)
        b.setIcon(icon("stop" if answering else "mic", "#ffffff"))
        b.setToolTip(f"{text} (Space)")
        b.setProperty("recording", answering)  # the stylesheet turns it red
        b.style().unpolish(b)
        b.style().polish(b)

    def show_chime(self, on: bool) -> None:
        b = self.chime_button
        b.setChecked(on)
        b.setText("Chime on" if on else "Chime off")
        b.setIcon(icon("bell" if on else "bell-off"))
        b.setAccessibleName("Chime on" if on else "Chime off")
        b.setToolTip("Chime at zone changes: " + ("on" if on else "off"))

    def show_reading(self, speaking: bool, can_read: bool) -> None:
        """``speaking``: the question is being read; ``can_read``: it could be read again."""
        b = self.read_button
        text = "Skip reading (Esc)" if speaking else "Read the question again"
        b.setText(text)
        b.setAccessibleName(text)
        b.setToolTip("Stop reading, and start the prep countdown" if speaking
                     else "The interviewer reads the question aloud")
        b.setEnabled(speaking or can_read)
