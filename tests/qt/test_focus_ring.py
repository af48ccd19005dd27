"""Every control the keyboard reaches shows a focus ring."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.ui.theme import apply_theme
from tests.support.qt import QUESTION_ID, store_answer, timed_transcript


def _edge_pixels(widget: QWidget) -> list[int]:
    image: QImage = widget.grab().toImage()
    w, h = image.width(), image.height()
    points = [(x, y) for y in (0, 1, 2, h - 3, h - 2, h - 1) for x in range(4, w - 4, 3)]
    points += [(x, y) for x in (0, 1, 2, w - 3, w - 2, w - 1) for y in range(4, h - 4, 3)]
    return [image.pixel(x, y) for x, y in points if 0 <= x < w and 0 <= y < h]


def _focusable(page: QWidget, window: Any) -> list[QWidget]:
    found = []
    for widget in page.findChildren(QWidget):
        if (widget.isVisibleTo(window) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.width() > 8 and widget.height() > 8):
            found.append(widget)
    return found


def test_every_focusable_control_draws_a_focus_ring(window: Any, qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")  # the app's look, stylesheet included
    bank = window.page("rehearse").model.bank
    answer = store_answer(window.context.store(), bank, bank.question(QUESTION_ID),
                          timed_transcript())
    window.open_review(answer)
    checked = []
    missing = []
    settings_tabs = window.page("settings").tabs
    pages = [("rehearse", None), ("review", None), ("history", None)] + [
        ("settings", i) for i in range(settings_tabs.count())]
    for key, tab in pages:
        page = window.show_page(key)
        if tab is not None:
            settings_tabs.setCurrentIndex(tab)
            page = settings_tabs.currentWidget()
        window.activateWindow()  # focus goes only to the active window's widgets
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        anchor = window.findChild(QWidget, "NavRail")
        for widget in _focusable(page, window):
            anchor.setFocus() if anchor is not None else window.setFocus()
            QApplication.processEvents()
            before = _edge_pixels(widget)
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            if not widget.hasFocus():
                continue  # a child took it (checked itself)
            after = _edge_pixels(widget)
            checked.append(widget)
            if before == after:
                missing.append(f"{key} {tab}: {type(widget).__name__} "
                               f"{widget.accessibleName() or widget.objectName()!r}")
    assert len(checked) > 30
    assert not missing, "\n".join(missing)
