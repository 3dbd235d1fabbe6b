"""Extract: PDF -> Document (characters with boxes, analysis text with offsets).

pdfplumber is the extractor of record (its boxes are what the writer redacts).  A
cheap pypdfium2 preflight runs first so that bad input (not a PDF, encrypted,
corrupt, empty, absurdly large) becomes a clear status before pdfplumber spends
time on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from pipeline import vocab
from pipeline.errors import DocumentError
from pipeline.layers import OBLIQUE, dedupe_tolerance, oblique_frame, separate_layers
from pipeline.model import Char, Document, Page
from pipeline.status import Status
from pipeline.textnorm import SOFT_HYPHEN, ZERO_WIDTH, glyph_text, join_surrogates, pdfium_metadata

# Statuses a document can get at extraction time (see README, "Statuses").
NOT_PDF = Status.UNREADABLE
ENCRYPTED = Status.ENCRYPTED
TOO_LARGE = Status.TOO_LARGE

# A horizontal gap wider than this many font sizes separates table cells (or columns), not
# words: justified text rarely stretches a space beyond ~0.5 em; ruled tables leave more.
CELL_GAP = 0.65

HYPHENS = {"-", "\u00ad", "\u2010", "\u2011"}
# A line-end hyphen before one of these is a real hyphen in a double surname
# ("Jansen-" / "de Wit"), not a word broken by hyphenation.
INTERFIXES = vocab.single_words("interfixes")


@dataclass(frozen=True)
class Limits:
    """Input sizes beyond which a document is refused rather than half-processed."""

    max_file_mb: float = 500.0
    max_pages: int = 5000
    max_chars_per_page: int = 200_000
    max_page_side_pt: float = 14_400.0  # the PDF maximum (200 inches)


def preflight(path: Path, limits: Limits = Limits(), count_chars: bool = True) -> int:
    """Check that ``path`` is a readable, unencrypted, reasonably sized PDF; return its page count.

    ``count_chars`` also enforces the characters-per-page limit (the pdfium extractor
    checks that itself while it reads, so it skips the extra pass).
    """
    import pypdfium2 as pdfium

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(NOT_PDF, f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise DocumentError(NOT_PDF, "empty file (0 bytes): re-export or re-collect the document")
    if size > limits.max_file_mb * 1024 * 1024:
        raise DocumentError(
            TOO_LARGE, f"file is {size / 1048576:.0f} MB (limit {limits.max_file_mb:.0f} MB): split it first"
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise DocumentError(NOT_PDF, "not a PDF file (no %PDF header): convert it to PDF first")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise DocumentError(
                ENCRYPTED, "PDF is password-protected: ask the owner for an unprotected copy"
            ) from exc
        msg = "PDF is damaged and cannot be read: re-export it from the source"
        raise DocumentError(NOT_PDF, msg) from exc
    try:
        n = len(pdf)
        if n == 0:
            raise DocumentError(NOT_PDF, "PDF has no pages")
        if n > limits.max_pages:
            raise DocumentError(TOO_LARGE, f"PDF has {n} pages (limit {limits.max_pages}): split it first")
        for i in range(n):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as exc:  # a fuzzed or truncated page tree
                raise DocumentError(
                    NOT_PDF, f"page {i + 1} is damaged and cannot be read: re-export the PDF from the source"
                ) from exc
            w, h = page.get_size()
            if max(w, h) > limits.max_page_side_pt:
                raise DocumentError(
                    TOO_LARGE, f"page {i + 1} is {w:.0f} x {h:.0f} pt, larger than the PDF maximum"
                )
            if not count_chars:
                page.close()
                continue
            tp = page.get_textpage()
            count = tp.count_chars()
            tp.close()
            page.close()
            if count > limits.max_chars_per_page:
                raise DocumentError(
                    TOO_LARGE, f"page {i + 1} has {count} characters (limit {limits.max_chars_per_page})"
                )
        return n
    finally:
        pdf.close()


ENGINES = ("pdfium", "pdfplumber")


def extract(path: Path, limits: Limits = Limits(), engine: str = "pdfium") -> Document:
    """Read every page of ``path`` into the document model.

    ``pdfium`` (pypdfium2's character API) is the fast default; ``pdfplumber`` is the
    reference.  Both give the same coordinates (pdfplumber's) and pass the same tests.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown extraction engine {engine!r}")
    preflight(path, limits, count_chars=engine != "pdfium")
    if engine == "pdfium":
        return _extract_pdfium(path, limits)
    import pdfplumber

    from pipeline.verify import dedupe_chars  # pdfplumber's, linear and with dedupe_tolerance

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises a zoo of types for broken files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise DocumentError(ENCRYPTED, "PDF is password-protected: ask for an unprotected copy") from exc
        raise DocumentError(NOT_PDF, f"PDF cannot be parsed ({name}): re-export it from the source") from exc
    with pdf:
        doc = Document(path=str(path), metadata={k: str(v) for k, v in (pdf.metadata or {}).items()})
        try:
            for i, pp in enumerate(pdf.pages):
                chars = dedupe_chars(pp.chars)  # fake bold: text drawn twice, slightly offset
                images = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in pp.images]
                crop = tuple(float(v) for v in pp.cropbox)
                rules = lambda pp=pp: (  # noqa: E731  # table rules, asked only for a page with cells
                    [(e["top"], e["x0"], e["x1"]) for e in pp.horizontal_edges],
                    [(e["x0"], e["top"], e["bottom"]) for e in pp.vertical_edges],
                )
                doc.pages.append(_build_page(i, pp.bbox, crop, _plumber_glyphs(chars), images, rules))
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(NOT_PDF, f"PDF page could not be parsed ({type(exc).__name__})") from exc
    return doc


def _extract_pdfium(path: Path, limits: Limits) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise DocumentError(
            NOT_PDF, "PDF is damaged and cannot be read: re-export it from the source"
        ) from exc
    try:
        meta = pdfium_metadata(pdf)  # a broken Title must not fail the document
        doc = Document(path=str(path), metadata=meta)
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                doc.pages.append(_pdfium_page(i, page, limits))
            finally:
                page.close()
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(NOT_PDF, f"PDF page could not be parsed ({type(exc).__name__})") from exc
    finally:
        pdf.close()
    return doc


def _view_transform(page) -> tuple[tuple[float, ...], float, float]:
    """pdfminer's page matrix for /Rotate, so coordinates equal pdfplumber's (top-left view origin)."""
    x0, y0, x1, y1 = page.get_mediabox()
    rot = page.get_rotation()
    if rot == 90:
        return (0, -1, 1, 0, -y0, x1), y1 - y0, x1 - x0
    if rot == 180:
        return (-1, 0, 0, -1, x1, y1), x1 - x0, y1 - y0
    if rot == 270:
        return (0, 1, -1, 0, y1, -x0), y1 - y0, x1 - x0
    return (1, 0, 0, 1, -x0, -y0), x1 - x0, y1 - y0


def _pdfium_page(index: int, page, limits: Limits) -> Page:
    """One page through pypdfium2's raw character API.

    The loop runs once per glyph, so it is written for speed (about 2x the plain
    one-call-per-property loop; tests/test_extract_speed_equivalence.py keeps that plain
    loop as the reference and checks every glyph against it): the page text comes in one
    FPDFText_GetText call, matrix and font size are asked once per text object, the
    fake-bold dedupe needs one dict look-up, the view transform is inlined and glyphs are
    plain tuples for ``_build_page``.
    """
    import pypdfium2.raw as raw

    ctm, width, height = _view_transform(page)
    a, b, c, d, e, f = ctm

    def view_box(left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        # /Rotate is a multiple of 90 degrees: two opposite corners give the whole box
        xa, ya = left * a + bottom * c + e, left * b + bottom * d + f
        xb, yb = right * a + top * c + e, right * b + top * d + f
        return min(xa, xb), height - max(ya, yb), max(xa, xb), height - min(ya, yb)

    cb = page.get_cropbox()
    cx0, ctop, cx1, cbottom = view_box(*cb)
    images = [view_box(*bounds) for bounds in _image_bounds(raw, page.raw)]

    tp = page.get_textpage()
    glyphs: list[tuple] = []
    try:
        handle = tp.raw  # the bare pointer: passing ``tp`` costs a property lookup per call
        count = raw.FPDFText_CountChars(handle)
        if count > limits.max_chars_per_page:
            raise DocumentError(
                TOO_LARGE, f"page {index + 1} has {count} characters (limit {limits.max_chars_per_page})"
            )
        is_generated = raw.FPDFText_IsGenerated
        is_hyphen = raw.FPDFText_IsHyphen
        get_box = raw.FPDFText_GetLooseCharBox
        get_matrix = raw.FPDFText_GetMatrix
        get_size = raw.FPDFText_GetFontSize
        text_object = _text_object_fn(raw)
        last_obj = ma = mb = size = upright = None
        tol = 1.0
        rect = raw.FS_RECTF()
        m = raw.FS_MATRIX()
        append = glyphs.append
        # kept glyphs by (text, 16-point cell), for the fake-bold dedupe below
        grid: dict[tuple[str, int, int], list[tuple[float, float, int, int]]] = {}
        chars = _page_text(raw, handle, count)
        for i, ch in enumerate(chars):
            # pdfium only generates whitespace (word spaces, CR/LF at line ends): every
            # generated character is skipped here without an FPDFText_IsGenerated call
            if ch.isspace():
                continue
            if ch in _MARKERS:  # pdfium's marker for a line-end hyphen it recognised
                if is_generated(handle, i) or not is_hyphen(handle, i):
                    continue
                ch = "-"
            get_box(handle, i, rect)
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            xa, ya = left * a + bottom * c + e, left * b + bottom * d + f
            xb, yb = right * a + top * c + e, right * b + top * d + f
            # min()/max() spelled out (same tie-breaking), as in view_box
            x0 = xb if xb < xa else xa
            x1 = xb if xb > xa else xa
            top = height - (yb if yb > ya else ya)
            bottom = height - (yb if yb < ya else ya)
            # matrix and font size belong to the glyph's text object: ask again only when it changes
            obj = text_object(handle, i)
            if obj is None or obj != last_obj:
                last_obj = obj
                get_matrix(handle, i, m)
                # own names: a..f stay the page's view transform for the boxes above
                ma = m.a * a + m.b * c
                mb = m.a * b + m.b * d
                upright = abs(ma) >= abs(mb) and ma > 0
                # the size on the page, as pdfplumber reports it: PDFium gives the size in text
                # space ("16 Tf" under a 0.75 matrix is 12 pt); the word gaps are judged by it
                size = (get_size(handle, i) or 0.0) * math.hypot(ma, mb)
                tol = dedupe_tolerance(size)
            # fake bold: the same glyph drawn again within 1 pt (less for tiny text) and within
            # the 3 x 3 whole-point cells around it; a kept glyph is filed under every 16-point
            # cell its 3 x 3 neighbourhood touches, so one look-up finds every candidate
            ix, it = int(x0), int(top)
            key = (ch, ix >> 4, it >> 4)
            near = grid.get(key)
            if near is not None and _near(near, x0, top, ix, it, tol):
                continue
            entry = (x0, top, ix, it)
            bx, by = ix & 15, it & 15
            if bx == 0 or bx == 15 or by == 0 or by == 15:
                _file(grid, ch, entry)
            elif near is None:
                grid[key] = [entry]
            else:
                near.append(entry)
            append((ch, x0, top, x1, bottom, size, upright, ma, mb))
    finally:
        tp.close()
    if not isinstance(chars, str):  # one call per character: an emoji came as two UTF-16 halves
        glyphs = join_surrogates(glyphs)
    from pipeline.cells import edges_of, pdfium_path_boxes

    def rules():  # the table's drawn rules, asked only for a page with cells (pipeline.cells)
        return edges_of([view_box(*b) for b in pdfium_path_boxes(raw, page.raw)])

    return _build_page(index, (0, 0, width, height), (cx0, ctop, cx1, cbottom), glyphs, images, rules)


# What pdfium reports for a glyph without Unicode or a line-end hyphen: FPDFText_GetUnicode
# gives 0 or 2, FPDFText_GetText gives U+FFFE for both.
_MARKERS = frozenset("\x00\x02\ufffe")


def _image_bounds(raw, parent, form: bool = False, level: int = 0) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every image object, in Form XObjects too.

    The walk of ``PdfPage.get_objects(filter=[FPDF_PAGEOBJ_IMAGE])`` (15 levels deep, same
    errors) with raw calls: the helper builds a Python object for every page object.
    """
    import ctypes

    from pypdfium2 import PdfiumError

    count = (raw.FPDFFormObj_CountObjects if form else raw.FPDFPage_CountObjects)(parent)
    if count < 0:
        raise PdfiumError("Failed to get number of pageobjects.")
    get_object = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
    out = []
    for i in range(count):
        obj = get_object(parent, i)
        if not obj:
            raise PdfiumError("Failed to get pageobject.")
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
            if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                raise PdfiumError("Failed to locate pageobject.")
            out.append((left.value, bottom.value, right.value, top.value))
        elif kind == raw.FPDF_PAGEOBJ_FORM and level < 14:
            out.extend(_image_bounds(raw, obj, True, level + 1))
    return out


_TEXT_OBJECT_FN: list = []


def _text_object_fn(raw):
    """FPDFText_GetTextObject returning the bare address (an int or None): cheap to compare.

    pypdfium2's binding returns a new ctypes pointer object per call, which cannot be
    compared by ``==``; this is the same C function with a ``void *`` result.
    """
    if not _TEXT_OBJECT_FN:
        import ctypes

        bound = raw.FPDFText_GetTextObject
        fn = type(bound)(ctypes.cast(bound, ctypes.c_void_p).value)
        fn.argtypes = bound.argtypes
        fn.restype = ctypes.c_void_p
        _TEXT_OBJECT_FN.append(fn)
    return _TEXT_OBJECT_FN[0]


def _page_text(raw, handle, count: int) -> str | list[str]:
    """Every character of the text page, index for index, in one ctypes call where possible.

    FPDFText_GetText holds one UTF-16 unit per character, except that it leaves out
    control characters and splits characters beyond the BMP; when the length shows
    either, fall back to one FPDFText_GetUnicode call per character.
    """
    import ctypes

    if count <= 0:
        return ""
    buf = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(handle, 0, count, buf)
    if written == count + 1:
        try:
            text = ctypes.string_at(buf, 2 * count).decode("utf-16-le")
        except UnicodeDecodeError:
            text = ""
        if len(text) == count:
            return text
    get_unicode = raw.FPDFText_GetUnicode
    return [chr(get_unicode(handle, i)) for i in range(count)]


def _near(
    kept: list[tuple[float, float, int, int]], x0: float, top: float, ix: int, it: int, tol: float = 1.0
) -> bool:
    """Whether a kept glyph lies within ``tol`` (<= 1) pt of (x0, top), in the 3 x 3 point cells around it."""
    for px, pt, ipx, ipt in kept:
        if -1 <= ipx - ix <= 1 and -1 <= ipt - it <= 1 and abs(px - x0) <= tol and abs(pt - top) <= tol:
            return True
    return False


def _file(grid: dict, ch: str, entry: tuple[float, float, int, int]) -> None:
    """File a kept glyph under every 16-point cell that its 3 x 3 whole-point neighbourhood touches."""
    ix, it = entry[2], entry[3]
    for gx in range((ix - 1) >> 4, ((ix + 1) >> 4) + 1):
        for gy in range((it - 1) >> 4, ((it + 1) >> 4) + 1):
            grid.setdefault((ch, gx, gy), []).append(entry)


# A glyph as _build_page takes it (plain tuples: this runs for every character):
# (text, x0, top, x1, bottom, size, upright, a, b), with ``a, b`` the first two entries of
# its text matrix in view space (writing direction) and size/upright already float/bool.
_Glyph = tuple


def _plumber_glyphs(chars: list[dict]) -> list[_Glyph]:
    """pdfplumber's char dicts as glyph tuples."""
    out = []
    for ch in chars:
        a, b = ch.get("matrix", (1, 0, 0, 1, 0, 0))[:2]
        out.append(
            (
                ch["text"],
                float(ch["x0"]),
                float(ch["top"]),
                float(ch["x1"]),
                float(ch["bottom"]),
                float(ch.get("size") or 0),
                bool(ch.get("upright", True)),
                a,
                b,
            )
        )
    return out


# NFKC of single characters seen so far (ligatures: "ﬃ" -> "ffi"); ASCII maps to itself.
_NFKC: dict[str, str] = {chr(i): glyph_text(chr(i)) for i in range(128)}  # controls: ""


def _build_page(index: int, bbox, cropbox, glyphs: list[_Glyph], images: list[tuple], rules=None) -> Page:
    """Lines, analysis text and offset map from extracted glyphs (shared by both engines)."""
    x0, top, x1, bottom = bbox
    page = Page(index=index, width=float(x1 - x0), height=float(bottom - top))
    page.cropbox = cropbox
    area = max(page.width * page.height, 1.0)
    covered = 0.0
    for ix0, itop, ix1, ibottom in images:
        w = max(0.0, min(ix1, x1) - max(ix0, x0))
        h = max(0.0, min(ibottom, bottom) - max(itop, top))
        covered += w * h
    page.image_count = len(images)
    page.image_coverage = min(1.0, covered / area)

    lines = _lines(glyphs)
    if rules is not None:  # a ruled table row whose cells wrap: cell by cell (pipeline.cells)
        from pipeline.cells import cell_order

        lines = cell_order(lines, rules)
    text_parts: list[str] = []
    char_map: list[int] = []
    add_text = text_parts.append
    add_map = char_map.append
    add_char = page.chars.append  # type: ignore[union-attr]  # a fresh page: a list
    new_char = tuple.__new__  # Char(...) without the keyword-argument handling: once per glyph
    nfkc = _NFKC
    ci = 0
    prev_line = None
    for li, line in enumerate(lines):
        if prev_line is not None:
            brk = _hyphen_break(prev_line[-1][1], line[0][1])
            if brk == "drop":
                # The hyphen glyph stays in ``chars`` (so a span over both halves covers it)
                # but not in the text: "Jan-" + "sen" -> "Jansen".
                text_parts.pop()
                char_map.pop()
            elif brk != "keep":  # "keep": a real hyphen, "Jansen-" + "de Wit" -> "Jansen-de Wit"
                add_text("\n")
                add_map(-1)
        prev_line = line
        first = True
        for sep, word in line:
            if first:
                first = False
            else:
                add_text(sep)
                add_map(-1)
            for g in word:
                text = g[0]
                add_char(new_char(Char, (text, g[1], g[2], g[3], g[4], g[5], g[6], li)))
                norm = nfkc.get(text)
                if norm is None:
                    if text == SOFT_HYPHEN:  # a hyphen where a line breaks, else nothing (see textnorm)
                        norm = "-" if g is word[-1] and word is line[-1][1] else ""
                    else:
                        norm = glyph_text(text)  # NFKC; "" for zero-width characters
                        if len(text) == 1:
                            nfkc[text] = norm
                add_text(norm)
                if len(norm) == 1:
                    add_map(ci)
                else:
                    char_map.extend([ci] * len(norm))
                ci += 1
    page.text = "".join(text_parts)
    page.char_map = char_map
    assert len(page.text) == len(page.char_map)
    return page


_U0 = itemgetter(1)  # a framed glyph's u0

# A word is (separator from the previous word: " " or "\n" for a table cell gap, its glyphs).
_Word = tuple[str, list[_Glyph]]


def _lines(glyphs: list[_Glyph]) -> list[list[_Word]]:
    """Group glyphs into lines of words, in reading order, for every writing direction.

    Each glyph is placed in its direction's reading frame (u along the line, v across
    lines in reading order), so pages with /Rotate or rotated text read like any other.
    """
    # per direction, in this order: ltr, ttb, btt, rtl; entries (v_mid, u0, seq, u1, v0, v1, glyph)
    groups: tuple[list, list, list, list] = ([], [], [], [])
    oblique: dict[int, list] = {}  # text at an angle (not a multiple of 90 degrees), per whole degree
    for seq, g in enumerate(glyphs):
        text = g[0]
        if not text or text.isspace() or text in ZERO_WIDTH:  # a zero-width glyph: no place in a line
            continue
        ma, mb = g[7], g[8]
        if OBLIQUE * abs(ma) < abs(mb) and OBLIQUE * abs(mb) < abs(ma):
            angle, frame = oblique_frame(seq, g)
            oblique.setdefault(angle, []).append(frame)
        elif abs(ma) >= abs(mb):
            if ma >= 0:
                groups[0].append(((g[2] + g[4]) / 2, g[1], seq, g[3], g[2], g[4], g))
            else:
                groups[3].append(((-g[4] + -g[2]) / 2, -g[3], seq, -g[1], -g[4], -g[2], g))
        elif mb < 0:
            groups[1].append(((-g[3] + -g[1]) / 2, g[2], seq, g[4], -g[3], -g[1], g))
        else:
            groups[2].append(((g[1] + g[3]) / 2, -g[4], seq, -g[2], g[1], g[3], g))
    lines: list[list[_Word]] = []
    for group in (*groups, *oblique.values()):
        if not group:
            continue
        # (v_mid, u0) with ``seq`` breaking ties: the stable order of a sort on (v_mid, u0)
        group.sort()
        rows: list[list[tuple]] = []
        row: list[tuple] = []
        row_mid_sum = row_height = 0.0
        for fr in group:
            mid = fr[0]
            height = fr[5] - fr[4]
            if row:
                tol = row_height
                if height > tol:
                    tol = height
                if tol < 1.0:  # 1 pt at least, except for text that really is tiny (0.1 pt)
                    tol = min(1.0, dedupe_tolerance(fr[6][5]) * 4)
                if abs(mid - row_mid_sum / len(row)) <= tol / 2:
                    row.append(fr)
                    row_mid_sum += mid
                    if height > row_height:
                        row_height = height
                    continue
            row = [fr]
            rows.append(row)
            row_mid_sum, row_height = mid, height
        for row in separate_layers(rows, _U0):
            words: list[_Word] = []
            current: list[_Glyph] = []
            prev_u1 = None
            for fr in row:
                g = fr[6]
                size = fr[5] - fr[4]
                if g[5] > size:
                    size = g[5]
                if size < 1.0:  # 1 pt at least, except for text that really is tiny (0.1 pt)
                    size = 1.0 if not g[5] or g[5] >= 1.0 else g[5]
                if prev_u1 is not None:
                    gap = fr[1] - prev_u1
                    if gap <= 0.2 * size:
                        current.append(g)
                    else:
                        current = [g]
                        words.append(("\n" if gap > CELL_GAP * size else " ", current))
                else:
                    current = [g]
                    words.append((" ", current))
                prev_u1 = fr[3]
            lines.append(words)
    return lines


def _hyphen_break(last_word: list[_Glyph], next_word: list[_Glyph]) -> str | None:
    """How a line ending in a hyphen continues: "drop" the hyphen, "keep" it, or None (no join)."""
    if last_word[-1][0][-1] not in HYPHENS:  # the common case, without joining the word
        return None
    text = "".join(g[0] for g in last_word)
    nxt = "".join(g[0] for g in next_word)
    if len(text) < 2 or text[-1] not in HYPHENS or not text[-2].isalpha() or not nxt:
        return None
    if nxt[0].islower() and nxt.lower().strip(".,;:") not in INTERFIXES:
        return "drop"
    return "keep"
