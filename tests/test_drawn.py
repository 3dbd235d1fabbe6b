"""What a page draws versus what its text layer says: lying ToUnicode maps and text inside images.

The hostile PDFs are checked with an independent reader first (pypdfium2 for the text
layer, Tesseract on a rendering for what is drawn) so the test proves the case is real.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pymupdf
import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline import drawn
from pipeline.model import Secret
from pipeline.redact import redact_pdf
from pipeline.verify import FAST, verify_pdf

NAME = "Jansen"


def pdfium_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def ocr_page(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        img = pdf[0].render(scale=300 / 72).to_pil()
    finally:
        pdf.close()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    res = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "nld"], input=buf.getvalue(), capture_output=True, check=True
    )
    return res.stdout.decode()


def cmap(mapping: dict[int, int]) -> bytes:
    body = b"".join(b"<%02X> <%04X>\n" % (code, uni) for code, uni in sorted(mapping.items()))
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Lie def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"%d beginbfchar\n" % len(mapping)
        + body
        + b"endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )


def tounicode_pdf(path: Path, lie: bool) -> Path:
    """ "Contact: Jansen" drawn; the name's font says (when ``lie``) every letter is an "x"."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(72, 700, "Contact:")
    c.showPage()
    c.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        truth = {code: code for code in range(32, 127)}
        told = {code: (0x78 if chr(code).isalpha() else code) for code in range(32, 127)} if lie else truth
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
                ToUnicode=pdf.make_stream(cmap(told)),
            )
        )
        page.Resources.Font.F9 = font
        pdf.pages[0].contents_add(pdf.make_stream(b"BT /F9 14 Tf 140 700 Td (Jansen) Tj ET"))
        pdf.save(path)
    return path


def test_a_font_that_lies_about_its_glyphs_holds_the_document(tmp_path):
    src = tounicode_pdf(tmp_path / "in.pdf", lie=True)
    assert NAME not in pdfium_text(src) and "xxxxxx" in pdfium_text(src)  # the text layer hides the name
    assert NAME in ocr_page(src)  # ... which the page draws
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])  # detection never saw the name: nothing to redact
    result = verify_pdf(out, [], extractors=FAST)
    assert not result.passed
    assert any("ToUnicode" in p and p.startswith("page 1") for p in result.problems), result.problems


def test_an_honest_font_passes(tmp_path):
    src = tounicode_pdf(tmp_path / "in.pdf", lie=False)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    result = verify_pdf(out, [], extractors=FAST)
    assert result.passed, result.problems


def text_image(lines: list[str], fontsize: float = 14) -> bytes:
    """A PNG of typed text (a screenshot), 150 dpi."""
    doc = pymupdf.open()
    width = 420
    page = doc.new_page(width=width, height=30 + len(lines) * fontsize * 1.5)
    for i, line in enumerate(lines):
        page.insert_text((10, 25 + i * fontsize * 1.5), line, fontsize=fontsize)
    png = page.get_pixmap(dpi=150).tobytes("png")
    doc.close()
    return png


def image_page_pdf(path: Path, lines: list[str]) -> Path:
    png = text_image(lines)
    w, h = pymupdf.Pixmap(png).width * 72 / 150, pymupdf.Pixmap(png).height * 72 / 150
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Zie de schermafdruk van het bericht hieronder.")
    c.drawImage(ImageReader(io.BytesIO(png)), 72, 740 - h, width=w, height=h)
    c.showPage()
    c.save()
    return path


SCREENSHOT = [
    "Van: Kees Nieuwenhuis",
    "Aan: afdeling vergunningen",
    "Onderwerp: planning overleg",
    "Graag bellen over de aanvraag",
    "Met vriendelijke groet, Kees",
]


@pytest.mark.slow
def test_an_image_showing_a_redacted_name_holds_the_document(tmp_path):
    src = image_page_pdf(tmp_path / "in.pdf", SCREENSHOT)
    assert "Nieuwenhuis" not in pdfium_text(src)  # only the pixels hold the name
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    result = verify_pdf(out, [Secret("S1", "Kees Nieuwenhuis")], extractors=FAST)
    assert not result.passed
    assert any(p.startswith("page 1: an image shows redacted text (S1)") for p in result.problems)
    assert all("Nieuwenhuis" not in p for p in result.problems)
    # Without a known secret, the amount of image text alone holds it for review.
    result = verify_pdf(out, [], extractors=FAST)
    assert any("an image holds text" in p for p in result.problems), result.problems


@pytest.mark.slow
@pytest.mark.parametrize("rotate", [90, 270])
def test_image_text_is_read_on_a_turned_page(tmp_path, rotate):
    src = image_page_pdf(tmp_path / "in.pdf", SCREENSHOT)
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Rotate = rotate
        pdf.save(src)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    result = verify_pdf(out, [Secret("S1", "Kees Nieuwenhuis")], extractors=FAST)
    assert any(p.startswith("page 1: an image shows redacted text (S1)") for p in result.problems)


@pytest.mark.slow
def test_a_small_logo_with_two_words_passes_and_a_handler_can_take_an_issue(tmp_path):
    src = image_page_pdf(tmp_path / "logo.pdf", ["Gemeente Voorbeeld"])
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    assert verify_pdf(out, [], extractors=FAST).passed

    big = image_page_pdf(tmp_path / "big.pdf", SCREENSHOT)
    out2 = tmp_path / "out2.pdf"
    redact_pdf(big, out2, [])
    taken = []
    drawn.HANDLERS.append(lambda path, issue: taken.append(issue.kind) or True)
    try:
        result = verify_pdf(out2, [Secret("S1", "Kees Nieuwenhuis")], extractors=FAST)
    finally:
        drawn.HANDLERS.pop()
    assert result.passed, result.problems
    assert taken == ["image"]  # asked before reading: the handler reads the page itself


def test_without_tesseract_a_page_with_text_and_an_image_waits(tmp_path, monkeypatch):
    src = image_page_pdf(tmp_path / "in.pdf", ["Gemeente Voorbeeld"])
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    monkeypatch.setattr(drawn, "tesseract_ready", lambda: False)
    result = verify_pdf(out, [], extractors=FAST)
    assert not result.passed
    assert result.problems == ["page 1: its images were not read: install tesseract-ocr-nld"]


def type0_pdf(path: Path, lie: bool) -> Path:
    """ "Contact: Jansen" in an embedded TrueType font with two-byte codes (as word processors write);
    the name's font resource carries (when ``lie``) a ToUnicode map that says every letter is an "x"."""
    import os

    import reportlab

    from pipeline.drawn import _tounicode

    ttf = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontfile=ttf)
    page.insert_font(fontname="F1", fontfile=ttf)
    page.insert_text((72, 100), "Contact:", fontname="F0", fontsize=14)
    page.insert_text((140, 100), "Jansen", fontname="F1", fontsize=14)
    doc.save(path)
    doc.close()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        fonts = pdf.pages[0].obj.Resources.Font
        f1 = fonts.F1
        told = _tounicode(bytes(f1.ToUnicode.read_bytes()))
        if lie:
            told = {cid: ("x" if u.isalpha() else u) for cid, u in told.items()}
        body = b"".join(b"<%04X> <%04X>\n" % (cid, ord(u[0])) for cid, u in sorted(told.items()))
        cmap = (
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /Lie def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + b"%d beginbfchar\n" % len(told)
            + body
            + b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
        )
        copy = pikepdf.Dictionary({k: v for k, v in f1.items()})
        copy.ToUnicode = pdf.make_stream(cmap)
        fonts.F1 = pdf.make_indirect(copy)
        pdf.save(path)
    return path


def test_a_two_byte_font_that_lies_about_its_glyphs_holds_the_document(tmp_path):
    src = type0_pdf(tmp_path / "in.pdf", lie=True)
    assert NAME not in pdfium_text(src) and "xxxxxx" in pdfium_text(src)
    assert NAME in ocr_page(src)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    result = verify_pdf(out, [], extractors=FAST)
    assert any("ToUnicode" in p and p.startswith("page 1") for p in result.problems), result.problems

    honest = type0_pdf(tmp_path / "honest.pdf", lie=False)
    out2 = tmp_path / "out2.pdf"
    redact_pdf(honest, out2, [])
    assert "Jansen" in pdfium_text(out2)
    result = verify_pdf(out2, [], extractors=FAST)
    assert result.passed, result.problems


def test_the_ocr_module_can_take_a_font_issue_over(tmp_path, monkeypatch):
    """pipeline.ocr.handle_drawn_issue (the OCR helper's hook) is asked before a page is held."""
    import sys
    import types

    import pipeline

    src = tounicode_pdf(tmp_path / "in.pdf", lie=True)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    asked = []
    fake = types.ModuleType("pipeline.ocr")
    fake.handle_drawn_issue = lambda path, issue: asked.append(issue.kind) or issue.kind == "tounicode"
    monkeypatch.setitem(sys.modules, "pipeline.ocr", fake)
    monkeypatch.setattr(pipeline, "ocr", fake, raising=False)
    result = verify_pdf(out, [], extractors=FAST)
    assert result.passed, result.problems
    assert asked == ["tounicode"]
