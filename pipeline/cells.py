"""Reading a ruled table row cell by cell, so that text wrapped inside a cell stays together.

Lines are read across the page: when two neighbouring cells of one table row both wrap,
"06-1234" / "5678" in one cell and "Mobiel van de" / "behandelaar" in the next read as
"06-1234 behandelaar 5678" and the number is not found.  Where the page itself draws
the table, a row is known: the lines between two horizontal rules, split into columns
by vertical rules that run the row's full height.  Such a row is read column by column,
each cell's lines in turn.  Without drawn rules (a tab-aligned form, plain columns)
nothing changes: the rules are what tell a cell's wrapped line from the next row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.layers import OBLIQUE

# A horizontal rule: (y, x0, x1); a vertical one: (x, y0, y1); view space (y down).
Rules = tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]
THIN = 2.0  # a path's box thinner than this (pt) is a rule; a larger box gives its four edges
TOL = 1.5  # pt: how far a rule may lie from where a cell border is expected


@dataclass
class _Line:
    words: list  # the line as pipeline.extract._lines makes it: (separator, glyphs) pairs
    top: float
    bottom: float
    cells: list[tuple[float, float, list]] = field(default_factory=list)  # (x0, x1, words)


def cell_order(lines: list[list], rules: Callable[[], Rules]) -> list[list]:
    """``lines`` with every ruled table row whose cells wrap read cell by cell (``rules`` asked lazily)."""
    shaped = [_shape(words) for words in lines]
    if not any(a and b and len(a.cells) > 1 for a, b in zip(shaped, shaped[1:], strict=False)):
        return lines  # no two lines in a row with a cell gap: the common page, no path walk
    hs, vs = rules()
    if not vs:
        return lines
    out: list[list] = []
    band: list[_Line] = []
    for words, line in zip(lines, shaped, strict=True):
        if line is not None and band and not _ruled_between(band[-1], line, hs):
            band.append(line)
            continue
        out.extend(_read(band, vs))
        band = []
        if line is None:
            out.append(words)
        else:
            band = [line]
    out.extend(_read(band, vs))
    return out


def _shape(words: list) -> _Line | None:
    """A horizontal left-to-right line with its cells (split at cell gaps); None for other text."""
    glyphs = [g for _, w in words for g in w]
    if not glyphs or not all(g[7] > 0 and abs(g[8]) <= OBLIQUE * g[7] for g in glyphs):
        return None
    line = _Line(words, min(g[2] for g in glyphs), max(g[4] for g in glyphs))
    for sep, w in words:
        if sep == "\n" or not line.cells:
            line.cells.append((w[0][1], w[-1][3], [(sep, w)]))
        else:
            x0, _, cell = line.cells[-1]
            cell.append((sep, w))
            line.cells[-1] = (x0, w[-1][3], cell)
    return line


def _ruled_between(a: _Line, b: _Line, hs: list[tuple[float, float, float]]) -> bool:
    """Whether a horizontal rule (a row border) separates line ``a`` from the next line ``b``."""
    if b.top - a.bottom > 2 * (a.bottom - a.top):  # too far apart for one cell's lines
        return True
    x0 = min(c[0] for c in a.cells + b.cells)
    x1 = max(c[1] for c in a.cells + b.cells)
    return any(a.bottom - TOL <= y <= b.top + TOL and hx0 < x1 and hx1 > x0 for y, hx0, hx1 in hs)


def _read(band: list[_Line], vs: list[tuple[float, float, float]]) -> list[list]:
    """One row's lines: column by column when vertical rules split every line at the same places."""
    if len(band) < 2 or all(len(line.cells) < 2 for line in band):
        return [line.words for line in band]
    columns: list[list[float]] = []  # [x0, x1], merged over the row's cells
    for x0, x1 in sorted((c[0], c[1]) for line in band for c in line.cells):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    top, bottom = band[0].top, band[-1].bottom
    ruled = len(columns) > 1 and all(
        any(
            left[1] - TOL <= x <= right[0] + TOL and y0 <= top + TOL and y1 >= bottom - TOL
            for x, y0, y1 in vs
        )
        for left, right in zip(columns, columns[1:], strict=False)
    )
    if not ruled:
        return [line.words for line in band]
    return [cell[2] for col in columns for line in band for cell in line.cells if col[0] <= cell[0] <= col[1]]


def edges_of(boxes: list[tuple[float, float, float, float]]) -> Rules:
    """Rules from the boxes of drawn paths (x0, top, x1, bottom): a thin box is a rule, a box has four."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for x0, top, x1, bottom in boxes:
        wide, tall = x1 - x0 >= THIN, bottom - top >= THIN
        if wide:
            hs.append((top, x0, x1))
            if tall:
                hs.append((bottom, x0, x1))
        if tall:
            vs.append((x0, top, bottom))
            if wide:
                vs.append((x1, top, bottom))
    return hs, vs


def pdfium_path_boxes(
    raw, parent, form: bool = False, level: int = 0
) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every path object, in Form XObjects too (as extract's image walk)."""
    import ctypes

    count = (raw.FPDFFormObj_CountObjects if form else raw.FPDFPage_CountObjects)(parent)
    get_object = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
    out = []
    for i in range(max(count, 0)):
        obj = get_object(parent, i)
        if not obj:
            continue
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
            if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                out.append((left.value, bottom.value, right.value, top.value))
        elif kind == raw.FPDF_PAGEOBJ_FORM and level < 14:
            out.extend(pdfium_path_boxes(raw, obj, True, level + 1))
    return out
