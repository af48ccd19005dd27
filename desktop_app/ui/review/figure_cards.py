"""Review's row of figure cards: time used (with its zone), words per minute, fillers per
minute, coverage and red flags, read from the one figures module."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop_app.core.analysis.figures import Figures, fmt, fmt_duration
from desktop_app.ui.widgets.card import Card

ZONE_CAPTION = {"under": "under time", "green": "green zone", "yellow": "yellow zone",
                "red": "red zone", "overtime": "overtime"}
CARDS = (("time", "Time used"), ("wpm", "Words per minute"), ("fillers", "Fillers per minute"),
         ("coverage", "Coverage"), ("flags", "Red flags"))


class FigureCards(QWidget):
    """``labels`` and ``captions`` by key ("time", "wpm", "fillers", "coverage", "flags")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.labels: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key, caption in CARDS:
            card = Card()
            card.body.setContentsMargins(16, 10, 16, 10)
            card.body.setSpacing(0)
            value = QLabel("—")
            value.setObjectName("Figure")
            value.setAccessibleName(caption)
            label = QLabel(caption)
            label.setObjectName("FigureLabel")
            card.body.addWidget(value)
            card.body.addWidget(label)
            self.labels[key] = value
            self.captions[key] = label
            row.addWidget(card, 1)

    def show_figures(self, fig: Figures, used_s: float | None, has_report: bool) -> None:
        """``used_s``: the time used (the recording's length when there is no report)."""
        self.labels["time"].setText(fmt_duration(used_s))
        self.captions["time"].setText(
            f"Time used · {ZONE_CAPTION.get(fig.zone, fig.zone)}" if fig.zone else "Time used")
        self.labels["wpm"].setText(fmt(fig.wpm))
        self.labels["fillers"].setText(fmt(fig.fillers_per_min, 1))
        self.labels["coverage"].setText(fmt(fig.coverage_pct, 0, " %"))
        self.labels["flags"].setText(str(fig.red_flags) if has_report else "—")
