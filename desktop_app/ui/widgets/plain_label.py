"""A label that shows its text as written, never as rich text.

QLabel guesses: text that looks like HTML is rendered as HTML. Question banks are
written by users, so a prompt with ``<img src=x>`` showed a broken image and text inside
``<script>`` vanished. Every label that can show bank text (or a message quoting it) is a
PlainLabel, and every tooltip that can goes through plain_tooltip.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QLabel, QWidget


class PlainLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip shows it: tooltips have no text format of their own, and Qt
    renders one that looks like HTML as HTML, so such text is escaped into a paragraph."""
    if not GuiQt.mightBeRichText(text):
        return text
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"
