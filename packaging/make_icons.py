"""Make the platform icon files from the app's SVG icon, with Qt only.

Usage: python packaging/make_icons.py ICON.svg OUT_DIR
Writes OUT_DIR/stagecoach.ico (Windows: PNG images of 16-256 px) and
OUT_DIR/stagecoach.icns (macOS: PNG images of 16-1024 px). Both formats may hold PNG
data directly, so no image library beyond Qt's SVG renderer is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types that hold PNG data, by pixel size.
ICNS_TYPES = ((16, b"icp4"), (32, b"icp5"), (64, b"icp6"), (128, b"ic07"), (256, b"ic08"),
              (512, b"ic09"), (1024, b"ic10"))


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG file.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(images: dict[int, bytes]) -> bytes:
    body = b"".join(struct.pack(">4sI", kind, 8 + len(images[size])) + images[size]
                    for size, kind in ICNS_TYPES)
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    svg, out_dir = Path(argv[0]), Path(argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication([])
    wanted = sorted(set(ICO_SIZES) | {size for size, _kind in ICNS_TYPES})
    images = {size: render_png(svg, size) for size in wanted}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "stagecoach.ico").write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    (out_dir / "stagecoach.icns").write_bytes(icns_bytes(images))
    (out_dir / "stagecoach-256.png").write_bytes(images[256])
    print(f"Wrote {out_dir / 'stagecoach.ico'} and {out_dir / 'stagecoach.icns'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
