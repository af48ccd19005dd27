"""A non-blocking banner: one plain sentence, an optional action, a close button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from desktop_app.ui.icons import IconLabel, icon
from desktop_app.ui.widgets.plain_label import PlainLabel

LEVEL_ICONS = {"info": "info", "warning": "warning", "error": "error"}


class Banner(QFrame):
    """Shows a message at the top of a view; the user keeps working while it is visible."""

    action_triggered = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setProperty("level", "info")
        self.setAccessibleName("Notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.setSpacing(10)
        self._icon = IconLabel("info", 20)
        self._icon.setFixedSize(20, 20)
        self._text = PlainLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action = QPushButton()
        self._action.clicked.connect(self._on_action)
        self._close = QToolButton()
        self._close.setObjectName("BannerClose")
        self._close.setIcon(icon("close"))
        self._close.setIconSize(QSize(16, 16))
        self._close.setToolTip("Dismiss this notice")
        self._close.setAccessibleName("Dismiss notice")
        self._close.clicked.connect(self.dismiss)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._action)
        layout.addWidget(self._close)
        self._callback: Callable[[], None] | None = None
        self.hide()

    @property
    def text(self) -> str:
        return self._text.text()

    @property
    def level(self) -> str:
        return str(self.property("level"))

    @property
    def action_text(self) -> str:
        return self._action.text() if self._action.isVisibleTo(self) else ""

    def show_message(
        self,
        text: str,
        level: str = "info",
        action: str | None = None,
        callback: Callable[[], None] | None = None,
    ) -> None:
        """Show ``text``; ``action`` labels a button that runs ``callback``."""
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self._icon.set_icon(LEVEL_ICONS.get(level, "info"))
        self._text.setText(text)
        self.setAccessibleDescription(text)
        self._callback = callback
        self._action.setVisible(bool(action))
        if action:
            self._action.setText(action)
            self._action.setAccessibleName(action)
        self.show()

    def trigger_action(self) -> None:
        self._on_action()

    def _on_action(self) -> None:
        callback = self._callback
        self.action_triggered.emit()
        if callback is not None:
            callback()

    def dismiss(self) -> None:
        self.hide()
        self._callback = None
        self.dismissed.emit()
