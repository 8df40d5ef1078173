"""Rasterize the app icon: resources/icons/aco-desktop.svg -> PNGs (16..512), .ico (Windows), .icns (macOS).

    .venv/bin/python packaging/make_icons.py

Run it after editing the SVG and commit what it writes. Qt's QSvgRenderer draws each size from the
SVG (no downscaling of one big bitmap); the .ico and .icns containers are written here with PNG
payloads (both formats allow PNG entries), so no imaging library is needed. Qt reads both files back
as a check.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "aco-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types with PNG payloads, by pixel size (retina "@2x" types reuse the larger bitmaps).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"Qt cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the PNG payloads (Windows Vista and later read PNG entries)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def verify(path: Path, expect_count: int) -> None:
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    count = reader.imageCount()
    if reader.read().isNull():
        print(f"  (Qt could not read {path.name} back: {reader.errorString()}; no {path.suffix} plugin?)")
    elif count != expect_count:
        raise SystemExit(f"Qt reads {count} images from {path.name}, expected {expect_count}")
    else:
        print(f"  Qt reads back {path.name}: {count} images")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage/QPainter need it
    pngs = {size: render_png(size) for size in PNG_SIZES}
    for size, data in pngs.items():
        (ICONS / f"aco-desktop-{size}.png").write_bytes(data)
    (ICONS / "aco-desktop.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "aco-desktop.icns").write_bytes(icns_bytes(pngs))
    for path in sorted(ICONS.glob("aco-desktop*")):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    verify(ICONS / "aco-desktop.ico", len(ICO_SIZES))
    verify(ICONS / "aco-desktop.icns", len(ICNS_TYPES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
