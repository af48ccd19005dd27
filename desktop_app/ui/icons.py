"""SVG icons from resources/icons, tinted to the theme and rendered at any size.

The icons draw with ``currentColor``; an icon engine substitutes the colour and renders
the SVG at the exact pixel size asked for, so icons stay sharp on high-DPI screens.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core import paths


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str:
    try:
        return (paths.resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    except OSError:  # a missing icon is cosmetic: an empty picture, never a crash
        return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>'


class TintedSvgIconEngine(QIconEngine):
    """Renders one SVG, with ``currentColor`` replaced per icon mode.

    Without a fixed colour the icon takes its colours from the theme when it is painted,
    not when it was made: icons made under the light theme were drawn dark on dark after
    switching to the dark one, until a restart.
    """

    def __init__(self, name: str, colour: str | None = None, role: str = "text") -> None:
        super().__init__()
        self._name = name
        self._colour = colour
        self._role = role
        self._renderers: dict[str, QSvgRenderer] = {}

    def _mode_colour(self, mode: QIcon.Mode) -> str:
        from desktop_app.ui.theme import current_theme

        colours = current_theme().colours
        if mode == QIcon.Mode.Disabled:
            return colours["text_disabled"]
        if self._colour is not None:
            return self._colour
        if mode in (QIcon.Mode.Active, QIcon.Mode.Selected):
            return colours["accent"]
        return colours[self._role]

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = self._mode_colour(mode)
        renderer = self._renderers.get(colour)
        if renderer is None:
            data = _svg_text(self._name).replace("currentColor", colour)
            renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
            self._renderers[colour] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return QPixmap.fromImage(image)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pm = self.pixmap(QSize(int(size.width() * scale), int(size.height() * scale)), mode, state)
        pm.setDevicePixelRatio(scale)
        return pm

    def clone(self) -> QIconEngine:
        return TintedSvgIconEngine(self._name, self._colour, self._role)


def icon(name: str, colour: str | QColor | None = None, role: str = "text") -> QIcon:
    """The icon ``name`` (a file in resources/icons) in ``colour``, or else in the theme's
    ``role`` colour (it follows the theme when that changes)."""
    if isinstance(colour, QColor):
        colour = colour.name()
    return QIcon(TintedSvgIconEngine(name, colour, role))


class IconLabel(QLabel):
    """A label showing an icon that is drawn again when the theme changes (a label's
    pixmap is a picture, fixed when it is set)."""

    def __init__(self, name: str, size: int, role: str = "text",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._role = role
        self.set_icon(name)

    def set_icon(self, name: str) -> None:
        self._name = name
        self.setPixmap(icon(name, role=self._role).pixmap(QSize(self._size, self._size)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            self.setPixmap(icon(self._name, role=self._role).pixmap(
                QSize(self._size, self._size)))


def app_icon() -> QIcon:
    """The full-colour application icon (the same SVG the .desktop file uses)."""
    return QIcon(str(paths.resources_dir() / "icons" / "stagecoach.svg"))
