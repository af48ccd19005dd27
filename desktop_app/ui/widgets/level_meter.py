"""A horizontal input level meter (RMS bar with a peak tick), fed levels in dBFS."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.ui.theme import current_theme

FLOOR_DB = -60.0


def to_db(value: float) -> float:
    """Linear amplitude (0..1) to dBFS, clamped to the meter's floor."""
    if value <= 0.0:
        return FLOOR_DB
    return max(FLOOR_DB, min(0.0, 20.0 * math.log10(value)))


class LevelMeter(QWidget):
    """Shows how loud the microphone is; the peak falls back slowly so it can be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Input level")
        self.setToolTip("Microphone input level")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rms_db = FLOOR_DB
        self._peak_db = FLOOR_DB

    def sizeHint(self) -> QSize:
        return QSize(220, 10)

    @property
    def rms_db(self) -> float:
        return self._rms_db

    def set_level(self, rms: float, peak: float) -> None:
        """Linear RMS and peak of the newest block (0..1)."""
        self._rms_db = to_db(rms)
        # Peak hold with a gentle fall (about 20 dB per second at 20 updates/s).
        self._peak_db = max(to_db(peak), self._peak_db - 1.0)
        self.setAccessibleDescription(f"{self._rms_db:.0f} dB")
        self.update()

    def reset(self) -> None:
        self._rms_db = self._peak_db = FLOOR_DB
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = current_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = r.height() / 2
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.colour("border"))
        p.drawRoundedRect(r, radius, radius)
        frac = (self._rms_db - FLOOR_DB) / -FLOOR_DB
        if frac > 0:
            colour = QColor(theme.zones.green)
            if self._rms_db > -6:
                colour = QColor(theme.zones.red)
            elif self._rms_db > -14:
                colour = QColor(theme.zones.yellow)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(r.x(), r.y(), max(r.height(), r.width() * frac), r.height()),
                              radius, radius)
        peak_frac = (self._peak_db - FLOOR_DB) / -FLOOR_DB
        if peak_frac > 0.02:
            x = r.x() + r.width() * peak_frac
            p.setBrush(theme.colour("text_muted"))
            p.drawRect(QRectF(x - 1.5, r.y(), 3, r.height()))
        p.end()
