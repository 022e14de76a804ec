#!/usr/bin/env python3
"""Draws Kolo's app icons as PNG: make_icons.py OUT_DIR

The picture is favicon.svg's (a ring and three partners on it), drawn here with analytic
anti-aliasing so no image tool is needed at build time:
  icon-192.png, icon-512.png   the ring on a rounded light tile (manifest purpose "any");
  icon-maskable-512.png        the same on a full-bleed tile, inside the 80 % safe circle
                               that platforms may crop to (purpose "maskable").
Deterministic: the same script writes the same bytes.
"""
import math
import os
import struct
import sys
import zlib

RING = (0x3D, 0x7E, 0xA6)
DOTS = [((32, 10), (0xE0, 0x7A, 0x5F)), ((51, 43), (0x81, 0xB2, 0x9A)), ((13, 43), (0xF2, 0xCC, 0x8F))]
TILE = (0xF7, 0xF7, 0xF5)


def coverage(distance):
    """Share of a pixel inside a shape edge at signed `distance` (negative: inside)."""
    return min(1.0, max(0.0, 0.5 - distance))


def over(dst, colour, alpha):
    if alpha <= 0:
        return dst
    r, g, b, a = dst
    out_a = alpha + a * (1 - alpha)
    if out_a <= 0:
        return (0, 0, 0, 0)
    mix = lambda c, d: (c * alpha + d * a * (1 - alpha)) / out_a
    return (mix(colour[0], r), mix(colour[1], g), mix(colour[2], b), out_a)


def draw(size, design_scale, full_bleed):
    """RGBA rows. The 64-unit design is scaled to `design_scale` of the icon and centred."""
    unit = size * design_scale / 64.0
    offset = (size - 64 * unit) / 2
    corner = 0 if full_bleed else size * 0.22
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            px, py = x + 0.5, y + 0.5
            pixel = (0, 0, 0, 0)
            # The tile: a rounded square (or the whole icon).
            qx = max(abs(px - size / 2) - (size / 2 - corner), 0)
            qy = max(abs(py - size / 2) - (size / 2 - corner), 0)
            pixel = over(pixel, TILE, coverage(math.hypot(qx, qy) - corner))
            dx, dy = (px - offset) / unit, (py - offset) / unit
            ring = abs(math.hypot(dx - 32, dy - 32) - 22) - 3  # radius 22, stroke 6
            pixel = over(pixel, RING, coverage(ring * unit))
            for (cx, cy), colour in DOTS:
                pixel = over(pixel, colour, coverage((math.hypot(dx - cx, dy - cy) - 7) * unit))
            r, g, b, a = pixel
            row += bytes((round(r), round(g), round(b), round(a * 255)))
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, size, scale, bleed in [("icon-192.png", 192, 0.86, False), ("icon-512.png", 512, 0.86, False),
                                     ("icon-maskable-512.png", 512, 0.66, True)]:
        data = png(size, draw(size, scale, bleed))
        path = os.path.join(out_dir, name)
        try:
            with open(path, "rb") as fh:
                if fh.read() == data:
                    continue
        except OSError:
            pass
        with open(path, "wb") as fh:
            fh.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
