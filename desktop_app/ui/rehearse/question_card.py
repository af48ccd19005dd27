"""The question being rehearsed: stage, prompt, and follow-ups revealed on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QWidget

from desktop_app.core.banks.model import Question
from desktop_app.ui.icons import icon
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.plain_label import PlainLabel


class QuestionCard(Card):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Question", parent)
        self.prompt = PlainLabel("")
        self.prompt.setObjectName("QuestionPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt.setAccessibleName("Question")
        self.body.addWidget(self.prompt)
        self.follow_up_button = QPushButton("Show follow-ups")
        self.follow_up_button.setIcon(icon("eye"))
        self.follow_up_button.setToolTip("Reveal the follow-up questions an interviewer may ask")
        self.follow_up_button.setAccessibleName("Show follow-ups")
        self.follow_up_button.clicked.connect(self.toggle_follow_ups)
        self.follow_ups = PlainLabel("")
        self.follow_ups.setObjectName("FollowUps")
        self.follow_ups.setWordWrap(True)
        self.follow_ups.hide()
        self.body.addSpacing(4)
        self.body.addWidget(self.follow_up_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.follow_ups)
        self.body.addStretch(1)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("PrepNotes")
        self.notes.setAccessibleName("Notes for this answer")
        self.notes.setPlaceholderText("Notes while you prepare: kept with the answer and "
                                      "shown in Review.")
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes, as in every other field
        self.notes.setMaximumHeight(84)
        # Two lines at least, under its own 80 px hint: on a short screen the notes give
        # way before the question does.
        self.notes.setMinimumHeight(2 * self.notes.fontMetrics().lineSpacing() + 16)
        self.body.addWidget(self.notes)
        self._question_id: str | None = None

    def set_question(self, question: Question | None, caption: str) -> None:
        self.set_title(caption or "Question")
        self.prompt.setText(question.prompt if question else "No question loaded.")
        self._keep_prompt_whole()
        items = question.follow_ups if question else ()
        self.follow_ups.setText("\n".join(f"•  {f}" for f in items))
        self.follow_ups.hide()
        self.follow_up_button.setVisible(bool(items))
        self.follow_up_button.setText("Show follow-ups")
        self.follow_up_button.setAccessibleName("Show follow-ups")
        question_id = question.id if question else None
        if question_id != self._question_id:  # notes belong to one question (a retry keeps them)
            self.notes.clear()
        self._question_id = question_id

    def hasHeightForWidth(self) -> bool:
        # The card keeps its own minimum (below), so the column must not size it by
        # height-for-width: Qt's box layout takes an item's height-for-width as its minimum
        # too, which counted the notes at their preferred height; the column then found
        # less room than its parts' minimums and squeezed this card and Today's alike,
        # cutting the notes field in half on a 1366x768 screen under a banner.
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_prompt_whole()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._keep_prompt_whole()

    def _keep_prompt_whole(self) -> None:
        # The layout sizes a wrapped label by a guessed width, so on a short window the
        # question lost its last line: its minimum is the height of every wrapped line at
        # the width it has (not while hidden: a guessed width there made the window grow).
        width = self.prompt.width()
        if self.prompt.isVisible() and width > 0:
            height = self.prompt.heightForWidth(width)
            if height != self.prompt.minimumHeight():
                self.prompt.setMinimumHeight(height)
            # The card's own minimum too: the column above gave the card 228 px of the
            # 257 its wrapped prompt needs, and drew the follow-up button over the last
            # line; an explicit minimum is read at once (and hasHeightForWidth keeps the
            # column from overriding it).
            self.setMinimumHeight(self.minimumSizeHint().height())

    @property
    def follow_ups_shown(self) -> bool:
        return self.follow_ups.isVisibleTo(self)

    def toggle_follow_ups(self) -> None:
        show = not self.follow_ups_shown
        self.follow_ups.setVisible(show)
        label = "Hide follow-ups" if show else "Show follow-ups"
        self.follow_up_button.setText(label)
        self.follow_up_button.setAccessibleName(label)

