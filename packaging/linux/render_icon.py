"""Render an SVG icon to a square PNG with Qt (no rsvg-convert or ImageMagick needed).

Usage: python render_icon.py ICON.svg SIZE OUT.png
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    svg, size_text, out = argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication([])
    size = int(size_text)
    renderer = QSvgRenderer(svg)
    if not renderer.isValid():
        print(f"{svg} is not a valid SVG file.", file=sys.stderr)
        return 2
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(out, "PNG"):
        print(f"Could not write {out}.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
