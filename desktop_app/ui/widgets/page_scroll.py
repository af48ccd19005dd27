"""A page's body that scrolls below its fixed header, for pages whose parts together need
more height than a 1366x768 screen has (Review, History)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


def scrolling_body(outer: QVBoxLayout, spacing: int) -> tuple[QScrollArea, QVBoxLayout]:
    """Add a frameless scroll area to ``outer`` and return it with the layout of the body
    inside it: the body fills the area when there is room and scrolls when there is not,
    instead of its minimum height pushing the window past the screen's edge."""
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    # Its controls take the focus (and scroll into view); the area itself drew no ring.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(body)
    outer.addWidget(area, 1)
    return area, layout
