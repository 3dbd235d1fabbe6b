"""The fast pdfium extractor gives exactly what the plain per-character API gives.

``reference_glyphs`` is the straightforward reading (one pypdfium2 call per character and
property, the 3 x 3 cell probe for fake bold); the extractor's shortcuts (page text in one
call, a coarser dedupe grid, matrix/size per text object) must not change a single glyph.
"""

import ctypes
import math
import random

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from pdfs import text_pdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import pipeline.extract as ex


def reference_glyphs(page) -> list[tuple]:
    """Glyph tuples for ``_build_page``, read the slow and obvious way."""
    ctm, width, height = ex._view_transform(page)
    a, b, c, d, e, f = ctm

    def view_box(left, bottom, right, top):
        xa, ya = left * a + bottom * c + e, left * b + bottom * d + f
        xb, yb = right * a + top * c + e, right * b + top * d + f
        return min(xa, xb), height - max(ya, yb), max(xa, xb), height - min(ya, yb)

    tp = page.get_textpage()
    rect, m = raw.FS_RECTF(), raw.FS_MATRIX()
    out, seen = [], {}
    for i in range(raw.FPDFText_CountChars(tp)):
        if raw.FPDFText_IsGenerated(tp, i):
            continue
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0, 0xFFFE, 2):
            if not raw.FPDFText_IsHyphen(tp, i):
                continue
            code = ord("-")
        ch = chr(code)
        if ch.isspace():
            continue
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        x0, top, x1, bottom = view_box(rect.left, rect.bottom, rect.right, rect.top)
        ix, it = int(x0), int(top)
        raw.FPDFText_GetMatrix(tp, i, m)
        ma, mb = m.a * a + m.b * c, m.a * b + m.b * d
        size = float(raw.FPDFText_GetFontSize(tp, i) or 0) * math.hypot(ma, mb)  # the size on the page
        tol = ex.dedupe_tolerance(size)
        if any(
            abs(px - x0) <= tol and abs(pt - top) <= tol
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for px, pt in seen.get((ch, ix + dx, it + dy), ())
        ):
            continue
        seen.setdefault((ch, ix, it), []).append((x0, top))
        out.append((ch, x0, top, x1, bottom, size, abs(ma) >= abs(mb) and ma > 0, ma, mb))
    tp.close()
    return out


def fast_glyphs(path, monkeypatch) -> list[list[tuple]]:
    """The glyphs the pdfium engine hands to ``_build_page``, page by page."""
    got = []
    build = ex._build_page

    def spy(index, bbox, cropbox, glyphs, images, *rest):  # rest: the table rules (pipeline.cells)
        got.append(list(glyphs))
        return build(index, bbox, cropbox, glyphs, images, *rest)

    monkeypatch.setattr(ex, "_build_page", spy)
    ex.extract(path, engine="pdfium")
    return got


def assert_same_glyphs(path, monkeypatch):
    pdf = pdfium.PdfDocument(str(path))
    try:
        expected = []
        for i in range(len(pdf)):
            page = pdf[i]
            expected.append(reference_glyphs(page))
            page.close()
    finally:
        pdf.close()
    got = fast_glyphs(path, monkeypatch)
    assert len(got) == len(expected)
    for page_got, page_expected in zip(got, expected, strict=True):
        assert page_got == page_expected
    return got


def stress_pdf(path, seed: int):
    """Near-duplicate glyphs around whole-point and 16-point cell edges, off-page and rotated text."""
    rnd = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(2):
        c.setFont("Helvetica", 9)
        for row in range(30):
            y = 800 - row * 13 + rnd.choice([0.0, 0.02, 0.98, 0.999, 0.5])
            x = rnd.choice([16.0, 31.99, 47.001, -20.5, 63.5]) + rnd.random() * 200
            word = rnd.choice(["Sanne", "Bakker", "illi", "mm", "Jan-", "lllll"])
            c.drawString(x, y, word)
            for _ in range(rnd.randint(0, 3)):  # copies 0..1.6 pt away: some within 1 pt, some not
                c.drawString(x + rnd.uniform(-1.6, 1.6), y + rnd.uniform(-1.6, 1.6), word)
        # Copies up to 1 pt away from glyphs astride 16-point cells.  pdfium drops a copy of one
        # of the last 7 glyphs itself, so each copy follows 8 other glyphs.
        for k in range(-2, 36):
            x = 16 * k + rnd.choice([-0.2, -0.05, 0.1, 0.9])
            y = 300 + 16 * (k % 4) + rnd.choice([-0.3, 0.0, 0.2, 0.6])
            c.drawString(x, y, "Sxyzqwkjv")
            c.drawString(x + rnd.choice([-1, 1]) * rnd.uniform(0.0, 1.0), y + rnd.uniform(-1.0, 1.0), "S")
        c.saveState()  # rotated and scaled text: other writing directions and text matrices
        c.translate(500, 300)
        c.rotate(rnd.choice([90, 180, 270]))
        c.scale(1.7, 1.7)
        c.drawString(0, 0, "Kees de Vries belt terug")
        c.drawString(0.4, 0.3, "Kees de Vries belt terug")
        c.restoreState()
        c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dedupe_and_boxes_match_the_per_character_reading(tmp_path, monkeypatch, seed):
    got = assert_same_glyphs(stress_pdf(tmp_path / f"s{seed}.pdf", seed), monkeypatch)
    assert sum(len(p) for p in got) > 200
    texts = {g[0] for p in got for g in p}
    assert {"S", "B", "K"} <= texts


def test_rotated_cropped_and_hyphenated_pages_match(tmp_path, monkeypatch):
    body = "Ik sprak met Petra Jan-\nsen over de zaak.\nMevrouw Jansen-\nde Wit belde."
    for rotate in (90, 180, 270):
        assert_same_glyphs(text_pdf(tmp_path / f"r{rotate}.pdf", [body], rotate=rotate), monkeypatch)
    assert_same_glyphs(text_pdf(tmp_path / "c.pdf", [body], cropbox=(50, 60, 500, 700)), monkeypatch)
    got = assert_same_glyphs(text_pdf(tmp_path / "b.pdf", [body, body], fake_bold=True), monkeypatch)
    assert "".join(g[0] for g in got[0]).count("Jan-sen") == 1  # the bold copy is gone


def test_scaled_text_matrix_gives_the_same_boxes_as_pdfplumber(tmp_path):
    """Text drawn at 1 pt and scaled by its text matrix (usual for many PDF writers).

    The per-character loop once reused the view-transform variables for the glyph matrix,
    which sent every glyph after the first one off the page.
    """
    path = tmp_path / "scaled.pdf"
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    helvetica = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    font = pdf.make_indirect(helvetica)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    content = b"BT /F1 1 Tf 11 0 0 11 72 700 Tm (Sanne Bakker belt) Tj 0 -1.4 Td (Kees de Vries) Tj ET"
    page.contents_add(pdf.make_stream(content), prepend=False)
    pdf.save(path)
    fast = ex.extract(path, engine="pdfium").pages[0]
    ref = ex.extract(path, engine="pdfplumber").pages[0]
    assert fast.text == ref.text == "Sanne Bakker belt\nKees de Vries"
    for a, b in zip(fast.chars, ref.chars, strict=True):
        assert a.text == b.text
        assert abs(a.x0 - b.x0) < 0.5 and abs(a.x1 - b.x1) < 0.5


class _FakeRaw:
    """Just enough of pypdfium2.raw for ``_page_text``: a text page holding ``codes``."""

    def __init__(self, codes, page_text):
        self.codes = codes
        self.page_text = page_text

    def FPDFText_GetText(self, handle, start, count, buf):  # noqa: N802 (pdfium's name)
        units = self.page_text.encode("utf-16-le", "surrogatepass") + b"\0\0"
        ctypes.memmove(buf, units, min(len(units), 2 * (count + 1)))
        return len(units) // 2

    def FPDFText_GetUnicode(self, handle, i):  # noqa: N802
        return self.codes[i]


@pytest.mark.parametrize(
    "codes, page_text",
    [
        ([0x53, 0x1D400, 0x61], "S\U0001d400a"),  # beyond the BMP: two UTF-16 units for one char
        ([0x53, 0x01, 0x61], "Sa"),  # a control character pdfium leaves out of the page text
        ([0x53, 0xD800, 0x61], "S\ud800a"),  # a lone surrogate
    ],
)
def test_page_text_falls_back_to_per_character_codes(codes, page_text):
    assert list(ex._page_text(_FakeRaw(codes, page_text), None, len(codes))) == [chr(c) for c in codes]


def test_page_text_uses_the_page_text_when_it_lines_up():
    fake = _FakeRaw([], "Sanne-\r\n")  # no per-character calls: codes is empty
    assert ex._page_text(fake, None, 8) == "Sanne-\r\n"


def test_image_bounds_walk_form_xobjects_like_get_objects(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    grey = ImageReader(Image.new("RGB", (4, 4), (90, 90, 90)))
    path = tmp_path / "forms.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.beginForm("logo")
    c.drawImage(grey, 10, 10, width=50, height=30)
    c.endForm()
    c.doForm("logo")  # one image inside a Form XObject ...
    c.drawImage(grey, 300, 500, width=100, height=80)  # ... and one on the page
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[0]
    expected = [obj.get_bounds() for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])]
    got = ex._image_bounds(raw, page.raw)
    page.close()
    pdf.close()
    assert len(expected) == 2
    assert got == expected
    assert ex.extract(path, engine="pdfium").pages[0].image_count == 2
