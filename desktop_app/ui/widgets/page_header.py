"""The top row every page shares: its title on the left, its controls on the right, and the
one way a labelled icon button is made (so every button has an accessible name and a
tooltip, which screen readers and the keyboard-only tests rely on)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.icons import icon
from desktop_app.ui.widgets.plain_label import PlainLabel


def icon_button(text: str, icon_name: str, tooltip: str = "", *,
                accessible_name: str | None = None,
                on_click: Callable[[], Any] | None = None) -> QPushButton:
    """A push button with a theme-tinted icon; ``on_click`` is called without Qt's
    ``checked`` argument."""
    button = QPushButton(text)
    button.setIcon(icon(icon_name))
    button.setAccessibleName(accessible_name or text)
    if tooltip:
        button.setToolTip(tooltip)
    if on_click is not None:
        button.clicked.connect(lambda _checked=False: on_click())
    return button


class PageHeader(QHBoxLayout):
    """Title (and optional lines under it) left, then ``add``-ed controls right."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._titles = QVBoxLayout()
        self._titles.setSpacing(2)
        self.title: QLabel = PlainLabel(title)
        self.title.setObjectName("PageTitle")
        self._titles.addWidget(self.title)
        self.addLayout(self._titles, 1)

    def add_line(self, label: QLabel) -> QLabel:
        """A line under the title (the question, notes)."""
        self._titles.addWidget(label)
        return label

    def add(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
