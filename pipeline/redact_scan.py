"""Scanned pages before the writer: a fresh raster with the redacted pixels blanked, plus OCR text.

Each OCR'd page is replaced, in a copy of the input, by a new page: one image (the page
as rendered, at OUT_DPI, with every redaction box filled black *in the pixels*) and an
invisible text layer (render mode 3) holding the OCR words that were not redacted, each
word fitted to its box so that search and selection find it where it is.  Nothing of the
old page survives: its images, any earlier OCR layer, hidden content.  pipeline.redact
then writes that copy as usual: it paints the black boxes with their ground codes,
blanks the (already black) pixels once more and sanitizes the file.

Boxes on scanned pages are padded by SCAN_PAD beyond the word boxes: OCR boxes hug the
ink, and scanned ink bleeds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import pikepdf

from pipeline.model import Box, Document, Page, RedactionArea
from pipeline.scanpages import ScanState

OUT_DPI = 200  # resolution of the redacted page image (a common archive scan resolution)
JPEG_QUALITY = 80
SCAN_PAD = 2.0  # points added around redaction boxes on scanned pages
FONT = "/WooOcr"
_WORD = re.compile(r"\S+")


def pad_areas(areas: Sequence[RedactionArea], pages: Sequence[int]) -> list[RedactionArea]:
    """``areas`` with the boxes on scanned ``pages`` grown by SCAN_PAD (clipped at the page origin)."""
    scanned = set(pages)
    out = []
    for a in areas:
        if a.box.page in scanned:
            b = a.box
            grown = Box(
                b.page,
                max(0.0, b.x0 - SCAN_PAD),
                max(0.0, b.top - SCAN_PAD),
                b.x1 + SCAN_PAD,
                b.bottom + SCAN_PAD,
            )
            a = RedactionArea(grown, a.ground, a.label)
        out.append(a)
    return out


def kept_words(
    page: Page, spans: Sequence[tuple[int, int]], boxes: Sequence[Box]
) -> list[tuple[str, Box, int]]:
    """The words of an OCR'd page that stay readable (not in a redacted span, not touching a box).

    Each as (text, box, OCR line number).
    """
    from pipeline.redact import PAD

    out = []
    for m in _WORD.finditer(page.text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        idx = page.span_chars(m.start(), m.end())
        if not idx:
            continue
        chars = [page.chars[i] for i in idx]
        box = Box(
            page.index,
            min(c.x0 for c in chars),
            min(c.top for c in chars),
            max(c.x1 for c in chars),
            max(c.bottom for c in chars),
        )
        if any(_touch(b, box, PAD) for b in boxes):
            continue
        out.append((m.group(), box, chars[0].line))
    return out


def _touch(a: Box, b: Box, pad: float) -> bool:
    return a.x0 - pad < b.x1 and b.x0 < a.x1 + pad and a.top - pad < b.bottom and b.top < a.bottom + pad


def rasterize_scanned(
    src: Path,
    dst: Path,
    doc: Document,
    pages: Sequence[int],
    areas: Sequence[RedactionArea],
    spans: dict[int, list[tuple[int, int]]],
) -> None:
    """Write a copy of ``src`` to ``dst`` with each of ``pages`` replaced by its redacted raster + text.

    ``areas`` are the (padded) redaction boxes, ``spans`` the redacted text spans per page.
    """
    import pypdfium2 as pdfium

    from pipeline.redact import PAD, _page_geometry, plumber_matrix

    by_page: dict[int, list[Box]] = {}
    for a in areas:
        by_page.setdefault(a.box.page, []).append(a.box)
    rendered = pdfium.PdfDocument(str(src))
    try:
        with pikepdf.open(src) as pdf:
            font = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name.Helvetica,
                    Encoding=pikepdf.Name.WinAnsiEncoding,
                )
            )
            for i in pages:
                page = doc.pages[i]
                crop = page.cropbox or (0.0, 0.0, page.width, page.height)
                boxes = by_page.get(i, [])
                image = _redacted_image(rendered, i, crop, boxes, PAD)
                pobj = pdf.pages[i].obj
                g = _page_geometry(pdf.pages[i])
                to_user = _plumber_to_user(plumber_matrix(g), g.cropbox)
                words = kept_words(page, spans.get(i, []), boxes)
                _replace_page(pdf, pobj, image, crop, to_user, words, font, g)
            pdf.save(dst, encryption=False)
    finally:
        rendered.close()


def _redacted_image(rendered, index: int, crop, boxes: Sequence[Box], pad: float):
    """The page rendered at OUT_DPI, grey unless it has colour, with every box filled black."""
    import numpy as np
    from PIL import ImageDraw

    from pipeline.ocr import page_dpi, render

    dpi = page_dpi(rendered, index, OUT_DPI)
    image = render(rendered, index, dpi, grayscale=False)
    arr = np.asarray(image.convert("RGB"))
    chroma = arr.max(axis=2).astype(np.int16) - arr.min(axis=2)
    image = image.convert("RGB") if (chroma > 40).mean() > 0.001 else image.convert("L")
    draw = ImageDraw.Draw(image)
    s = dpi / 72.0
    for b in boxes:
        x0 = int((b.x0 - pad - crop[0]) * s)
        y0 = int((b.top - pad - crop[1]) * s)
        x1 = int((b.x1 + pad - crop[0]) * s) + 1
        y1 = int((b.bottom + pad - crop[1]) * s) + 1
        draw.rectangle((x0, y0, x1, y1), fill=0)
    return image


def _plumber_to_user(to_mupdf, cropbox) -> tuple[float, ...]:
    """Affine map pdfplumber coordinates -> PDF user space (MuPDF's unrotated space is CropBox-relative)."""
    import pymupdf

    return tuple(to_mupdf * pymupdf.Matrix(1, 0, 0, -1, cropbox[0], cropbox[3]))


def _apply(m: Sequence[float], x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _concat(a: Sequence[float], b: Sequence[float]) -> tuple[float, ...]:
    """``a`` then ``b`` (PDF row-vector convention)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _n(v: float) -> str:
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _replace_page(pdf, pobj, image, crop, to_user, words, font, g) -> None:
    """Give ``pobj`` new contents and resources: the image over the CropBox, then the invisible words."""
    import pymupdf

    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    xobj = pikepdf.Stream(pdf, buf.getvalue())
    xobj.Type = pikepdf.Name.XObject
    xobj.Subtype = pikepdf.Name.Image
    xobj.Width, xobj.Height = image.width, image.height
    xobj.ColorSpace = pikepdf.Name.DeviceRGB if image.mode == "RGB" else pikepdf.Name.DeviceGray
    xobj.BitsPerComponent = 8
    xobj.Filter = pikepdf.Name.DCTDecode
    cx0, ctop, cx1, cbottom = crop
    p00 = _apply(to_user, cx0, cbottom)  # image space (0, 0) is its bottom-left corner
    p10 = _apply(to_user, cx1, cbottom)
    p01 = _apply(to_user, cx0, ctop)
    cm = (p10[0] - p00[0], p10[1] - p00[1], p01[0] - p00[0], p01[1] - p00[1], p00[0], p00[1])
    ops = ["q " + " ".join(_n(v) for v in cm) + " cm /WooScan Do Q"]
    # One baseline and size per OCR line: on a skewed scan the words of a line sit at
    # different heights, and extractors would break the line at every step.
    lines: dict[int, list[Box]] = {}
    for _, box, line in words:
        lines.setdefault(line, []).append(box)
    level = {n: (_median([b.bottom for b in bs]), _median([b.height for b in bs])) for n, bs in lines.items()}
    if words:
        ops.append("BT 3 Tr")
        for text, box, line in words:
            data = text.encode("cp1252", errors="replace")
            unit = pymupdf.get_text_length(data.decode("cp1252"), fontname="helv", fontsize=1)
            bottom, height = level[line]
            height = max(height, 1.0)
            width = max(box.x1 - box.x0, 0.5)
            kx = width / unit if unit > 0 else height
            base = bottom - 0.2 * height
            tm = _concat((kx, 0.0, 0.0, -height, box.x0, base), to_user)
            ops.append(f"{' '.join(_n(v) for v in tm)} Tm {FONT} 1 Tf <{data.hex()}> Tj")
        ops.append("ET")
    pobj.Contents = pdf.make_stream("\n".join(ops).encode("ascii"))
    pobj.Resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(WooScan=pdf.make_indirect(xobj)),
        Font=pikepdf.Dictionary({FONT: font}),
    )
    # the page keeps its geometry (MediaBox, CropBox, Rotate) made explicit, not inherited
    pobj.MediaBox = pikepdf.Array([float(v) for v in g.mediabox])
    pobj.CropBox = pikepdf.Array([float(v) for v in g.cropbox])
    if g.rotation:
        pobj.Rotate = g.rotation
    for key in ("/Annots", "/Group", "/Thumb", "/PieceInfo", "/StructParents"):
        if key in pobj:
            del pobj[key]


def prepare(
    src: Path,
    dst: Path,
    doc: Document,
    scan: ScanState,
    areas: Sequence[RedactionArea],
    redactions: Sequence,
) -> tuple[list[RedactionArea], dict[int, str]]:
    """Write the writer's input for a document with scanned pages; return its areas and kept texts.

    The areas come back padded on scanned pages, with the signatures added; the kept texts
    (the OCR text of each scanned page that has a redaction, without the redacted spans)
    are what the OCR re-read may legitimately find.
    """
    pages = scan.scanned
    padded = pad_areas([*areas, *scan.signature_areas()], pages)
    spans: dict[int, list[tuple[int, int]]] = {}
    for r in redactions:
        spans.setdefault(r.page, []).append((r.start, r.end))
    rasterize_scanned(src, dst, doc, pages, padded, spans)
    boxes: dict[int, list[Box]] = {}
    for a in padded:
        boxes.setdefault(a.box.page, []).append(a.box)
    kept = {i: unredacted_text(doc.pages[i].text, spans.get(i, [])) for i in pages if i in boxes}
    return padded, kept


def unredacted_text(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The OCR text of a page without its redacted spans: what may still be read in its pixels."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2]
