"""Extract: text with offsets that map back to glyph boxes, and clear statuses for bad input."""

import pytest
from pdfs import corrupt_pdf, empty_file, encrypted_pdf, not_a_pdf, scanned_pdf, text_pdf

from pipeline.errors import DocumentError
from pipeline.extract import ENGINES, Limits
from pipeline.extract import extract as _extract

ENGINE = "pdfium"


@pytest.fixture(params=ENGINES, autouse=True)
def engine(request):
    """Every test runs with both extraction engines: they must agree."""
    global ENGINE
    ENGINE = request.param
    return request.param


def extract(path, limits=Limits()):
    return _extract(path, limits, engine=ENGINE)


def test_text_offsets_map_to_the_glyph_boxes(tmp_path):
    doc = extract(text_pdf(tmp_path / "a.pdf", ["Van: Bakker, Sanne\nOnderwerp: overleg"]))
    page = doc.pages[0]
    assert page.text == "Van: Bakker, Sanne\nOnderwerp: overleg"
    i = page.text.index("Sanne")
    [box] = page.span_boxes(i, i + 5)
    j = page.text.index("Bakker")
    [box_b] = page.span_boxes(j, j + 6)
    assert box_b.x1 < box.x0  # Bakker is left of Sanne on the same line
    assert abs(box.top - box_b.top) < 0.5
    assert 20 < box.width < 40  # five Helvetica 11pt letters, not the whole line


def test_line_end_hyphenation_is_rejoined_and_the_hyphen_covered(tmp_path):
    doc = extract(
        text_pdf(tmp_path / "h.pdf", ["Ik sprak met Petra Jan-\nsen over de zaak.\nHet Noord-\nHolland team"])
    )
    page = doc.pages[0]
    assert "Petra Jansen over" in page.text
    assert "Noord-Holland" in page.text  # capitalised continuation: a real hyphen
    i = page.text.index("Jansen")
    chars = "".join(page.chars[c].text for c in page.span_chars(i, i + 6))
    assert chars == "Jan-sen"
    boxes = page.span_boxes(i, i + 6)
    assert len(boxes) == 2 and boxes[1].top > boxes[0].top  # one box per line


def test_double_surname_split_at_its_own_hyphen_keeps_the_hyphen(tmp_path):
    page = extract(text_pdf(tmp_path / "d.pdf", ["Mevrouw Jansen-\nde Wit belde."])).pages[0]
    assert "Jansen-de Wit belde." in page.text


def test_fake_bold_is_deduplicated(tmp_path):
    page = extract(text_pdf(tmp_path / "b.pdf", ["Sanne Bakker"], fake_bold=True)).pages[0]
    assert page.text == "Sanne Bakker"


def test_rotated_page_and_cropbox_offset_still_read_as_lines(tmp_path):
    rot = extract(text_pdf(tmp_path / "r.pdf", ["Beste Kees de Vries,\ntot morgen"], rotate=90)).pages[0]
    assert "Beste Kees de Vries," in rot.text
    crop = extract(text_pdf(tmp_path / "c.pdf", ["Beste Kees de Vries,"], cropbox=(50, 60, 500, 700))).pages[
        0
    ]
    assert crop.text == "Beste Kees de Vries,"


def test_table_cells_are_kept_apart(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "t.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 10)
    for x, cell in [(72, "Sanne Bakker"), (250, "Team Noord"), (400, "06-12345678")]:
        c.drawString(x, 700, cell)
    c.save()
    assert extract(path).pages[0].text == "Sanne Bakker\nTeam Noord\n06-12345678"


def test_scanned_page_is_flagged(tmp_path):
    doc = extract(scanned_pdf(tmp_path / "s.pdf"))
    assert doc.pages_without_text == [0]
    assert doc.pages[0].image_coverage > 0.9


@pytest.mark.parametrize(
    "builder, status, words",
    [
        (empty_file, "unreadable", "empty file"),
        (not_a_pdf, "unreadable", "not a PDF"),
        (corrupt_pdf, "unreadable", "damaged"),
        (encrypted_pdf, "encrypted", "password-protected"),
    ],
)
def test_bad_input_gets_a_status_and_a_clear_reason(tmp_path, builder, status, words):
    with pytest.raises(DocumentError) as err:
        extract(builder(tmp_path / "bad.pdf"))
    assert err.value.status == status
    assert words in str(err.value)
    assert "\n" not in str(err.value)


def test_enormous_page_is_refused(tmp_path):
    path = text_pdf(tmp_path / "big.pdf", ["x " * 400])
    with pytest.raises(DocumentError) as err:
        extract(path, Limits(max_chars_per_page=100))
    assert err.value.status == "too-large"


def test_a_stored_document_comes_back_equal(tmp_path):
    """The batch's second pass reads the first pass's extraction instead of extracting again."""
    from pipeline.model import pack_document, unpack_document

    docs = [
        extract(text_pdf(tmp_path / "r.pdf", ["Beste Kees de Vries,\ntot morgen", "Ça va, Zoë?"], rotate=90)),
        extract(text_pdf(tmp_path / "c.pdf", ["Beste Kees de Vries,"], cropbox=(50, 60, 500, 700))),
        extract(scanned_pdf(tmp_path / "s.pdf")),
    ]
    # a glyph whose text is more than one code point (a ToUnicode map to "ffi", an "é" in NFD)
    odd = extract(text_pdf(tmp_path / "o.pdf", ["officieel"]))
    p = odd.pages[0]
    p.chars[1] = p.chars[1]._replace(text="ffi")
    p.chars[2] = p.chars[2]._replace(text="e\u0301")
    docs.append(odd)
    for doc in docs:
        data = pack_document(doc)
        back = unpack_document(data)
        assert back == doc
        for pa, pb in zip(back.pages, doc.pages, strict=True):
            for a, b in zip(pa.chars, pb.chars, strict=True):
                assert type(a) is type(b) and [type(v) for v in a] == [type(v) for v in b]
            # glyphs are built when read (PackedChars): each way of reading gives the same
            n = len(pb.chars)
            assert len(pa.chars) == n
            assert [pa.chars[i] for i in range(n)] == list(pb.chars) == list(pa.chars)
            if n:
                assert pa.chars[-1] == pb.chars[-1] and pa.chars[1:4] == pb.chars[1:4]
                assert [type(v) for v in pa.chars[0]] == [type(v) for v in pb.chars[0]]
            with pytest.raises(IndexError):
                pa.chars[n]
            assert pa.chars != pb.chars[:-1] or n == 0
    with pytest.raises(ValueError):
        unpack_document(data[:-5])
    with pytest.raises(ValueError):
        unpack_document(b"not a document")


def test_text_under_a_scaled_text_matrix_keeps_its_word_gaps(tmp_path):
    """WeasyPrint writes "16 Tf" under a 0.75 matrix (px to pt): a word gap is judged against
    the 12 pt on the page.  Judged against 16, "Petra Jansen" became "PetraJansen", which no
    detector recognises: the name was released readable."""
    weasyprint = pytest.importorskip("weasyprint")
    path = tmp_path / "wp.pdf"
    html = "<p>Gesprek met Petra Jansen over de aanvraag.</p><p>Met vriendelijke groet, Petra Jansen</p>"
    weasyprint.HTML(string=f"<html lang='nl'><body>{html}</body></html>").write_pdf(path)
    text = extract(path).pages[0].text  # each engine (the module's fixture)
    assert text.count("Petra Jansen") == 2, text
