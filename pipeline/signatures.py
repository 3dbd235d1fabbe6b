"""Handwritten signatures and paraphs on scans: ink near an anchor word that no OCR word explains.

OCR does not read handwriting, so a signature stays in the pixels unless it is found as
ink.  Near each anchor ("Met vriendelijke groet", "Hoogachtend", "Paraaf", "Akkoord",
"Handtekening", "Ondertekend"): to the right of it on its line and a few lines below, the
page's ink is collected on a 2 pt grid, minus the boxes of confidently read words (what
Tesseract makes of a scribble has a low confidence, so it does not hide it).  Connected
ink of at least signature size becomes a box that is redacted as 5.1.2e like a name.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.ocr import Word

ANCHORS = (
    "met vriendelijke groet",
    "hoogachtend",
    "paraaf",
    "akkoord",
    "handtekening",
    "ondertekend",
)
RIGHT = 260.0  # points searched to the right of the anchor's start
BELOW = 5.0  # line heights searched below the anchor line
CELL = 2.0  # grid cell in points
MIN_WIDTH, MIN_HEIGHT, MIN_CELLS = 16.0, 6.0, 12
WORD_CONF = 70.0  # a word read at least this confidently explains its ink
INK = 110  # grey level below which a pixel is ink
RULE = 24.0  # a straight run of ink this long (points) in one pixel row or column is a ruled line
PAD = 2.0  # points added around a signature (the scan padding comes on top): strokes thin out


def find(image, words: Sequence[Word], origin: tuple[float, float], dpi: float) -> list[tuple[float, ...]]:
    """Signature boxes (x0, top, x1, bottom) in page points; ``image`` is the page as OCR saw it."""
    import numpy as np

    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    gray = np.asarray(image.convert("L"))
    scale = dpi / 72.0
    ox, oy = origin
    found: list[tuple[float, ...]] = []
    for line_words in lines.values():
        text = " ".join(w.text for w in line_words).casefold()
        if not any(a in text for a in ANCHORS):
            continue
        top = min(w.top for w in line_words)
        bottom = max(w.bottom for w in line_words)
        height = max(bottom - top, 6.0)
        firsts = tuple(a.split()[0] for a in ANCHORS)
        anchor = next((w for w in line_words if w.text.casefold().startswith(firsts)), line_words[0])
        x0, x1 = anchor.x0 - 10.0, anchor.x0 + RIGHT
        y0, y1 = top - height * 0.5, bottom + BELOW * height
        px = [int(max(0, (x0 - ox) * scale)), int(max(0, (y0 - oy) * scale))]
        qx = [int(min(gray.shape[1], (x1 - ox) * scale)), int(min(gray.shape[0], (y1 - oy) * scale))]
        if qx[0] - px[0] < 10 or qx[1] - px[1] < 10:
            continue
        ink = gray[px[1] : qx[1], px[0] : qx[0]] < INK
        ink &= ~_rules(ink, round(RULE * scale))  # table and form lines are no handwriting
        unexplained = ink.copy()
        for w in words:  # ink that a confidently read word explains is not a signature
            if w.conf < WORD_CONF or not any(c.isalnum() for c in w.text):
                continue
            a0 = int((w.x0 - 1.5 - ox) * scale) - px[0]
            b0 = int((w.top - 1.5 - oy) * scale) - px[1]
            a1 = int((w.x1 + 1.5 - ox) * scale) - px[0] + 1
            b1 = int((w.bottom + 1.5 - oy) * scale) - px[1] + 1
            if a1 > 0 and b1 > 0 and a0 < ink.shape[1] and b0 < ink.shape[0]:
                unexplained[max(0, b0) : b1, max(0, a0) : a1] = False
        for c0, r0, c1, r1 in _blobs(ink, unexplained, max(1, round(CELL * scale))):
            box = (
                ox + (px[0] + c0) / scale - PAD,
                oy + (px[1] + r0) / scale - PAD,
                ox + (px[0] + c1) / scale + PAD,
                oy + (px[1] + r1) / scale + PAD,
            )
            if box[2] - box[0] >= MIN_WIDTH + 2 * PAD and box[3] - box[1] >= MIN_HEIGHT + 2 * PAD:
                found.append(box)
    return _merge(found)


def _rules(ink, length: int):
    """Pixels on straight horizontal or vertical ink runs of at least ``length`` pixels."""
    import numpy as np

    out = np.zeros_like(ink)
    for mask, target in ((ink, out), (ink.T, out.T)):
        for r in range(mask.shape[0]):
            row = mask[r]
            if row.sum() < length:
                continue
            edges = np.flatnonzero(np.diff(np.concatenate(([0], row.view(np.int8), [0]))))
            for s, e in zip(edges[::2], edges[1::2], strict=True):
                if e - s >= length:
                    target[r, s:e] = True
    return out


def _blobs(ink, unexplained, cell: int) -> list[tuple[int, int, int, int]]:
    """Pixel boxes (c0, r0, c1, r1) of the unexplained ink of each connected ink blob.

    Connected on a grid of ``cell`` pixels (8-neighbours) through all ink, so a stroke that
    crosses a word box stays one blob; only cells no confident word explains count.
    """
    import numpy as np

    rows, cols = ink.shape[0] // cell, ink.shape[1] // cell
    if not rows or not cols:
        return []
    least = max(2, cell * cell // 12)  # a cell with a stroke through it, not a speck of noise

    def cells(mask):
        return mask[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell).sum(axis=(1, 3)) >= least

    on, free = cells(ink), cells(unexplained)
    seen = np.zeros_like(on)
    out = []
    for r, c in zip(*np.nonzero(on), strict=True):
        if seen[r, c]:
            continue
        stack, blob = [(r, c)], []
        seen[r, c] = True
        while stack:
            y, x = stack.pop()
            blob.append((y, x))
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    ny, nx = y + dy, x + dx
                    if 0 <= ny < rows and 0 <= nx < cols and on[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        own = [(y, x) for y, x in blob if free[y, x]]
        if len(own) >= MIN_CELLS:
            ys, xs = [y for y, _ in own], [x for _, x in own]
            out.append((min(xs) * cell, min(ys) * cell, (max(xs) + 1) * cell, (max(ys) + 1) * cell))
    return out


def _merge(boxes: list[tuple[float, ...]], gap: float = 8.0) -> list[tuple[float, ...]]:
    """Boxes that overlap or lie within ``gap`` points merged (one signature, several strokes)."""
    boxes = sorted(boxes)
    merged: list[list[float]] = []
    for b in boxes:
        for m in merged:
            if b[0] <= m[2] + gap and m[0] <= b[2] + gap and b[1] <= m[3] + gap and m[1] <= b[3] + gap:
                m[:] = [min(m[0], b[0]), min(m[1], b[1]), max(m[2], b[2]), max(m[3], b[3])]
                break
        else:
            merged.append(list(b))
    return [tuple(round(float(v), 2) for v in m) for m in merged]
