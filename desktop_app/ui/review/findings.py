"""Coverage checklist and findings lists; each row that has a time seeks there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from desktop_app.core.analysis.figures import fmt_duration
from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.model import Concept, RedFlag
from desktop_app.ui.review.style_items import style_items
from desktop_app.ui.theme import current_theme
from desktop_app.ui.widgets.plain_label import plain_tooltip

TIME_ROLE = Qt.ItemDataRole.UserRole


class SeekList(QListWidget):
    """A list whose items may carry a time; activating one asks to seek there."""

    seek_requested = Signal(float)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setWordWrap(True)
        # Wrapped to the pane's width: a horizontal scrollbar cut the last line in half.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.itemActivated.connect(self._on_item)
        self.itemClicked.connect(self._on_item)

    def add(self, text: str, start: float | None = None, colour: str | None = None,
            tooltip: str = "") -> QListWidgetItem:
        item = QListWidgetItem(text)
        if start is not None:
            item.setData(TIME_ROLE, float(start))
            item.setToolTip(plain_tooltip(tooltip or f"Play from {fmt_duration(start)}"))
        elif tooltip:
            item.setToolTip(plain_tooltip(tooltip))
        if colour:
            item.setForeground(QColor(colour))
        self.addItem(item)
        return item

    def _on_item(self, item: QListWidgetItem) -> None:
        start = item.data(TIME_ROLE)
        if isinstance(start, float):
            self.seek_requested.emit(start)


# Said in each list of an answer with no report, instead of what an empty report means
# ("no expected concepts", "well done"), which would be untrue of an answer not yet heard.
NOT_ANALYSED = ("This answer has not been analysed yet; press Transcribe again above to "
                "analyse it.")


def fill_coverage(widget: SeekList, report: Report | None,
                  concepts: dict[str, Concept]) -> None:
    """✓ covered concepts with the words that showed it; ✗ missing ones with why."""
    widget.clear()
    if report is None:
        widget.add(NOT_ANALYSED)
        return
    zones = current_theme().zones
    for cov in report.covered:
        concept = concepts.get(cov.concept)
        label = concept.label if concept else cov.label or cov.concept
        said = ", ".join(f"“{e.text}” at {fmt_duration(e.start)}" for e in cov.evidence[:3])
        start = cov.evidence[0].start if cov.evidence else None
        if cov.uncertain:  # credited only through words the recogniser doubted
            widget.add(f"✓?  {label}, if the transcript heard you right\n     it heard {said}",
                       start, zones.yellow)
            continue
        widget.add(f"✓  {label}\n     you said {said}" if said else f"✓  {label}",
                   start, zones.green)
    for missing in report.missing:
        concept = concepts.get(missing.concept)
        label = concept.label if concept else missing.label or missing.concept
        why = (concept.explain if concept else missing.explain) or "The question expects it."
        widget.add(f"✗  {label}\n     {why}", None, zones.red, why)
    if widget.count() == 0:
        widget.add("This question lists no expected concepts.")


def fill_findings(widget: SeekList, report: Report | None,
                  flags: dict[str, RedFlag]) -> None:
    """Red flags (with advice), fillers and long pauses, in time order within each kind."""
    widget.clear()
    if report is None:
        widget.add(NOT_ANALYSED)
        return
    theme = current_theme()
    for flag in report.red_flags:
        red = flags.get(flag.flag)
        label = red.label if red else flag.label or flag.flag
        advice = red.advice if red else flag.advice
        text = f"⚑  {label}: “{flag.text}” at {fmt_duration(flag.start)}"
        widget.add(text + (f"\n     {advice}" if advice else ""), flag.start, theme.zones.red)
    for item in report.fillers:
        widget.add(f"•  Filler “{item.text}” at {fmt_duration(item.start)}", item.start)
    for pause in report.pauses:
        widget.add(f"‖  Pause of {pause.duration_s:.1f} s at {fmt_duration(pause.start)}",
                   pause.start, theme.colours["text_muted"])
    for text, start in style_items(report):  # hedges, repeats, monotone, quiet, trailing
        widget.add(text, start)
    if widget.count() == 0:
        # Praise only an answer that earned it: none of these, and nothing else to fix
        # (a 12 s answer at 217 wpm covering one concept in five was told "Well done").
        earned = all(f.level == "good" for f in report.findings)
        widget.add("No fillers, long pauses or red flags." + (" Well done." if earned else ""))
