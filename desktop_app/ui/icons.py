"""SVG icons from resources/icons, tinted to the theme and rendered at any size.

The icons draw with ``currentColor``; an icon engine substitutes the colour and renders
the SVG at the exact pixel size asked for, so icons stay sharp on high-DPI screens.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop_app.core import paths


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str:
    try:
        return (paths.resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    except OSError:  # a missing icon is cosmetic: an empty picture, never a crash
        return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>'


class TintedSvgIconEngine(QIconEngine):
    """Renders one SVG, with ``currentColor`` replaced per icon mode."""

    def __init__(self, name: str, colour: str, disabled_colour: str, active_colour: str) -> None:
        super().__init__()
        self._name = name
        self._colours = {
            QIcon.Mode.Normal: colour,
            QIcon.Mode.Disabled: disabled_colour,
            QIcon.Mode.Active: active_colour,
            QIcon.Mode.Selected: active_colour,
        }
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = self._colours.get(mode, self._colours[QIcon.Mode.Normal])
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
        return TintedSvgIconEngine(
            self._name,
            self._colours[QIcon.Mode.Normal],
            self._colours[QIcon.Mode.Disabled],
            self._colours[QIcon.Mode.Active],
        )


def icon(name: str, colour: str | QColor | None = None) -> QIcon:
    """The icon ``name`` (a file in resources/icons) in ``colour`` (default: theme text)."""
    from desktop_app.ui.theme import current_theme

    theme = current_theme()
    if isinstance(colour, QColor):
        colour = colour.name()
    normal = colour or theme.colours["text"]
    engine = TintedSvgIconEngine(
        name, normal, theme.colours["text_disabled"], colour or theme.colours["accent"]
    )
    return QIcon(engine)


def app_icon() -> QIcon:
    """The full-colour application icon (the same SVG the .desktop file uses)."""
    return QIcon(str(paths.resources_dir() / "icons" / "stagecoach.svg"))
