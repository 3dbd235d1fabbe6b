"""Reading glyphs that do not sit in plain lines: tiny, overlapping and turned text.

Helpers of :mod:`pipeline.extract` (and the verifier's pdfplumber dedupe): text at 0.1 pt
is not fake bold, an invisible OCR layer over the visible text is a line of its own, and
text at an angle is read along its own baseline.  A frame is the tuple
``(v_mid, u0, seq, u1, v0, v1, glyph)`` that ``pipeline.extract._lines`` groups into lines.
"""

from __future__ import annotations

import math
from operator import itemgetter


def dedupe_tolerance(size: float) -> float:
    """How near a copy of a glyph counts as fake bold: 1 pt, a quarter of the size for tiny text.

    At 0.1 pt every letter of a word lies within 1 pt of the next: an absolute tolerance
    would merge "Nieuwenhuis" into "Niewenhs" and hide it from detection.
    """
    return 1.0 if not size or size >= 4.0 else size * 0.25


# Text whose direction is more than ~5 degrees off the axes is read in its own frame.
OBLIQUE = math.tan(math.radians(5))


def oblique_frame(seq: int, g: tuple) -> tuple[int, tuple]:
    """A glyph of text at an angle in its line's reading frame: u along the baseline, v across.

    The glyph's box is the upright box around the turned glyph; its width along the line
    is solved back from that box and the angle (a 30-degree line of 11 pt glyphs has
    boxes ~10 pt wide that overlap: they would read as one word).
    """
    ma, mb = g[7], g[8]
    norm = math.hypot(ma, mb)
    dx, dy = ma / norm, -mb / norm  # the writing direction in view space (y down)
    nx, ny = -dy, dx  # across the lines, in reading order
    cx, cy = (g[1] + g[3]) / 2, (g[2] + g[4]) / 2
    width, height = g[3] - g[1], g[4] - g[2]
    c, s = abs(dx), abs(dy)
    size = g[5] if g[5] > 0 else min(width, height)
    det = c * c - s * s
    if abs(det) > 0.3:
        along = (width * c - height * s) / det  # width = along*c + size*s, height = along*s + size*c
    else:
        along = size * 0.5
    along = min(max(along, 0.1 * size), max(width, height))
    u, v = cx * dx + cy * dy, cx * nx + cy * ny
    angle = round(math.degrees(math.atan2(dy, dx)))
    return angle, (v, u - along / 2, seq, u + along / 2, v - size / 2, v + size / 2, g)


def separate_layers(rows: list[list[tuple]], u0=itemgetter(1)) -> list[list[tuple]]:
    """Rows sorted along the line; a row that is two texts drawn over each other becomes two rows.

    An invisible OCR layer (render mode 3) over the visible text, or a line printed twice
    at slightly different sizes, would otherwise interleave letter by letter ("KKeeeess")
    and hide the name from detection.  Such a row has many glyphs overlapping their
    neighbour by more than half; it is cut where the content order jumps back along the
    line, and each run is a row of its own.
    """
    out = []
    for row in rows:
        row.sort(key=u0)  # stable: glyphs at the same u keep their (v_mid, u0) order
        overlaps = 0
        for prev, fr in zip(row, row[1:], strict=False):
            if fr[1] < prev[3] - 0.5 * (prev[3] - prev[1]):
                overlaps += 1
        if overlaps < 3 or overlaps * 4 < len(row):
            out.append(row)
            continue
        runs: list[list[tuple]] = []
        for fr in sorted(row, key=itemgetter(2)):  # content order
            last = runs[-1][-1] if runs else None
            if last is None or fr[1] < last[1] - 2 * max(last[3] - last[1], 0.1):
                runs.append([fr])
            else:
                runs[-1].append(fr)
        for run in runs:
            run.sort(key=u0)
            out.append(run)
    return out
