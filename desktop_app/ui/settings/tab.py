"""What every Settings tab shares: a column of cards, a form style, "changed" to save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import paths
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import icon


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
        self._reset_what = "these settings"
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

    # Reset to defaults ------------------
    def add_reset_button(self, what: str) -> None:
        """A "Reset to defaults" button under the tab's cards; ``what`` names what it
        resets, in the question asked first."""
        self._reset_what = what
        row = QHBoxLayout()
        row.addStretch(1)
        self.reset_button = QPushButton("Reset to defaults")
        self.reset_button.setIcon(icon("retry"))
        self.reset_button.setAccessibleName("Reset this tab to defaults")
        self.reset_button.setToolTip(f"Put {what} back as Stagecoach ships them")
        self.reset_button.clicked.connect(lambda _checked=False: self.reset_to_defaults())
        row.addWidget(self.reset_button)
        self.column.addLayout(row)

    def restore_defaults(self) -> None:
        """Put this tab's settings back to their defaults (override)."""

    def confirm_reset(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Reset to defaults",
                          f"Put {self._reset_what} back to the defaults? Your other "
                          "settings stay as they are.", parent=self)
        reset = box.addButton("Reset", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is reset

    def reset_to_defaults(self) -> bool:
        if not self.confirm_reset():
            return False
        self.restore_defaults()
        self.reload()
        self.changed.emit()
        self.context.message.emit("info", f"{self._reset_what[0].upper()}"
                                  f"{self._reset_what[1:]} are back to the defaults.")
        return True

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()
