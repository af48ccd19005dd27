"""The Settings page: one tab per subject (ui.settings.*), saved a moment after a change.

Every change applies at once; the page saves the settings (core.settings) 300 ms after
the last one, so dragging a spin box writes the file once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop_app.ui.context import AppContext
from desktop_app.ui.settings.banks_tab import BanksTab
from desktop_app.ui.settings.feedback_tab import FeedbackTab
from desktop_app.ui.settings.general_tab import GeneralTab
from desktop_app.ui.settings.microphone_tab import MicrophoneTab
from desktop_app.ui.settings.practice_tab import PracticeTab
from desktop_app.ui.settings.tab import SettingsTab
from desktop_app.ui.settings.transcription_tab import TranscriptionTab
from desktop_app.ui.settings.voice_tab import VoiceTab

SAVE_DELAY_MS = 300


class SettingsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.context.save_settings)
        self.microphone = MicrophoneTab(context)
        self.transcription = TranscriptionTab(context)
        self.feedback = FeedbackTab(context)
        self.banks = BanksTab(context)
        self.general = GeneralTab(context)
        self.voice = VoiceTab(context)
        self.practice = PracticeTab(context)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        title = QLabel("Settings")
        title.setObjectName("PageTitle")
        outer.addWidget(title)
        self.tabs = QTabWidget()
        for tab, name in self._named_tabs():
            tab.reload()
            tab.changed.connect(self._save_timer.start)
            self.tabs.addTab(_scrolled(tab), name)
        outer.addWidget(self.tabs, 1)

    def _named_tabs(self) -> list[tuple[SettingsTab, str]]:
        return [(self.microphone, "Microphone"), (self.transcription, "Transcription"),
                (self.feedback, "Feedback"), (self.banks, "Question banks"),
                (self.voice, "Interviewer"), (self.practice, "Practice plan"),
                (self.general, "Data and look")]

    def on_shown(self) -> None:
        for tab, _name in self._named_tabs():
            tab.on_shown()

    def shutdown(self) -> None:
        for tab, _name in self._named_tabs():
            tab.shutdown()
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.context.save_settings()


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    # Its controls take the focus (and scroll into view); the area itself drew no ring.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    return area
