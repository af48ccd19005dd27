"""What every Settings tab shares: a column of cards, a form style, "changed" to save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from desktop_app.core import paths
from desktop_app.ui.context import AppContext


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setHorizontalSpacing(16)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(10)
    return form


def open_folder(folder: Path) -> None:
    paths.ensure_private_dir(folder)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class SettingsTab(QWidget):
    """A tab edits ``context.settings`` in place and emits ``changed`` (the page saves)."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.settings
        self._loading = False  # values being put into the widgets: not a user change
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(20, 18, 20, 18)
        self.column.setSpacing(14)

    def load_values(self) -> None:
        """Put the settings' values into the widgets (override)."""

    def reload(self) -> None:
        self._loading = True
        try:
            self.load_values()
        finally:
            self._loading = False

    def on_shown(self) -> None:
        """The page was opened: show current values (and refresh lists, where a tab has)."""
        self.reload()

    def shutdown(self) -> None:
        """The app is closing (override to stop what the tab runs)."""

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()
