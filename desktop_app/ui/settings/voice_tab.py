"""Settings › Interviewer: the voice that reads the questions aloud (on/off, which voice,
speed, volume) and a sample to hear the choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from desktop_app.core.settings import restore_defaults
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.settings.tab import SettingsTab, form_layout
from desktop_app.ui.widgets.card import Card
from desktop_app.voice.catalog import voice_label
from desktop_app.voice.speech import MAX_SPEED, MIN_SPEED

MAX_FOLLOW_UPS = 3  # more than a panel asks about one answer
SAMPLE = "Tell me about a time you had to make a decision with incomplete data."


class VoiceTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        card = Card("The interviewer's voice")
        self.enabled_check = QCheckBox("Read each question aloud before the prep countdown")
        self.enabled_check.toggled.connect(self._on_enabled)
        form = form_layout()
        self.voice_combo = QComboBox()
        self.voice_combo.setAccessibleName("Voice")
        self.voice_combo.setMinimumWidth(220)
        self.voice_combo.activated.connect(self._on_voice)
        self.speed_spin = QDoubleSpinBox()
        self.speed_spin.setAccessibleName("Speaking speed")
        self.speed_spin.setRange(MIN_SPEED, MAX_SPEED)
        self.speed_spin.setSingleStep(0.1)
        self.speed_spin.setDecimals(1)
        self.speed_spin.setSuffix(" ×")
        self.speed_spin.valueChanged.connect(self._on_speed)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setAccessibleName("Voice volume")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setMinimumWidth(220)
        self.volume_slider.valueChanged.connect(self._on_volume)
        form.addRow("Voice", self.voice_combo)
        form.addRow("Speed", self.speed_spin)
        form.addRow("Volume", self.volume_slider)
        self.sample_button = QPushButton("Hear a sample")
        self.sample_button.setIcon(icon("play"))
        self.sample_button.setAccessibleName("Hear a sample of the voice")
        self.sample_button.clicked.connect(self._hear_sample)
        form.addRow("", self.sample_button)  # under the choices it plays, at its own size
        self.problem = QLabel("")
        self.problem.setObjectName("ErrorText")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Voice problem")
        self.problem.hide()
        note = QLabel("The voice is made on this computer (piper); nothing is sent anywhere. "
                      "A question read once is kept, so it starts at once the next time.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        card.body.addWidget(self.enabled_check)
        card.body.addLayout(form)
        card.body.addWidget(self.problem)
        card.body.addWidget(note)
        self.column.addWidget(card)
        self.column.addWidget(self._mock_card())
        self.add_reset_button("the interviewer's settings")
        self.column.addStretch(1)
        self.context.voice().unavailable.connect(self._show_problem)

    def _mock_card(self) -> Card:
        card = Card("Mock interview")
        form = form_layout()
        self.follow_ups_spin = QSpinBox()
        self.follow_ups_spin.setAccessibleName("Follow-ups per stage")
        self.follow_ups_spin.setRange(0, MAX_FOLLOW_UPS)
        self.follow_ups_spin.valueChanged.connect(self._on_follow_ups)
        form.addRow("Follow-ups per stage", self.follow_ups_spin)
        note = QLabel("After each stage's answer the interviewer asks up to this many "
                      "follow-ups: a challenge to a red flag, a probe for a concept left "
                      "out, or the question's own follow-up.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        card.body.addLayout(form)
        card.body.addWidget(note)
        return card

    def _on_follow_ups(self, value: int) -> None:
        if self._loading:
            return
        self.settings.interview.follow_ups = int(value)
        self._changed()

    def load_values(self) -> None:
        self.follow_ups_spin.setValue(self.settings.interview.follow_ups)
        v = self.settings.voice
        self.enabled_check.setChecked(v.enabled)
        if self.voice_combo.findData(v.name) < 0:
            self.voice_combo.addItem(v.name, v.name)
        self.voice_combo.setCurrentIndex(self.voice_combo.findData(v.name))
        self.speed_spin.setValue(v.speed)
        self.volume_slider.setValue(round(v.volume * 100))
        for w in (self.voice_combo, self.speed_spin, self.volume_slider, self.sample_button):
            w.setEnabled(v.enabled)
        self._show_problem(self.context.voice().error or "")

    def on_shown(self) -> None:
        super().on_shown()
        from desktop_app.voice.catalog import installed_voices

        # Reading every package's file list takes about 0.2 s: not on the UI thread.
        run_in_background(lambda: [v.name for v in installed_voices()], self._set_voices,
                          None, name="voice-list")

    def _set_voices(self, names: list[str]) -> None:
        self._loading = True
        try:
            current = self.settings.voice.name
            self.voice_combo.clear()
            for name in dict.fromkeys([*names, current]):
                label = voice_label(name) if name in names \
                    else f"{voice_label(name)} (not installed)"
                self.voice_combo.addItem(label, name)
            self.voice_combo.setCurrentIndex(self.voice_combo.findData(current))
        finally:
            self._loading = False

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _on_enabled(self, on: bool) -> None:
        if self._loading:
            return
        self.settings.voice.enabled = on
        if not on:
            self.context.voice().stop()
        self.reload()
        self._changed()

    def _on_voice(self, _index: int) -> None:
        if self._loading:
            return
        self.settings.voice.name = str(self.voice_combo.currentData())
        self._show_problem("")
        self.context.voice().warm_up()
        self._changed()

    def _on_speed(self, value: float) -> None:
        if self._loading:
            return
        self.settings.voice.speed = round(float(value), 2)
        self._changed()

    def _on_volume(self, value: int) -> None:
        if self._loading:
            return
        self.settings.voice.volume = value / 100
        self._changed()

    def _hear_sample(self) -> None:
        self.context.voice().speak(SAMPLE)

    def restore_defaults(self) -> None:
        restore_defaults(self.settings.voice)
        restore_defaults(self.settings.interview)
        self.context.settings_changed.emit()

    def shutdown(self) -> None:
        self.context.voice().stop()
