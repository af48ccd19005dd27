"""A rounded card with a small caps title: the building block of every page."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from desktop_app.ui.widgets.plain_label import PlainLabel


class Card(QFrame):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 18)
        self.body.setSpacing(10)
        self.title_label = PlainLabel(title.upper())
        self.title_label.setObjectName("CardTitle")
        self.title_label.setVisible(bool(title))
        self.body.addWidget(self.title_label)

    def set_title(self, title: str) -> None:
        self.title_label.setText(title.upper())
        self.title_label.setVisible(bool(title))
