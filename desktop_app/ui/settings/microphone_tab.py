"""Settings › Microphone: the input device, and a live level test that keeps nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.settings import restore_defaults
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.settings.mic_level_check import MicTest
from desktop_app.ui.settings.tab import SettingsTab, form_layout
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.level_meter import LevelMeter

SYSTEM_DEFAULT = "System default"


class MicrophoneTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.mic_test = MicTest(self)
        card = Card("Input device")
        form = form_layout()
        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName("Input device")
        self.device_combo.setMinimumWidth(360)
        self.device_combo.activated.connect(self._on_device)
        refresh = QPushButton("Refresh list")
        refresh.setAccessibleName("Refresh device list")
        refresh.clicked.connect(lambda: self.load_devices(refresh=True))
        row = QHBoxLayout()
        row.addWidget(self.device_combo, 1)
        row.addWidget(refresh)
        form.addRow("Microphone", row)
        card.body.addLayout(form)
        test_row = QHBoxLayout()
        self.test_button = QPushButton("Test microphone")
        self.test_button.setIcon(icon("mic"))
        self.test_button.setAccessibleName("Test microphone")
        self.test_button.setToolTip("Speak and watch the level; nothing is kept")
        self.test_button.clicked.connect(self._toggle_test)
        self.test_meter = LevelMeter()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_meter, 1)
        card.body.addLayout(test_row)
        self.device_note = QLabel("")
        self.device_note.setObjectName("Muted")
        self.device_note.setWordWrap(True)
        card.body.addWidget(self.device_note)
        self.mic_test.level.connect(self.test_meter.set_level)
        self.mic_test.running_changed.connect(self._on_test_running)
        self.mic_test.failed.connect(self.device_note.setText)
        self.column.addWidget(card)
        self.add_reset_button("the microphone settings")
        self.column.addStretch(1)

    def load_values(self) -> None:
        device = self.settings.audio.device
        self.device_combo.clear()
        self.device_combo.addItem(device or SYSTEM_DEFAULT, device)

    def on_shown(self) -> None:
        super().on_shown()
        self.load_devices()

    def shutdown(self) -> None:
        self.mic_test.stop()

    def load_devices(self, refresh: bool = False) -> None:
        """List the microphones off the UI thread (PortAudio can take a moment)."""
        def job() -> list[Any]:
            from desktop_app.core.audio import devices

            if refresh:
                devices.refresh_devices()
            return list(devices.list_input_devices())

        def done(found: list[Any]) -> None:
            self._loading = True
            self.device_combo.clear()
            self.device_combo.addItem(SYSTEM_DEFAULT, None)
            for dev in found:
                label = dev.label() + ("  (default)" if dev.is_default else "")
                self.device_combo.addItem(label, dev.name)
            wanted = self.settings.audio.device
            index = self.device_combo.findData(wanted) if wanted else 0
            if wanted and index < 0:
                self.device_combo.addItem(f"{wanted} (not connected)", wanted)
                index = self.device_combo.count() - 1
            self.device_combo.setCurrentIndex(max(0, index))
            self.device_note.setText("" if found else
                                     "No microphone found — connect one, then Refresh list.")
            self._loading = False

        run_in_background(job, done, self.device_note.setText, name="list-devices")

    def _on_device(self, _index: int) -> None:
        if self._loading:
            return
        self.settings.audio.device = self.device_combo.currentData()
        self._changed()

    def _toggle_test(self) -> None:
        if self.mic_test.running:
            self.mic_test.stop()
        else:
            self.device_note.setText("")
            self.mic_test.start(self.settings.audio.device)

    def _on_test_running(self, running: bool) -> None:
        text = "Stop test" if running else "Test microphone"
        self.test_button.setText(text)
        self.test_button.setAccessibleName(text)
        if not running:
            self.test_meter.reset()

    def restore_defaults(self) -> None:
        restore_defaults(self.settings.audio)  # the system's default microphone
