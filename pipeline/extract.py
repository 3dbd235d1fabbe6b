"""Extract: PDF -> Document (characters with boxes, analysis text with offsets).

pdfplumber is the extractor of record (its boxes are what the writer redacts).  A
cheap pypdfium2 preflight runs first so that bad input (not a PDF, encrypted,
corrupt, empty, absurdly large) becomes a clear status before pdfplumber spends
time on it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.model import Char, Document, Page

# Statuses a document can get at extraction time (see README, "Statuses").
NOT_PDF = "unreadable"
ENCRYPTED = "encrypted"
TOO_LARGE = "too-large"

# A horizontal gap wider than this many font sizes separates table cells (or columns), not
# words: justified text rarely stretches a space beyond ~0.5 em; ruled tables leave more.
CELL_GAP = 0.65

HYPHENS = {"-", "\u00ad", "\u2010", "\u2011"}
# A line-end hyphen before one of these is a real hyphen in a double surname
# ("Jansen-" / "de Wit"), not a word broken by hyphenation.
INTERFIXES = {"de", "der", "den", "van", "ter", "ten", "te", "het", "la", "le", "du", "da", "el", "al"}


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
            page = pdf[i]
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
                pp = pp.dedupe_chars(tolerance=1)  # fake bold: text drawn twice, slightly offset
                images = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in pp.images]
                crop = tuple(float(v) for v in pp.cropbox)
                doc.pages.append(_build_page(i, pp.bbox, crop, pp.chars, images))
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
        meta = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
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
    images = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        images.append(view_box(*obj.get_bounds()))

    tp = page.get_textpage()
    chars: list[dict] = []
    seen: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    try:
        rect = raw.FS_RECTF()
        m = raw.FS_MATRIX()
        count = raw.FPDFText_CountChars(tp)
        if count > limits.max_chars_per_page:
            raise DocumentError(
                TOO_LARGE, f"page {index + 1} has {count} characters (limit {limits.max_chars_per_page})"
            )
        for i in range(count):
            if raw.FPDFText_IsGenerated(tp, i):
                continue
            code = raw.FPDFText_GetUnicode(tp, i)
            if code in (0, 0xFFFE, 2):  # pdfium's marker for a line-end hyphen it recognised
                if not raw.FPDFText_IsHyphen(tp, i):
                    continue
                code = ord("-")
            ch = chr(code)
            if ch.isspace():
                continue
            raw.FPDFText_GetLooseCharBox(tp, i, rect)
            x0, top, x1, bottom = view_box(rect.left, rect.bottom, rect.right, rect.top)
            # fake bold: the same glyph drawn again within 1 pt
            key = (ch, int(x0), int(top))
            dup = False
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for px, pt in seen.get((ch, key[1] + dx, key[2] + dy), ()):
                        if abs(px - x0) <= 1 and abs(pt - top) <= 1:
                            dup = True
            if dup:
                continue
            seen.setdefault(key, []).append((x0, top))
            raw.FPDFText_GetMatrix(tp, i, m)
            a = m.a * ctm[0] + m.b * ctm[2]
            b = m.a * ctm[1] + m.b * ctm[3]
            chars.append(
                {
                    "text": ch,
                    "x0": x0,
                    "top": top,
                    "x1": x1,
                    "bottom": bottom,
                    "size": raw.FPDFText_GetFontSize(tp, i),
                    "upright": abs(a) >= abs(b) and a > 0,
                    "matrix": (a, b, 0, 0, 0, 0),
                }
            )
    finally:
        tp.close()
    return _build_page(index, (0, 0, width, height), (cx0, ctop, cx1, cbottom), chars, images)


def _build_page(index: int, bbox, cropbox, chars: list[dict], images: list[tuple]) -> Page:
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

    lines = _lines(chars)
    text_parts: list[str] = []
    char_map: list[int] = []

    def emit(s: str, ci: int) -> None:
        text_parts.append(s)
        char_map.extend([ci] * len(s))

    for li, line in enumerate(lines):
        if li > 0:
            brk = _hyphen_break(lines[li - 1][-1], line[0])
            if brk == "drop":
                # The hyphen glyph stays in ``chars`` (so a span over both halves covers it)
                # but not in the text: "Jan-" + "sen" -> "Jansen".
                text_parts.pop()
                char_map.pop()
            elif brk != "keep":  # "keep": a real hyphen, "Jansen-" + "de Wit" -> "Jansen-de Wit"
                emit("\n", -1)
        for wi, word in enumerate(line):
            if wi > 0:
                emit(word.sep, -1)
            for ch in word.chars:
                ci = len(page.chars)
                page.chars.append(
                    Char(
                        text=ch["text"],
                        x0=float(ch["x0"]),
                        top=float(ch["top"]),
                        x1=float(ch["x1"]),
                        bottom=float(ch["bottom"]),
                        size=float(ch.get("size") or 0),
                        upright=bool(ch.get("upright", True)),
                        line=li,
                    )
                )
                norm = unicodedata.normalize("NFKC", ch["text"])  # ligatures: "ﬃ" -> "ffi"
                emit(norm if norm else ch["text"], ci)
    page.text = "".join(text_parts)
    page.char_map = char_map
    assert len(page.text) == len(page.char_map)
    return page


@dataclass
class _Word:
    chars: list[dict]
    sep: str = " "  # what separates it from the previous word: " " or "\n" (a table cell gap)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)


def _frame(ch: dict) -> tuple[str, float, float, float, float]:
    """The glyph's writing direction and its box in that direction's reading frame.

    Returns (direction, u0, u1, v0, v1): u runs along the line, v across lines in
    reading order.  Pages with /Rotate or rotated text thus read like any other page.
    """
    a, b = ch.get("matrix", (1, 0, 0, 1, 0, 0))[:2]
    x0, x1, top, bottom = ch["x0"], ch["x1"], ch["top"], ch["bottom"]
    if abs(a) >= abs(b):
        if a >= 0:
            return "ltr", x0, x1, top, bottom
        return "rtl", -x1, -x0, -bottom, -top
    if b < 0:
        return "ttb", top, bottom, -x1, -x0
    return "btt", -bottom, -top, x0, x1


def _lines(chars: list[dict]) -> list[list[_Word]]:
    """Group glyphs into lines of words, in reading order, for every writing direction."""
    framed = []
    for ch in chars:
        if not ch["text"] or ch["text"].isspace():
            continue
        d, u0, u1, v0, v1 = _frame(ch)
        framed.append((d, u0, u1, v0, v1, ch))
    lines: list[list[_Word]] = []
    order = {"ltr": 0, "ttb": 1, "btt": 2, "rtl": 3}
    for direction in sorted({f[0] for f in framed}, key=order.get):
        group = sorted((f for f in framed if f[0] == direction), key=lambda f: ((f[3] + f[4]) / 2, f[1]))
        rows: list[list[tuple]] = []
        row_mid_sum = row_height = 0.0
        for f in group:
            mid = (f[3] + f[4]) / 2
            height = f[4] - f[3]
            if rows:
                rmid = row_mid_sum / len(rows[-1])
                tol = max(row_height, height, 1.0) / 2
                if abs(mid - rmid) <= tol:
                    rows[-1].append(f)
                    row_mid_sum += mid
                    row_height = max(row_height, height)
                    continue
            rows.append([f])
            row_mid_sum, row_height = mid, height
        for row in rows:
            row.sort(key=lambda f: f[1])
            words: list[_Word] = []
            prev = None
            for f in row:
                size = max(f[4] - f[3], float(f[5].get("size") or 0), 1.0)
                if prev is not None:
                    gap = f[1] - prev[2]
                    if gap <= 0.2 * size:
                        words[-1].chars.append(f[5])
                    else:
                        words.append(_Word([f[5]], "\n" if gap > CELL_GAP * size else " "))
                else:
                    words.append(_Word([f[5]]))
                prev = f
            lines.append(words)
    return lines


def _hyphen_break(last_word: _Word, next_word: _Word) -> str | None:
    """How a line ending in a hyphen continues: "drop" the hyphen, "keep" it, or None (no join)."""
    text = last_word.text
    nxt = next_word.text
    if len(text) < 2 or text[-1] not in HYPHENS or not text[-2].isalpha() or not nxt:
        return None
    if nxt[0].islower() and nxt.lower().strip(".,;:") not in INTERFIXES:
        return "drop"
    return "keep"
