"""Light and dark looks: one palette per theme, applied to Qt's palette and the stylesheet.

The stylesheet (resources/style.qss) uses @tokens; the same token names are the keys of
the palettes below, so the widgets and the stylesheet never disagree on a colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.core import paths

LIGHT: dict[str, str] = {
    "window": "#f5f6fa",
    "rail": "#eceef5",
    "surface": "#ffffff",
    "input": "#ffffff",
    "alt_row": "#f8f9fc",
    "border": "#e1e4ee",
    "border_strong": "#c9cedd",
    "hover": "#e7eaf4",
    "pressed": "#dadff0",
    "text": "#1d2233",
    "text_muted": "#5f667a",
    "text_disabled": "#a2a8b8",
    "accent": "#3d5afe",
    "accent_hover": "#304ffe",
    "accent_soft": "#e3e8ff",
    "on_accent": "#ffffff",
    "focus": "#7c8dff",
    "danger": "#d93848",
    "danger_hover": "#c02a3a",
    "tooltip": "#1d2233",
    "on_tooltip": "#ffffff",
    "info_bg": "#e8efff",
    "info_border": "#b9c8ff",
    "warn_bg": "#fff5dc",
    "warn_border": "#f1d48a",
    "error_bg": "#fde8ea",
    "error_border": "#f2b3ba",
}

DARK: dict[str, str] = {
    "window": "#15171e",
    "rail": "#1b1e27",
    "surface": "#1f232e",
    "input": "#262b38",
    "alt_row": "#232836",
    "border": "#2d3241",
    "border_strong": "#3c4356",
    "hover": "#2a3040",
    "pressed": "#323a4e",
    "text": "#e8eaf2",
    "text_muted": "#9aa1b5",
    "text_disabled": "#5c6378",
    "accent": "#7b8cff",
    "accent_hover": "#909fff",
    "accent_soft": "#2b3356",
    "on_accent": "#0d1022",
    "focus": "#a3afff",
    "danger": "#ff5c6c",
    "danger_hover": "#ff7583",
    "tooltip": "#e8eaf2",
    "on_tooltip": "#15171e",
    "info_bg": "#1e2a4a",
    "info_border": "#34457a",
    "warn_bg": "#3a3020",
    "warn_border": "#6b5628",
    "error_bg": "#3d2026",
    "error_border": "#733440",
}


@dataclass(frozen=True)
class ZoneColours:
    """The timer's zone colours; text on them must stay readable in both themes."""

    under: str
    green: str
    yellow: str
    red: str
    overtime: str
    idle: str

    def for_zone(self, zone: str) -> str:
        return str(getattr(self, zone, self.idle))


LIGHT_ZONES = ZoneColours(
    under="#5f667a", green="#1f9d55", yellow="#c98a00", red="#d93848",
    overtime="#8e1b2b", idle="#5f667a",
)
DARK_ZONES = ZoneColours(
    under="#9aa1b5", green="#43c47a", yellow="#ffc93c", red="#ff5c6c",
    overtime="#ff8a95", idle="#9aa1b5",
)

# Highlight colours in the review transcript (backgrounds behind words).
HIGHLIGHTS_LIGHT = {
    "filler": "#ffe2a8", "concept": "#cdeed9", "red_flag": "#ffc9cf", "pause": "#e3e8ff",
    "current": "#3d5afe", "current_text": "#ffffff",
}
HIGHLIGHTS_DARK = {
    "filler": "#5a4516", "concept": "#1d4a31", "red_flag": "#5e2530", "pause": "#2b3356",
    "current": "#7b8cff", "current_text": "#0d1022",
}


class Theme:
    """The active theme's colours; `apply` installs it on the application."""

    def __init__(self, dark: bool) -> None:
        self.dark = dark
        self.colours = DARK if dark else LIGHT
        self.zones = DARK_ZONES if dark else LIGHT_ZONES
        self.highlights = HIGHLIGHTS_DARK if dark else HIGHLIGHTS_LIGHT

    def colour(self, name: str) -> QColor:
        return QColor(self.colours[name])

    def stylesheet(self) -> str:
        try:
            template = (paths.resources_dir() / "style.qss").read_text(encoding="utf-8")
        except OSError:  # a damaged install still gets a usable, unstyled window
            return ""
        # Longest names first so "@text_muted" is not eaten by "@text".
        for key in sorted(self.colours, key=len, reverse=True):
            template = template.replace("@" + key, self.colours[key])
        icons_dir = (paths.resources_dir() / "icons").as_posix()
        return template.replace("@icons", icons_dir).replace(
            "@variant", "dark" if self.dark else "light")

    def palette(self) -> QPalette:
        c = self.colour
        pal = QPalette()
        pal.setColor(QPalette.ColorRole.Window, c("window"))
        pal.setColor(QPalette.ColorRole.WindowText, c("text"))
        pal.setColor(QPalette.ColorRole.Base, c("surface"))
        pal.setColor(QPalette.ColorRole.AlternateBase, c("alt_row"))
        pal.setColor(QPalette.ColorRole.Text, c("text"))
        pal.setColor(QPalette.ColorRole.Button, c("surface"))
        pal.setColor(QPalette.ColorRole.ButtonText, c("text"))
        pal.setColor(QPalette.ColorRole.Highlight, c("accent"))
        pal.setColor(QPalette.ColorRole.HighlightedText, c("on_accent"))
        pal.setColor(QPalette.ColorRole.ToolTipBase, c("tooltip"))
        pal.setColor(QPalette.ColorRole.ToolTipText, c("on_tooltip"))
        pal.setColor(QPalette.ColorRole.PlaceholderText, c("text_muted"))
        pal.setColor(QPalette.ColorRole.Link, c("accent"))
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                     QPalette.ColorRole.ButtonText):
            pal.setColor(QPalette.ColorGroup.Disabled, role, c("text_disabled"))
        return pal

    def apply(self, app: QApplication) -> None:
        app.setStyle("Fusion")
        app.setPalette(self.palette())
        app.setStyleSheet(self.stylesheet())


def system_prefers_dark() -> bool:
    """Follow the desktop's colour scheme (Qt 6.5+), else guess from the default palette."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def resolve_theme(choice: str) -> Theme:
    """``choice`` is the setting: "light", "dark" or "system" (anything else = system)."""
    if choice == "dark":
        return Theme(dark=True)
    if choice == "light":
        return Theme(dark=False)
    return Theme(dark=system_prefers_dark())


_current: Theme | None = None


def current_theme() -> Theme:
    """The theme last applied (light before any is applied, e.g. in tests)."""
    return _current or Theme(dark=False)


def apply_theme(app: QApplication, choice: str) -> Theme:
    global _current
    theme = resolve_theme(choice)
    _current = theme  # first: widgets redraw during apply() and ask for the new colours
    theme.apply(app)
    return theme
