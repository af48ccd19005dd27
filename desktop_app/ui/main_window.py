"""The main window: navigation rail, a banner, and the pages (created on first visit).

Keyboard contract (DESIGN): Space starts/stops the answer (on Review: play/pause),
N next question, R review of the last answer. None of them fires while a text field
has focus: those fields take the key themselves.
"""

from __future__ import annotations

import importlib
import logging
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.core.settings import Settings
from desktop_app.ui import window_state
from desktop_app.ui.context import AppContext
from desktop_app.ui.icons import app_icon, icon
from desktop_app.ui.widgets.banner import Banner

log = logging.getLogger(__name__)

# page key -> (label, icon, module, class). Only Rehearse is built before the first frame.
PAGES: dict[str, tuple[str, str, str, str]] = {
    "rehearse": ("Rehearse", "rehearse", "desktop_app.ui.views.rehearse_view", "RehearseView"),
    "review": ("Review", "review", "desktop_app.ui.views.review_view", "ReviewView"),
    "history": ("History", "history", "desktop_app.ui.views.history_view", "HistoryView"),
    "settings": ("Settings", "settings", "desktop_app.ui.views.settings_view", "SettingsView"),
}


# Closing while an answer is being finished (transcribed, analysed, stored) waits this long
# for it, so the answer is in History as reviewed rather than needing "Transcribe again";
# Stop to report takes 1-3 s here. A second close, or the time running out, closes at once.
FINISH_BEFORE_CLOSE_S = 30.0
FRAME_SETTLE_MS = 250  # after the first frame, time for the window manager's decorations


def is_text_entry(widget: QWidget | None) -> bool:
    """True for widgets where Space/N/R are typing, not commands."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return False


class _ExposeWatcher(QObject):
    """Emits once when the native window is first exposed (really on screen)."""

    exposed = Signal()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and getattr(obj, "isExposed", lambda: False)():
            obj.removeEventFilter(self)
            self.exposed.emit()
        return False


class MainWindow(QMainWindow):
    first_exposed = Signal()

    def __init__(self, settings: Settings, context: AppContext | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        # No fixed minimum: the layouts give it, so no page can be clipped at the edge.
        self.context = context or AppContext(settings)
        self.context.message.connect(self.show_banner)
        self.context.message_with_page.connect(self.show_banner_with_page)
        self.context.message_with_action.connect(self.show_banner_with_action)
        self._pages: dict[str, QWidget] = {}
        self._close_when_finished: QTimer | None = None  # set while closing waits on an answer
        self._nav_buttons: dict[str, QToolButton] = {}
        self._exposed_once = False
        self._watcher = _ExposeWatcher(self)
        self._watcher.exposed.connect(self._on_first_exposed)

        root = QWidget()
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_rail())
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(24, 16, 24, 20)
        content_layout.setSpacing(12)
        self.banner = Banner()
        content_layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        content_layout.addWidget(self.stack, 1)
        layout.addWidget(content, 1)
        self.setCentralWidget(root)

        self._install_shortcuts()
        self.show_page("rehearse")

    # Layout ------------------
    def _build_rail(self) -> QWidget:
        rail = QFrame()
        rail.setObjectName("NavRail")
        rail.setFixedWidth(104)
        col = QVBoxLayout(rail)
        col.setContentsMargins(0, 12, 0, 12)
        col.setSpacing(2)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(44, 44)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo.setAccessibleName(APP_NAME)
        title = QLabel(APP_NAME)
        title.setObjectName("AppTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(logo)
        col.addWidget(title)
        col.addSpacing(8)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for key, (label, icon_name, _m, _c) in PAGES.items():
            button = QToolButton()
            button.setText(label)
            button.setIcon(icon(icon_name))
            button.setIconSize(QSize(24, 24))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setCheckable(True)
            button.setAccessibleName(label)
            button.setToolTip(f"Open {label}")
            button.setSizePolicy(button.sizePolicy().horizontalPolicy(),
                                 button.sizePolicy().verticalPolicy())
            button.setMinimumWidth(88)
            button.clicked.connect(lambda _=False, k=key: self.show_page(k))
            group.addButton(button)
            self._nav_buttons[key] = button
            if key == "settings":
                col.addStretch(1)
            col.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        return rail

    def page(self, key: str) -> Any:
        """The page ``key``, built on first use (keeps start-up light)."""
        widget = self._pages.get(key)
        if widget is None:
            _label, _icon, module_name, class_name = PAGES[key]
            cls = getattr(importlib.import_module(module_name), class_name)
            widget = cls(self.context)
            self._pages[key] = widget
            self.stack.addWidget(widget)
            self._connect_page(key, widget)
        return widget

    def has_page(self, key: str) -> bool:
        return key in self._pages

    def _connect_page(self, key: str, widget: Any) -> None:
        if key == "rehearse":
            widget.review_requested.connect(self.open_review)
        elif key == "review":
            widget.retry_requested.connect(self.retry_question)
        elif key == "history":
            widget.open_requested.connect(self.open_review)

    def show_page(self, key: str) -> Any:
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        self._nav_buttons[key].setChecked(True)
        if hasattr(widget, "on_shown"):
            widget.on_shown()
        return widget

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, w in self._pages.items() if w is current), "rehearse")

    # Navigation between pages ------------------
    def open_review(self, answer_id: int) -> None:
        self.show_page("review").load_answer(answer_id)

    def retry_question(self, bank_id: str, question_id: str) -> None:
        self.show_page("rehearse").model.select_question(bank_id, question_id)

    # Keyboard ------------------
    def _install_shortcuts(self) -> None:
        for key, handler in ((Qt.Key.Key_Space, self._on_space), (Qt.Key.Key_N, self._on_next),
                             (Qt.Key.Key_R, self._on_review)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handler)

    def _typing(self) -> bool:
        return is_text_entry(QApplication.focusWidget())

    def _on_space(self) -> None:
        if self._typing():
            return
        focus = QApplication.focusWidget()
        page = self.current_page_key()
        rehearse: Any = self._pages.get("rehearse")
        if page == "rehearse" and rehearse is not None and rehearse.answer_in_progress():
            # Once prep or the answer runs, Space is the answer's, wherever the focus went
            # (starting prep disables its button and Qt moves the focus to the next one).
            rehearse.toggle_answer()
            return
        answer_button = getattr(rehearse, "answer_button", None)
        # Space on another focused button presses that button, as everywhere else.
        if isinstance(focus, QAbstractButton) and focus is not answer_button:
            focus.animateClick()
            return
        if page == "rehearse":
            self.page("rehearse").toggle_answer()
        elif page == "review":
            self.page("review").toggle_playback()

    def _on_next(self) -> None:
        if self._typing():
            return
        self.show_page("rehearse").next_question()

    def _on_review(self) -> None:
        if self._typing():
            return
        self.show_page("rehearse").review_last()

    # Messages ------------------
    def show_banner(self, level: str, text: str) -> None:
        # A warning from a part working in the background (the interviewer's voice) never
        # hides an error the user has not dismissed: with the disk full mid-answer, the
        # voice failing to cache the next question replaced the error that said so.
        if level == "warning" and self.banner.level == "error" and not self.banner.isHidden():
            log.warning("not shown over an error: %s", text)
            return
        self.banner.show_message(text, level)

    def show_banner_with_page(self, level: str, text: str, action: str, page: str) -> None:
        def go() -> None:
            self.banner.dismiss()
            self.show_page(page)

        self.banner.show_message(text, level, action, go)

    def show_banner_with_action(self, level: str, text: str, action: str,
                                callback: Any) -> None:
        def run() -> None:
            self.banner.dismiss()
            callback()

        self.banner.show_message(text, level, action, run)

    # Start-up and shutdown ---------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not self._exposed_once:
            if handle.isExposed():
                self._on_first_exposed()
            else:
                handle.installEventFilter(self._watcher)

    def _on_first_exposed(self) -> None:
        if self._exposed_once:
            return
        self._exposed_once = True
        # The window manager's frame is known once the window is mapped: then make sure
        # the whole window, title bar included, is on the screen.
        QTimer.singleShot(FRAME_SETTLE_MS, self, self._keep_on_screen)
        self.first_exposed.emit()

    def _keep_on_screen(self) -> None:
        window_state.keep_on_screen(self)

    def start_background_work(self) -> None:
        """After the first frame: warm up the worker, open the store, offer recovery."""
        self.context.start()
        rehearse = self._pages.get("rehearse")
        if rehearse is not None and hasattr(rehearse, "after_start"):
            rehearse.after_start()

    def restore_geometry(self) -> None:
        window_state.restore(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        rehearse = self._pages.get("rehearse")
        if rehearse is not None and hasattr(rehearse, "prepare_to_close"):
            rehearse.prepare_to_close()  # an answer being recorded is stopped and kept
            if self._finish_first(rehearse):
                event.ignore()
                return
        window_state.save_state(self)
        super().closeEvent(event)

    def _finish_first(self, rehearse: Any) -> bool:
        """Wait for an answer being finished before closing; True while waiting."""
        if self._close_when_finished is not None or not rehearse.finishing_answer():
            return False  # nothing to wait for, or closed again while waiting: close now
        self.show_banner("info", "Saving your answer before Stagecoach closes…")
        deadline = time.monotonic() + FINISH_BEFORE_CLOSE_S
        waited = QTimer(self)
        waited.setInterval(100)

        def check() -> None:
            if not rehearse.finishing_answer() or time.monotonic() >= deadline:
                waited.stop()
                self.close()

        waited.timeout.connect(check)
        self._close_when_finished = waited
        waited.start()
        return True

    def shutdown(self) -> None:
        for widget in self._pages.values():
            if hasattr(widget, "shutdown"):
                widget.shutdown()
        self.context.shutdown()
