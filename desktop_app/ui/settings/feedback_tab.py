"""Settings › Feedback: the analysis thresholds and the user's own filler and hedge words."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QPlainTextEdit, QSpinBox, QWidget

from desktop_app.core.settings import AnalysisSettings, restore_defaults, threshold_problem
from desktop_app.ui.context import AppContext
from desktop_app.ui.settings.tab import SettingsTab, form_layout
from desktop_app.ui.widgets.card import Card

# Labels for the analysis thresholds (the fields of core.settings.AnalysisSettings).
THRESHOLD_LABELS = {
    "pause_threshold_s": ("Long pause from", " s"),
    "slow_wpm": ("Slow below", " wpm"),
    "fast_wpm": ("Fast above", " wpm"),
    "window_s": ("Pace measured over stretches of", " s"),
    "rushing_wpm": ("Rushing above", " wpm"),
    "filled_pause_min_s": ("A voiced “uhh” between words counts from", " s"),
    "fuzzy_min_length": ("Misheard spellings count for words of at least", " letters"),
    "fuzzy_score": ("How close a misheard spelling must be (of 100)", ""),
    "min_biased_probability": ("Lowest confidence credited for expected terms", ""),
    "uncertain_probability": ("Mark words heard with confidence below", ""),
    "clause_gap_s": ("A silence that starts a new sentence, from", " s"),
    "fillers_per_minute_warn": ("Flag fillers above", " per min"),
    "start_latency_warn_s": ("Flag a silent start longer than", " s"),
    "hedges_per_minute_warn": ("Flag hedges (“I think”, “maybe”) above", " per min"),
    "repetition_min_count": ("Flag a phrase said at least", " times"),
    "repetition_words_per_repeat": ("… plus one more time per", " words"),
    "answer_first_s": ("Expect the point within the first", " s"),
    "answer_first_fraction": ("… or this share of a short answer", ""),
    "monotone_semitones": ("Monotone when pitch varies less than", " semitones"),
    "monotone_min_s": ("… for at least", " s"),
    "quiet_db": ("Too quiet at", " dB under your usual level"),
    "trailing_off_db": ("Trailing off when a sentence ends", " dB lower"),
}
# Spin steps where the default (0.1 for seconds and confidences, else 5) does not fit.
STEPS = {"answer_first_fraction": 0.05, "monotone_semitones": 0.1, "quiet_db": 1.0,
         "trailing_off_db": 1.0, "hedges_per_minute_warn": 0.5,
         "repetition_words_per_repeat": 10.0}


class FeedbackTab(SettingsTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        card = Card("Thresholds")
        form = form_layout()
        self.threshold_spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for f in fields(AnalysisSettings):
            if f.name in THRESHOLD_LABELS:
                label, suffix = THRESHOLD_LABELS[f.name]
                spin = self._spin(f.name, f.type in (int, "int"), label, suffix)
                self.threshold_spins[f.name] = spin
                form.addRow(label, spin)
        card.body.addLayout(form)
        self.problem = QLabel("")
        self.problem.setObjectName("ErrorText")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Threshold problem")
        self.problem.hide()
        card.body.addWidget(self.problem)
        self.column.addWidget(card)
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
        self.column.addWidget(fillers)
        hedges = Card("Your own hedge words")
        hedge_hint = QLabel("One word or phrase per line that softens a claim, added to the "
                            "built-in list (e.g. “roughly”, “if that makes sense”).")
        hedge_hint.setObjectName("Muted")
        hedge_hint.setWordWrap(True)
        self.hedges_edit = QPlainTextEdit()
        self.hedges_edit.setAccessibleName("Extra hedge words")
        self.hedges_edit.setFixedHeight(110)
        self.hedges_edit.textChanged.connect(self._on_hedges)
        hedges.body.addWidget(hedge_hint)
        hedges.body.addWidget(self.hedges_edit)
        self.column.addWidget(hedges)
        self.add_reset_button("the feedback thresholds and your filler and hedge words")
        self.column.addStretch(1)

    def _spin(self, name: str, whole: bool, label: str,
              suffix: str) -> QSpinBox | QDoubleSpinBox:
        spin: QSpinBox | QDoubleSpinBox
        if whole:
            spin = QSpinBox()
            spin.setRange(1, 100)
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(2)
            spin.setRange(0.0, 1000.0)
            spin.setSingleStep(STEPS.get(name, 0.1 if "_s" in name or "probability" in name
                                         else 5.0))
        spin.setSuffix(suffix)
        spin.setAccessibleName(label)
        spin.valueChanged.connect(self._on_threshold)
        return spin

    def load_values(self) -> None:
        analysis = self.settings.analysis
        for name, spin in self.threshold_spins.items():
            spin.setValue(getattr(analysis, name))
        self.fillers_edit.setPlainText("\n".join(analysis.extra_fillers))
        self.hedges_edit.setPlainText("\n".join(analysis.extra_hedges))

    def _on_threshold(self, *_args: Any) -> None:
        if self._loading:
            return
        values: dict[str, Any] = {}
        for name, spin in self.threshold_spins.items():
            current = getattr(self.settings.analysis, name)
            value = spin.value()
            values[name] = int(value) if isinstance(current, int) else float(value)
        # Contradictory thresholds are refused (not saved) with a sentence until fixed.
        problem = threshold_problem(replace(self.settings.analysis, **values))
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        if problem is not None:
            return
        for name, value in values.items():
            setattr(self.settings.analysis, name, value)
        self._changed()

    def _on_fillers(self) -> None:
        if self._loading:
            return
        lines = [ln.strip() for ln in self.fillers_edit.toPlainText().splitlines()]
        self.settings.analysis.extra_fillers = [ln for ln in lines if ln]
        self._changed()

    def _on_hedges(self) -> None:
        if self._loading:
            return
        lines = [ln.strip() for ln in self.hedges_edit.toPlainText().splitlines()]
        self.settings.analysis.extra_hedges = [ln for ln in lines if ln]
        self._changed()

    def restore_defaults(self) -> None:
        restore_defaults(self.settings.analysis)
