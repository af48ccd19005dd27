"""Settings › Transcription: engine, model, compute type, beam, prompts.

Changing the engine, model or compute type restarts the transcription worker in the
background (the next answer uses the new one)."""

from __future__ import annotations

import importlib.util
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox, QWidget

from desktop_app.core.settings import restore_defaults
from desktop_app.ui.context import AppContext
from desktop_app.ui.services.background import run_in_background
from desktop_app.ui.settings.tab import SettingsTab, form_layout
from desktop_app.ui.widgets.card import Card

ENGINES = ("faster-whisper", "openai-whisper")
COMPUTE_TYPES = ("int8", "int8_float32", "float32")
OPENAI_COMPUTE = "float32"  # openai-whisper on a CPU computes in nothing else
# What each engine costs, measured with tiny.en on 2 cores (README, Benchmarks).
ENGINE_NOTES = {
    "faster-whisper": ("The default: it transcribes an answer in about a tenth of its length "
                       "with about 260 MB of memory, so your words appear while you speak "
                       "and the review is ready a moment after Stop."),
    "openai-whisper": ("The reference engine, for comparing transcripts: about five times "
                       "slower (half the answer's length or more), about 900 MB of memory, "
                       "and always float32. While you answer, the live transcript falls "
                       "behind or stays empty, and the review can take 10 s or more after "
                       "Stop."),
}
OPENAI_MISSING = (" It is not installed here (the 'reference' extra: torch and "
                  "openai-whisper), so answers are not transcribed with it.")


class TranscriptionTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        card = Card("Speech recognition (runs on this computer)")
        form = form_layout()
        self.engine_combo = self._combo("Engine", ENGINES)
        self.model_combo = self._combo("Model", ())
        self.compute_combo = self._combo("Number precision (compute type)", COMPUTE_TYPES)
        self.compute_combo.setToolTip("How precisely the model computes: int8 is fastest on a "
                                      "computer without a graphics card; float32 is the "
                                      "reference, slower")
        self.beam_spin = QSpinBox()
        self.beam_spin.setRange(1, 10)
        self.beam_spin.setAccessibleName("Sentences weighed (beam size)")
        self.beam_spin.setToolTip("How many versions of each sentence the recogniser weighs: "
                                  "5 is accurate, 1 is a little faster")
        self.filler_prompt = QCheckBox("Help the model keep “um” and “uh”")
        self.bias_terms = QCheckBox("Listen harder for the question's expected terms")
        form.addRow("Engine", self.engine_combo)
        form.addRow("Model", self.model_combo)
        form.addRow("Number precision", self.compute_combo)
        form.addRow("Sentences weighed (beam size)", self.beam_spin)
        card.body.addLayout(form)
        self.engine_note = QLabel("")
        self.engine_note.setWordWrap(True)
        self.engine_note.setAccessibleName("What the engine costs")
        card.body.addWidget(self.engine_note)
        card.body.addWidget(self.filler_prompt)
        card.body.addWidget(self.bias_terms)
        self.model_note = QLabel("")
        self.model_note.setObjectName("Muted")
        self.model_note.setWordWrap(True)
        card.body.addWidget(self.model_note)
        for combo in (self.engine_combo, self.model_combo, self.compute_combo):
            combo.activated.connect(self._on_changed)
        self.beam_spin.valueChanged.connect(self._on_changed)
        self.filler_prompt.toggled.connect(self._on_changed)
        self.bias_terms.toggled.connect(self._on_changed)
        self.column.addWidget(card)
        self.add_reset_button("the transcription settings")
        self.column.addStretch(1)

    @staticmethod
    def _combo(name: str, items: tuple[str, ...]) -> QComboBox:
        combo = QComboBox()
        combo.addItems(list(items))
        combo.setAccessibleName(name)
        combo.setMinimumWidth(420)
        return combo

    def load_values(self) -> None:
        t = self.settings.transcription
        self.engine_combo.setCurrentText(t.engine)
        self.model_combo.clear()
        self.model_combo.addItem(t.model)
        self._show_engine(t.engine, t.compute_type)
        self.beam_spin.setValue(t.beam_size)
        self.filler_prompt.setChecked(t.filler_prompt)
        self.bias_terms.setChecked(t.bias_expected_terms)

    def _show_engine(self, engine: str, compute_type: str) -> None:
        """The compute type the engine really uses, and what choosing it costs."""
        openai = engine == "openai-whisper"
        self.compute_combo.setCurrentText(OPENAI_COMPUTE if openai else compute_type)
        self.compute_combo.setEnabled(not openai)
        self.compute_combo.setToolTip(
            "openai-whisper always computes in float32 on this computer" if openai
            else "int8 is fastest on a CPU; float32 is the reference")
        note = ENGINE_NOTES.get(engine, "")
        if openai and importlib.util.find_spec("whisper") is None:
            note += OPENAI_MISSING
        self.engine_note.setText(note)

    def on_shown(self) -> None:
        super().on_shown()
        self.load_models()

    def load_models(self) -> None:
        """List installed models off the UI thread (it checks their hashes)."""
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

    def _on_changed(self, *_args: Any) -> None:
        if self._loading:
            return
        t = self.settings.transcription
        before = (t.engine, t.model, t.compute_type)
        t.engine = self.engine_combo.currentText()
        t.model = str(self.model_combo.currentData() or self.model_combo.currentText())
        if self.compute_combo.isEnabled():  # not openai-whisper's float32, only shown
            t.compute_type = self.compute_combo.currentText()
        self._loading = True
        self._show_engine(t.engine, t.compute_type)
        self._loading = False
        t.beam_size = self.beam_spin.value()
        t.filler_prompt = self.filler_prompt.isChecked()
        t.bias_expected_terms = self.bias_terms.isChecked()
        if (t.engine, t.model, t.compute_type) != before:
            self.context.transcription().restart(self.settings)
        self._changed()

    def restore_defaults(self) -> None:
        restore_defaults(self.settings.transcription)
