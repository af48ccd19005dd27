"""The Settings page: microphone, transcription, thresholds, fillers, banks, data, look.

Every change applies at once and is saved (core.settings) a moment later; changing the
engine, model or compute type restarts the transcription worker in the background.
"""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import paths
from desktop_app.core.settings import AnalysisSettings
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.settings.mic_test import MicTest
from desktop_app.ui.widgets.card import Card
from desktop_app.ui.widgets.level_meter import LevelMeter

SYSTEM_DEFAULT = "System default"
ENGINES = ("faster-whisper", "openai-whisper")
COMPUTE_TYPES = ("int8", "int8_float32", "float32")
THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))

# Labels for the analysis thresholds (the fields of core.settings.AnalysisSettings).
THRESHOLD_LABELS = {
    "pause_threshold_s": ("Long pause from", " s"),
    "slow_wpm": ("Slow below", " wpm"),
    "fast_wpm": ("Fast above", " wpm"),
    "window_s": ("Pace window", " s"),
    "rushing_wpm": ("Rushing above", " wpm"),
    "filled_pause_min_s": ("Filled pause from", " s"),
    "fuzzy_min_length": ("Approximate matches for words of at least", " letters"),
    "fuzzy_score": ("Approximate match score", ""),
    "min_biased_probability": ("Lowest confidence credited for expected terms", ""),
    "clause_gap_s": ("Clause gap", " s"),
    "fillers_per_minute_warn": ("Flag fillers above", " per min"),
    "start_latency_warn_s": ("Flag a silent start longer than", " s"),
}


class SettingsView(QWidget):
    banks_imported = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.settings
        self.mic_test = MicTest(self)
        self._loading = True
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)
        self._save_timer.timeout.connect(self.context.save_settings)
        self._worker_dirty = False
        self._build()
        self._load_values()
        self._loading = False

    # Layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        title = QLabel("Settings")
        title.setObjectName("PageTitle")
        outer.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scroll(self._audio_tab()), "Microphone")
        self.tabs.addTab(self._scroll(self._transcription_tab()), "Transcription")
        self.tabs.addTab(self._scroll(self._analysis_tab()), "Feedback")
        self.tabs.addTab(self._scroll(self._banks_tab()), "Question banks")
        self.tabs.addTab(self._scroll(self._general_tab()), "Data and look")
        outer.addWidget(self.tabs, 1)

    @staticmethod
    def _scroll(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(widget)
        return area

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setHorizontalSpacing(16)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(10)
        return form

    @staticmethod
    def _page() -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(20, 18, 20, 18)
        col.setSpacing(14)
        return page, col

    def _audio_tab(self) -> QWidget:
        page, col = self._page()
        card = Card("Input device")
        form = self._form()
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
        col.addWidget(card)
        col.addStretch(1)
        return page

    def _transcription_tab(self) -> QWidget:
        page, col = self._page()
        card = Card("Speech recognition (runs on this computer)")
        form = self._form()
        self.engine_combo = QComboBox()
        self.engine_combo.addItems(ENGINES)
        self.engine_combo.setAccessibleName("Engine")
        self.engine_combo.setMinimumWidth(420)
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName("Model")
        self.model_combo.setMinimumWidth(420)
        self.compute_combo = QComboBox()
        self.compute_combo.addItems(COMPUTE_TYPES)
        self.compute_combo.setAccessibleName("Compute type")
        self.compute_combo.setMinimumWidth(420)
        self.compute_combo.setToolTip("int8 is fastest on a CPU; float32 is the reference")
        self.beam_spin = QSpinBox()
        self.beam_spin.setRange(1, 10)
        self.beam_spin.setAccessibleName("Beam size")
        self.filler_prompt = QCheckBox("Help the model keep “um” and “uh”")
        self.bias_terms = QCheckBox("Listen harder for the question's expected terms")
        form.addRow("Engine", self.engine_combo)
        form.addRow("Model", self.model_combo)
        form.addRow("Compute type", self.compute_combo)
        form.addRow("Beam size", self.beam_spin)
        card.body.addLayout(form)
        card.body.addWidget(self.filler_prompt)
        card.body.addWidget(self.bias_terms)
        self.model_note = QLabel("")
        self.model_note.setObjectName("Muted")
        self.model_note.setWordWrap(True)
        card.body.addWidget(self.model_note)
        for combo in (self.engine_combo, self.model_combo, self.compute_combo):
            combo.activated.connect(self._on_transcription_changed)
        self.beam_spin.valueChanged.connect(self._on_transcription_changed)
        self.filler_prompt.toggled.connect(self._on_transcription_changed)
        self.bias_terms.toggled.connect(self._on_transcription_changed)
        col.addWidget(card)
        col.addStretch(1)
        return page

    def _analysis_tab(self) -> QWidget:
        page, col = self._page()
        card = Card("Thresholds")
        form = self._form()
        self.threshold_spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for f in fields(AnalysisSettings):
            if f.name not in THRESHOLD_LABELS:
                continue
            label, suffix = THRESHOLD_LABELS[f.name]
            spin: QSpinBox | QDoubleSpinBox
            if f.type in (int, "int"):
                spin = QSpinBox()
                spin.setRange(1, 100)
            else:
                spin = QDoubleSpinBox()
                spin.setDecimals(2)
                spin.setRange(0.0, 1000.0)
                spin.setSingleStep(0.1 if "_s" in f.name or "probability" in f.name else 5.0)
            spin.setSuffix(suffix)
            spin.setAccessibleName(label)
            spin.valueChanged.connect(self._on_threshold)
            self.threshold_spins[f.name] = spin
            form.addRow(label, spin)
        card.body.addLayout(form)
        col.addWidget(card)
        fillers = Card("Your own filler words")
        hint = QLabel("One word or phrase per line, added to the built-in list "
                      "(e.g. “basically”, “kind of”).")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        self.fillers_edit = QPlainTextEdit()
        self.fillers_edit.setAccessibleName("Extra filler words")
        self.fillers_edit.setFixedHeight(110)
        self.fillers_edit.textChanged.connect(self._on_fillers)
        fillers.body.addWidget(hint)
        fillers.body.addWidget(self.fillers_edit)
        col.addWidget(fillers)
        col.addStretch(1)
        return page

    def _banks_tab(self) -> QWidget:
        page, col = self._page()
        card = Card("Your question banks")
        self.bank_dir_label = QLabel("")
        self.bank_dir_label.setWordWrap(True)
        row = QHBoxLayout()
        open_dir = QPushButton("Open folder")
        open_dir.setIcon(icon("folder"))
        open_dir.setAccessibleName("Open bank folder")
        open_dir.clicked.connect(lambda: self._open_folder(self.settings.user_banks_dir()))
        choose_dir = QPushButton("Choose folder…")
        choose_dir.setAccessibleName("Choose bank folder")
        choose_dir.clicked.connect(self._choose_bank_dir)
        import_button = QPushButton("Import a bank file…")
        import_button.setIcon(icon("import"))
        import_button.setAccessibleName("Import bank file")
        import_button.clicked.connect(self._choose_import)
        row.addWidget(open_dir)
        row.addWidget(choose_dir)
        row.addStretch(1)
        row.addWidget(import_button)
        card.body.addWidget(self.bank_dir_label)
        card.body.addLayout(row)
        self.bank_result = QLabel("")
        self.bank_result.setWordWrap(True)
        self.bank_problems = QListWidget()
        self.bank_problems.setAccessibleName("Bank problems")
        self.bank_problems.setMinimumHeight(160)
        self.bank_problems.hide()
        card.body.addWidget(self.bank_result)
        card.body.addWidget(self.bank_problems)
        col.addWidget(card)
        col.addStretch(1)
        return page

    def _general_tab(self) -> QWidget:
        page, col = self._page()
        data = Card("Your data")
        self.data_dir_label = QLabel(str(paths.data_home()))
        self.data_dir_label.setWordWrap(True)
        note = QLabel("Recordings, transcripts and reports stay in this folder, readable by "
                      "you only. Nothing is sent anywhere.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        open_data = QPushButton("Open data folder")
        open_data.setIcon(icon("folder"))
        open_data.setAccessibleName("Open data folder")
        open_data.clicked.connect(lambda: self._open_folder(paths.data_home()))
        data.body.addWidget(self.data_dir_label)
        data.body.addWidget(note)
        data.body.addWidget(open_data)
        col.addWidget(data)
        look = Card("Look and sound")
        form = self._form()
        self.theme_combo = QComboBox()
        for key, label in THEMES:
            self.theme_combo.addItem(label, key)
        self.theme_combo.setAccessibleName("Theme")
        self.theme_combo.setMinimumWidth(220)
        self.theme_combo.activated.connect(self._on_theme)
        self.chime_check = QCheckBox("Chime when the timer changes zone")
        self.chime_check.toggled.connect(self._on_chime)
        form.addRow("Theme", self.theme_combo)
        look.body.addLayout(form)
        look.body.addWidget(self.chime_check)
        col.addWidget(look)
        col.addStretch(1)
        return page

    # Values ------------------------------------------------------------------------------
    def _load_values(self) -> None:
        s = self.settings
        t = s.transcription
        self.engine_combo.setCurrentText(t.engine)
        self.model_combo.clear()
        self.model_combo.addItem(t.model)
        self.compute_combo.setCurrentText(t.compute_type)
        self.beam_spin.setValue(t.beam_size)
        self.filler_prompt.setChecked(t.filler_prompt)
        self.bias_terms.setChecked(t.bias_expected_terms)
        for name, spin in self.threshold_spins.items():
            spin.setValue(getattr(s.analysis, name))
        self.fillers_edit.setPlainText("\n".join(s.analysis.extra_fillers))
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.ui.theme)))
        self.chime_check.setChecked(s.ui.chime)
        self.bank_dir_label.setText(str(s.user_banks_dir()))
        self.device_combo.clear()
        self.device_combo.addItem(s.audio.device or SYSTEM_DEFAULT, s.audio.device)

    def on_shown(self) -> None:
        self._loading = True
        self._load_values()
        self._loading = False
        self.load_devices()
        self.load_models()

    def load_devices(self, refresh: bool = False) -> None:
        def job() -> list[Any]:
            from desktop_app.core import devices

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

    def load_models(self) -> None:
        def job() -> list[Any]:
            from desktop_app.transcription.models import list_installed_models

            return list(list_installed_models())

        def done(models: list[Any]) -> None:
            self._loading = True
            current = self.settings.transcription.model
            self.model_combo.clear()
            for m in models:
                self.model_combo.addItem(f"{m.name}  ({m.size_mb:.0f} MB, "
                                         f"{', '.join(m.engines)})", m.name)
            index = self.model_combo.findData(current)
            if index < 0:
                self.model_combo.addItem(current, current)
                index = self.model_combo.count() - 1
            self.model_combo.setCurrentIndex(index)
            bad = [m for m in models if m.verified is False]
            self.model_note.setText(" ".join(m.note for m in bad) if bad else
                                    f"{len(models)} model(s) installed; all run offline.")
            self._loading = False

        run_in_background(job, done, self.model_note.setText, name="list-models")

    def _changed(self) -> None:
        if not self._loading:
            self._save_timer.start()

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

    def _on_transcription_changed(self, *_args: Any) -> None:
        if self._loading:
            return
        t = self.settings.transcription
        before = (t.engine, t.model, t.compute_type)
        t.engine = self.engine_combo.currentText()
        t.model = str(self.model_combo.currentData() or self.model_combo.currentText())
        t.compute_type = self.compute_combo.currentText()
        t.beam_size = self.beam_spin.value()
        t.filler_prompt = self.filler_prompt.isChecked()
        t.bias_expected_terms = self.bias_terms.isChecked()
        if (t.engine, t.model, t.compute_type) != before:
            self.context.transcription().restart(self.settings)
        self._changed()

    def _on_threshold(self, *_args: Any) -> None:
        if self._loading:
            return
        for name, spin in self.threshold_spins.items():
            current = getattr(self.settings.analysis, name)
            value = spin.value()
            setattr(self.settings.analysis, name, int(value) if isinstance(current, int)
                    else float(value))
        self._changed()

    def _on_fillers(self) -> None:
        if self._loading:
            return
        lines = [ln.strip() for ln in self.fillers_edit.toPlainText().splitlines()]
        self.settings.analysis.extra_fillers = [ln for ln in lines if ln]
        self._changed()

    def _on_theme(self, _index: int) -> None:
        if self._loading:
            return
        self.settings.ui.theme = str(self.theme_combo.currentData())
        self._changed()
        self.context.message.emit("info", "The new theme applies fully the next time "
                                  "Stagecoach starts.")
        from desktop_app.ui.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.ui.theme)

    def _on_chime(self, on: bool) -> None:
        if self._loading:
            return
        self.settings.ui.chime = on
        self._changed()
        self.context.settings_changed.emit()

    # Banks -------------------------------------------------------------------------------
    def _choose_bank_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Question bank folder",
                                                  str(self.settings.user_banks_dir()))
        if folder:
            self.settings.bank_dir = folder
            self.bank_dir_label.setText(folder)
            self._banks_changed()
            self._changed()

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a question bank", str(Path.home()),
                                              "Question banks (*.toml)")
        if path:
            self.import_bank(Path(path))

    def import_bank(self, path: Path) -> bool:
        """Validate ``path``; copy it into the bank folder when it has no errors."""
        from desktop_app.core.banks import validate_bank_file

        problems = validate_bank_file(path)
        errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
        self.bank_problems.clear()
        for p in problems:
            self.bank_problems.addItem(str(p))
        self.bank_problems.setVisible(bool(problems))
        if errors:
            n = len(errors)
            self.bank_result.setText(f"{path.name} was not imported: {n} problem"
                                     f"{'s' if n != 1 else ''} to fix (file:line below).")
            return False
        folder = paths.ensure_private_dir(self.settings.user_banks_dir())
        target = folder / path.name
        try:
            shutil.copyfile(path, target)
            paths.make_private(target)
        except OSError as exc:
            self.bank_result.setText(f"{path.name} could not be copied into {folder} "
                                     f"({exc.strerror or exc}).")
            return False
        self.bank_result.setText(f"Imported {path.name}; its questions are on Rehearse now.")
        self._banks_changed()
        return True

    def _banks_changed(self) -> None:
        self.context.forget_banks()
        self.context.banks_changed.emit()

    @staticmethod
    def _open_folder(folder: Path) -> None:
        paths.ensure_private_dir(folder)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def shutdown(self) -> None:
        self.mic_test.stop()
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.context.save_settings()
