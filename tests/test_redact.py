"""The writer on real PDFs: glyphs really gone, neighbours kept, labels as text, side channels stripped.

Boxes come straight from pdfplumber (not from the pipeline's extractor); the output is
read back with pypdfium2, an extractor independent of both pdfplumber and PyMuPDF.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pdfs
import pikepdf
import pymupdf
import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.errors import DocumentError
from pipeline.model import Box, RedactionArea, Secret
from pipeline.redact import redact_pdf
from pipeline.verify import verify_pdf

NAME = "Jansen"
TEXT = ["De heer Jan Jansen schreef op maandag een brief.\nTweede regel blijft staan."]


def word_box(path: Path, word: str, page: int = 0, nth: int = 0) -> Box:
    """The box of the nth occurrence of ``word`` in content order (works on rotated pages too)."""
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[page].dedupe_chars().chars
        text = "".join(c["text"] for c in chars)
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        cs = chars[start:start + len(word)]
        return Box(page, min(c["x0"] for c in cs), min(c["top"] for c in cs),
                   max(c["x1"] for c in cs), max(c["bottom"] for c in cs))


def pdfium_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def words(text: str) -> list[str]:
    return text.replace("\r", " ").split()


@pytest.mark.parametrize(
    ("rotate", "cropbox"),
    [(0, None), (90, None), (180, None), (270, None), (0, (40, 90, 520, 760)), (90, (40, 90, 520, 760)),
     (270, (40, 90, 520, 760))],
)
def test_name_removed_neighbours_kept_label_is_text(tmp_path, rotate, cropbox):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT, rotate=rotate, cropbox=cropbox)
    before = words(pdfium_text(src))
    assert NAME in before
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, [RedactionArea(word_box(src, NAME), "5.1.2e")])

    after = words(pdfium_text(out))
    assert NAME not in " ".join(after)
    # Every other word survives: the box did not eat "Jan" or "schreef".
    expected = [w for w in before if w != NAME]
    assert sorted(w for w in after if w != "5.1.2e") == sorted(expected)  # order varies with rotation
    assert after.count("5.1.2e") == 1
    assert report.areas == 1 and report.labels == 1 and report.unsupported == []
    with pikepdf.open(out) as pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) == rotate
    assert verify_pdf(out, [Secret("S1", NAME)], expected_labels=1).passed


def test_label_upright_inside_box_on_rotated_page(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT, rotate=90, cropbox=(40, 90, 520, 760))
    box = word_box(src, NAME)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [RedactionArea(box, "5.1.2e")])
    with pdfplumber.open(out) as pdf:
        label = [c for c in pdf.pages[0].chars if c["non_stroking_color"] in ((1, 1, 1), (1.0, 1.0, 1.0))]
        (black,) = pdf.pages[0].rects
    assert "".join(c["text"] for c in label) == "5.1.2e"
    assert all(c["upright"] for c in label)  # reads left to right for the reader
    # The black box covers the word, the label sits inside the black box.
    assert black["x0"] <= box.x0 and black["x1"] >= box.x1
    assert black["top"] <= box.top and black["bottom"] >= box.bottom
    for c in label:
        assert black["x0"] - 0.5 <= c["x0"] and c["x1"] <= black["x1"] + 0.5
        assert black["top"] - 0.5 <= c["top"] and c["bottom"] <= black["bottom"] + 0.5


def test_label_shrinks_in_a_narrow_box(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", ["Gesprek met Li over de aanvraag"], fontsize=9)
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, [RedactionArea(word_box(src, "Li"), "5.1.2e")])
    assert report.labels == 1
    text = pdfium_text(out)
    assert "5.1.2e" in text and " Li " not in text
    with pdfplumber.open(out) as pdf:
        sizes = {round(c["size"], 1) for c in pdf.pages[0].chars if c["text"] == "5"}
    assert sizes and max(sizes) < 9


def test_no_label_for_continuation_areas(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT)
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, [RedactionArea(word_box(src, NAME), "5.1.2e", label=False)])
    assert report.labels == 0
    assert "5.1.2e" not in pdfium_text(out) and NAME not in pdfium_text(out)


def test_flat_libreoffice_style_box_still_covers_glyphs(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT)
    b = word_box(src, NAME)
    flat = Box(0, b.x0, b.bottom - 3, b.x1, b.bottom - 2.5)  # a box on the baseline, 0.5 pt high
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [RedactionArea(flat, "5.1.2e")])
    assert NAME not in pdfium_text(out)
    assert "schreef" in pdfium_text(out)
    # The black box spans the letters' full height, not a sliver on the baseline.
    with pdfplumber.open(out) as pdf:
        rects = pdf.pages[0].rects
    assert any(r["top"] <= b.top + 1 and r["bottom"] >= b.bottom - 1 for r in rects)


def test_single_spaced_lines_and_punctuation_survive(tmp_path):
    path = tmp_path / "tight.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    lines = ["Bovenste regel Jg Jansen yq staat hier", "Contact: (Jansen), Jansen. en Jansen,daarna",
             "Onderste regel Jyg Jansen gqj staat hier"]
    for i, line in enumerate(lines):
        c.drawString(72, 700 - i * 11, line)  # leading equal to the font size
    c.showPage()
    c.save()
    out = tmp_path / "out.pdf"
    redact_pdf(path, out, [RedactionArea(word_box(path, NAME, nth=k), "5.1.2e") for k in (1, 2, 3)])
    got = [line.strip() for line in pdfium_text(out).replace("\r", "").split("\n")]
    assert got[0] == lines[0] and got[2] == lines[2]
    assert got[1].replace(" ", "") == "Contact:(),.en,daarna"
    with pdfplumber.open(out) as pdf:
        rects = pdf.pages[0].rects
    # Black boxes are the padded word boxes, not MuPDF's taller glyph boxes reaching into other lines.
    assert len(rects) == 3 and all(r["bottom"] - r["top"] < 14 for r in rects)


def test_fake_bold_both_copies_removed(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT, fake_bold=True)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [RedactionArea(word_box(src, NAME), "5.1.2e")])
    def glyphs(path):
        with pdfplumber.open(path) as pdf:
            text = "".join(c["text"] for c in pdf.pages[0].chars).replace("5.1.2e", "")
            return text.replace(" ", "")  # the spaces either side of the name sit in the padding

    before, after = glyphs(src), glyphs(out)
    # Both copies of every letter of "Jansen" are gone, nothing else.
    for letter in set(NAME):
        assert before.count(letter) - after.count(letter) == 2 * NAME.count(letter), letter
    assert len(before) - len(after) == 2 * len(NAME)
    assert "schreef" in pdfium_text(out)


def test_image_pixels_under_box_blanked(tmp_path):
    src = pdfs.scanned_pdf(tmp_path / "scan.pdf")
    box = Box(0, 68, 76, 460, 100)  # the line of text painted into the image
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [RedactionArea(box, "5.1.2e", label=False)])

    def image_region(path: Path):
        doc = pymupdf.open(path)
        xref = doc[0].get_images()[0][0]
        pix = pymupdf.Pixmap(doc, xref)
        scale = pix.width / doc[0].rect.width
        clip = [int(v * scale) for v in (box.x0 + 4, box.top + 4, box.x1 - 4, box.bottom - 4)]
        n = pix.n
        vals = [pix.samples[(y * pix.width + x) * n] for y in range(clip[1], clip[3])
                for x in range(clip[0], clip[2])]
        doc.close()
        return vals

    before, after = image_region(src), image_region(out)
    assert min(before) < 80 < max(before)  # there was dark text on a light background
    assert max(after) - min(after) < 10  # now one flat colour: the letters are gone from the image
    # Rendered, the area is dark and the rest of the page is still white.
    pix = pymupdf.open(out)[0].get_pixmap(dpi=72)
    assert pix.pixel(int((box.x0 + box.x1) / 2), int((box.top + box.bottom) / 2))[0] < 40
    assert pix.pixel(300, 600)[0] > 200


def test_table_border_touching_box_survives(tmp_path):
    path = tmp_path / "table.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(80, 700, "Contactpersoon: Jansen")
    c.line(70, 697, 400, 697)  # table border just under the text: touched by the padded box
    c.line(70, 715, 400, 715)
    c.rect(170, 701, 20, 2, stroke=0, fill=1)  # a small mark fully inside the name's box
    c.showPage()
    c.save()
    out = tmp_path / "out.pdf"
    redact_pdf(path, out, [RedactionArea(word_box(path, NAME), "5.1.2e")])
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        long_lines = [ln for ln in page.lines if ln["x1"] - ln["x0"] > 300]
        small = [r for r in page.rects if abs(r["width"] - 20) < 0.5 and abs(r["height"] - 2) < 0.5]
    assert len(long_lines) == 2
    assert small == []
    assert NAME not in pdfium_text(out) and "Contactpersoon:" in pdfium_text(out)


def test_glyph_widths_do_not_leak_through_tj_spacing(tmp_path):
    path = pdfs.text_pdf(tmp_path / "in.pdf", ["x"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        # Kerned text as word processors write it: a number between every glyph.
        pdf.pages[0].obj.Contents = pdf.make_stream(
            b"BT /F1 11 Tf 72 700 Td [(Hallo) -250 (J) 10 (a) 12 (n) 8 (s) 9 (e) 11 (n) -250 (daar)] TJ ET")
        pdf.save(path)
    box = word_box(path, NAME)
    out = tmp_path / "out.pdf"
    redact_pdf(path, out, [RedactionArea(box, "5.1.2e", label=False)])
    with pikepdf.open(out) as pdf:
        for inst in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(inst.operator) == "TJ":
                kinds = [isinstance(v, pikepdf.String) for v in inst.operands[0]]
                assert all(a or b for a, b in zip(kinds, kinds[1:], strict=False))
    text = pdfium_text(out)
    assert NAME not in text and "Hallo" in text and "daar" in text


def test_leaky_pdf_comes_out_clean(tmp_path):
    secret = "Piet Puk"
    src = pdfs.leaky_pdf(tmp_path / "leaky.pdf", secret)
    assert not verify_pdf(src, [Secret("S1", secret)]).passed
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, [], producer="woo-redact test")
    assert report.unsupported == []
    for key in ("annotations", "outlines", "form_fields", "embedded_files", "javascript",
                "hidden_layer_ops", "actual_text", "pieceinfo"):
        assert report.removed.get(key, 0) > 0, key

    text = pdfium_text(out)
    assert "Verborgen" not in text  # the hidden layer was removed, not revealed
    assert "Notitie over de aanvraag" in text
    with pikepdf.open(out) as pdf:
        assert dict(pdf.docinfo) == {"/Producer": "woo-redact test"}
        assert set(pdf.Root.keys()) <= {"/Type", "/Pages", "/Version", "/Lang", "/PageLayout", "/PageLabels"}
        assert "/Annots" not in pdf.pages[0].obj
        assert len(pdf.attachments) == 0
    data = out.read_bytes()
    assert b"Puk" not in data and b"startxref" in data and data.count(b"%%EOF") == 1
    result = verify_pdf(out, [Secret("S1", secret)])
    assert result.passed, result.problems


def test_off_layer_in_form_xobject_removed(tmp_path):
    path = pdfs.text_pdf(tmp_path / "in.pdf", ["Zichtbare tekst"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        ocg = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("x")))
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=pikepdf.Array([ocg]), D=pikepdf.Dictionary(OFF=pikepdf.Array([ocg])))
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                  BaseFont=pikepdf.Name.Helvetica)
        form = pdf.make_stream(b"BT /FH 12 Tf 72 300 Td (Geheime Vorm) Tj ET", Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=pikepdf.Array([0, 0, 595, 842]),
                               Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(FH=font)), OC=ocg)
        res = pdf.pages[0].obj.Resources
        res.XObject = pikepdf.Dictionary(Fm1=form)
        pdf.pages[0].contents_add(pdf.make_stream(b"q /Fm1 Do Q"))
        pdf.save(path)
    assert "Geheime" in pdfium_text(path)
    out = tmp_path / "out.pdf"
    report = redact_pdf(path, out, [])
    assert "Geheime" not in pdfium_text(out) and "Zichtbare" in pdfium_text(out)
    assert report.removed["hidden_layer_ops"] >= 1


@pytest.mark.parametrize(
    ("builder", "status"),
    [(pdfs.encrypted_pdf, "encrypted"), (pdfs.corrupt_pdf, "unreadable"), (pdfs.not_a_pdf, "unreadable"),
     (pdfs.empty_file, "unreadable")],
)
def test_bad_input_raises_document_error(tmp_path, builder, status):
    src = builder(tmp_path / "bad.pdf")
    with pytest.raises(DocumentError) as err:
        redact_pdf(src, tmp_path / "out.pdf", [])
    assert err.value.status == status
    assert not (tmp_path / "out.pdf").exists()


def test_area_on_missing_page_is_an_error(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT)
    with pytest.raises(ValueError):
        redact_pdf(src, tmp_path / "out.pdf", [RedactionArea(Box(3, 1, 1, 5, 5), "5.1.2e")])


def test_same_input_gives_the_same_bytes(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", TEXT + ["Mail van Jansen aan Pietersen"])
    areas = [RedactionArea(word_box(src, NAME), "5.1.2e"),
             RedactionArea(word_box(src, NAME, page=1), "5.1.2e"),
             RedactionArea(word_box(src, "Pietersen", page=1), "5.1.2e")]
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    redact_pdf(src, a, areas)
    redact_pdf(src, b, areas)
    assert a.read_bytes() == b.read_bytes()
    assert NAME not in pdfium_text(a) and "Pietersen" not in pdfium_text(a)


def test_pages_without_areas_keep_their_text(tmp_path):
    pages = ["Eerste pagina noemt Jansen niet\nmaar wel de minister.",
             "Jansen belde Pietersen.\nDaarna schreef Jansen een nota.",
             "Derde pagina: Jansen blijft hier staan."]
    src = pdfs.text_pdf(tmp_path / "in.pdf", pages)
    areas = [RedactionArea(word_box(src, w, page=1, nth=k), "5.1.2e")
             for w, k in ((NAME, 0), ("Pietersen", 0), (NAME, 1))]
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, areas)
    assert report.labels == 3 and report.unsupported == []

    def page_words(path: Path, i: int) -> list[str]:
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return words(pdf[i].get_textpage().get_text_range())
        finally:
            pdf.close()

    for i in (0, 2):  # untouched pages: same words, no label
        assert page_words(out, i) == page_words(src, i)
    got = page_words(out, 1)
    assert NAME not in got and "Pietersen." not in got and got.count("5.1.2e") == 3
    assert [w for w in got if w != "5.1.2e"] == ["belde", ".", "Daarna", "schreef", "een", "nota."]


def test_label_font_is_helvetica_when_the_page_uses_its_resource_name(tmp_path):
    path = pdfs.text_pdf(tmp_path / "in.pdf", TEXT)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        courier = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Courier))
        fonts = pdf.pages[0].obj.Resources.Font
        fonts.helv = fonts.WooLabel = courier  # PyMuPDF's default name and the writer's own label font name
        pdf.pages[0].contents_add(pdf.make_stream(
            b"BT /WooLabel 11 Tf 72 500 Td (Courierregel) Tj ET BT /helv 11 Tf 72 480 Td (Tweede) Tj ET"))
        pdf.save(path)
    out = tmp_path / "out.pdf"
    redact_pdf(path, out, [RedactionArea(word_box(path, NAME), "5.1.2e")])
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    label = [c for c in chars if c["non_stroking_color"] in ((1, 1, 1), (1.0, 1.0, 1.0))]
    assert "".join(c["text"] for c in label) == "5.1.2e"
    assert all(c["fontname"].endswith("Helvetica") for c in label)
    courier_text = "".join(c["text"] for c in chars if c["fontname"].endswith("Courier"))
    assert courier_text == "CourierregelTweede"


def test_glyph_index_finds_exactly_the_glyphs_the_plain_rule_finds():
    """The sorted index must select the same glyphs as testing every glyph (NaN coordinates included)."""
    import random

    from pipeline.redact import _GlyphIndex

    rnd = random.Random(7)
    nan = float("nan")
    glyphs = []
    for _ in range(400):
        x, y = rnd.uniform(0, 600), rnd.choice([100.0, 112.5, 125.0, rnd.uniform(0, 800)])
        cy, by = y + 4, y + 8
        if rnd.random() < 0.05:
            cy = nan
        if rnd.random() < 0.05:
            by = nan
        glyphs.append((x, y, x + 6, y + 10, x + 3, cy, x + 3, by, rnd.random() < 0.9))
    index = _GlyphIndex(glyphs)
    for _ in range(300):
        x0, y0 = rnd.uniform(-10, 600), rnd.uniform(-10, 800)
        x1, y1 = x0 + rnd.uniform(0, 200), y0 + rnd.uniform(0, 30)
        plain = [g for g in glyphs
                 if (x0 <= g[4] <= x1 and y0 <= g[5] <= y1) or (x0 <= g[6] <= x1 and y0 <= g[7] <= y1)]
        assert index.covered(x0, y0, x1, y1) == plain


@pytest.mark.parametrize("rotate", [0, 90])
def test_glyphs_near_the_boxes_plan_the_same_areas_as_all_glyphs(tmp_path, rotate):
    """The writer reads only the text lines near its boxes; the plan must not change."""
    from pipeline.redact import _glyph_boxes, _GlyphIndex, _plan_area

    lines = [f"Regel {i}: Jansen, Pietersen en De Vries schreven over zaak {i}." for i in range(30)]
    src = pdfs.text_pdf(tmp_path / "in.pdf", ["\n".join(lines)], rotate=rotate)
    doc = pymupdf.open(src)
    page = doc[0]
    words = page.get_text("words")
    on_lines = {0, 1, 14, 29}  # a few lines: the rest of the page is out of reach
    names = ("Jansen", "Vries")
    rects = [pymupdf.Rect(w[:4]) for w in words if w[4].rstrip(",.") in names and w[6] in on_lines]
    assert len(rects) == 8
    everything = _GlyphIndex(_glyph_boxes(page))
    near = _GlyphIndex(_glyph_boxes(page, rects))
    assert len(near.glyphs) < len(everything.glyphs) / 2
    for rect in rects + [pymupdf.Rect(r.x0 - 30, r.y0 - 8, r.x1 + 30, r.y1 + 8) for r in rects]:
        assert _plan_area(rect, near) == _plan_area(rect, everything)
