"""A field that cannot be changed looks it, in the app's own look: the stylesheet's text
colour for fields overrode the palette's disabled colour, so a locked interview date or
bank picker looked editable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from desktop_app.ui.settings.practice_tab import PracticeTab


def _pixels(widget: QWidget) -> list[int]:
    image = widget.grab().toImage()
    return [image.pixel(x, y) for y in range(image.height()) for x in range(image.width())]


def test_a_disabled_field_is_drawn_differently_from_an_enabled_one(window: Any,
                                                                     qtbot: Any) -> None:
    combo = QComboBox()
    combo.addItem("Data Product Manager — AI safety lab")
    line = QLineEdit("provenance")
    spin = QSpinBox()
    spin.setValue(3)
    date = QDateEdit(QDate(2026, 12, 25))
    for field in (combo, line, spin, date):
        qtbot.addWidget(field)
        field.resize(240, 34)
        enabled = _pixels(field)
        field.setEnabled(False)
        assert _pixels(field) != enabled, type(field).__name__
    # And the real one: the interview date stays locked until a date is wanted.
    practice = window.page("settings").findChild(PracticeTab)
    assert practice is not None
    assert not practice.interview_check.isChecked()
    assert not practice.interview_date.isEnabled()
