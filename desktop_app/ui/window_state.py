"""Where the main window opens and how big: fitted to the screen, kept in the data folder.

The window opened at 1280x800 whatever the screen: on a 1366x768 laptop, Settings and the
shortcut line were below the bottom edge. Its size and place are now fitted to the
screen's available area (panels left out), frame included, and remembered in
``window.json`` in the data folder, beside everything else Stagecoach keeps (QSettings
wrote them to ~/.config, so a fresh data folder did not mean a fresh start).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from desktop_app.core import paths

log = logging.getLogger(__name__)

FILE_NAME = "window.json"
PREFERRED = QSize(1280, 800)
# A window manager's frame (title bar, borders) is only known once the window is
# mapped; until then this much is kept free around the first placement.
FRAME_GUESS = QMargins(4, 32, 4, 4)


def state_path() -> Path:
    return paths.data_home() / FILE_NAME


def load_state() -> dict[str, Any] | None:
    """The saved state, or None when there is none or it cannot be used."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    keys = ("x", "y", "width", "height")
    if not all(isinstance(data.get(k), int) for k in keys):
        return None
    return data


def save_state(window: QWidget) -> None:
    """Keep where the window's frame is, the size inside it, and whether it is maximised
    (the frame's corner is what move() takes back, whatever the window manager's frame)."""
    if window.isMaximized():
        rect = window.normalGeometry()
        corner = rect.topLeft()
    else:
        rect, corner = window.geometry(), window.pos()
    state = {"x": corner.x(), "y": corner.y(), "width": rect.width(),
             "height": rect.height(), "maximized": window.isMaximized()}
    try:
        paths.write_private_text(state_path(), json.dumps(state, indent=2) + "\n")
    except OSError as exc:  # a window's place is not worth a message
        log.warning("window state not saved: %s", exc)


def fit(rect: QRect, available: QRect, frame: QMargins, minimum: QSize) -> QRect:
    """``rect`` (the client area) made to fit ``available`` with its ``frame`` around it."""
    room = available.marginsRemoved(frame)
    width = max(min(rect.width(), room.width()), min(minimum.width(), room.width()))
    height = max(min(rect.height(), room.height()), min(minimum.height(), room.height()))
    x = min(max(rect.x(), room.left()), room.right() + 1 - width)
    y = min(max(rect.y(), room.top()), room.bottom() + 1 - height)
    return QRect(QPoint(x, y), QSize(width, height))


def _screen_for(point: QPoint | None) -> QScreen | None:
    if point is not None:
        screen = QGuiApplication.screenAt(point)
        if screen is not None:
            return screen
    return QGuiApplication.primaryScreen()


def restore(window: QWidget) -> None:
    """Give ``window`` its saved place, or a first one centred on the screen, fitted."""
    state = load_state()
    guess = QPoint(FRAME_GUESS.left(), FRAME_GUESS.top())
    saved = (QRect(QPoint(state["x"], state["y"]) + guess,
                   QSize(state["width"], state["height"])) if state is not None else None)
    screen = _screen_for(saved.center() if saved is not None else None)
    if screen is None:  # no screen at all (a test without a platform): the preferred size
        window.resize(PREFERRED)
        return
    available = screen.availableGeometry()
    if saved is None:
        saved = QRect(QPoint(0, 0), PREFERRED)
        saved.moveCenter(available.center())
    rect = fit(saved, available, FRAME_GUESS, window.minimumSizeHint())
    window.resize(rect.size())
    window.move(rect.topLeft() - guess)
    if state is not None and state.get("maximized") is True:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def keep_on_screen(window: QWidget) -> None:
    """Once the frame is known: shrink or move the window so all of it is visible."""
    if window.isMaximized() or window.isFullScreen():
        return
    if QGuiApplication.platformName() == "offscreen":
        return  # no real screen (tests, screenshots): the size asked for is kept
    screen = window.screen()
    if screen is None:
        return
    frame = window.frameGeometry()
    inner = window.geometry()
    margins = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                       frame.right() - inner.right(), frame.bottom() - inner.bottom())
    available = screen.availableGeometry()
    if available.contains(frame):
        return
    rect = fit(inner, available, margins, window.minimumSizeHint())
    window.resize(rect.size())
    window.move(rect.topLeft() - QPoint(margins.left(), margins.top()))
