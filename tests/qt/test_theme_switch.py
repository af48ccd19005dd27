"""Switching the theme while the app runs redraws the icons in the new theme's colours."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from desktop_app.ui.icons import IconLabel
from desktop_app.ui.theme import apply_theme, current_theme


def _ink(image: QImage) -> set[str]:
    """The colours of an icon's opaque pixels."""
    return {image.pixelColor(x, y).name() for y in range(image.height())
            for x in range(image.width()) if image.pixelColor(x, y).alpha() == 255}


def _icon_ink(icon: QIcon) -> set[str]:
    return _ink(icon.pixmap(QSize(24, 24)).toImage())


def _pick_theme(window: Any, name: str) -> None:
    combo = window.show_page("settings").general.theme_combo
    combo.setCurrentIndex(combo.findData(name))
    combo.activated.emit(combo.currentIndex())


def test_icons_follow_a_theme_switch(window: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    light = current_theme().colours
    nav = window._nav_buttons["review"]
    mic = window.page("rehearse").findChildren(IconLabel)[0]
    assert _ink(mic.pixmap().toImage()) == {light["text_muted"]}
    assert _icon_ink(nav.icon()) == {light["text"]}
    _pick_theme(window, "dark")
    dark = current_theme().colours
    assert dark["text"] != light["text"]
    # Made under the light theme, drawn now in the dark one's colours (they were drawn
    # dark on dark until a restart).
    assert _icon_ink(nav.icon()) == {dark["text"]}
    assert _icon_ink(window.page("rehearse").next_button.icon()) == {dark["text"]}
    assert _ink(mic.pixmap().toImage()) == {dark["text_muted"]}
    _pick_theme(window, "light")
    assert _icon_ink(nav.icon()) == {light["text"]}
