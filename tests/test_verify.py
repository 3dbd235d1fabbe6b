"""The verifier fails closed: overlay-only redactions, metadata and hidden copies are caught,
problems never repeat the secret, and a real redaction passes."""

from __future__ import annotations

import pdfplumber
import pdfs
import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from test_redact import TEXT, word_box

from pipeline.model import RedactionArea, Secret
from pipeline.redact import redact_pdf
from pipeline.verify import verify_pdf

NAME = "Jansen"
SECRETS = [Secret("S1", NAME)]


def assert_no_leak_in(result, *texts: str) -> None:
    for problem in result.problems + result.checks:
        for t in texts:
            assert t.lower() not in problem.lower()


def redacted(tmp_path, text=TEXT):
    src = pdfs.text_pdf(tmp_path / "in.pdf", text)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [RedactionArea(word_box(src, NAME), "5.1.2e")])
    return out


def test_real_redaction_passes(tmp_path):
    result = verify_pdf(redacted(tmp_path), SECRETS, expected_labels=1)
    assert result.passed, result.problems
    assert any("pypdfium2" in c for c in result.checks) and any("pdfplumber" in c for c in result.checks)


def test_overlay_only_redaction_fails(tmp_path):
    path = tmp_path / "overlay.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "De heer Jan Jansen schreef een brief.")
    c.setFillColorRGB(0, 0, 0)
    c.rect(120, 696, 45, 14, stroke=0, fill=1)  # the classic failure: a box drawn over the text
    c.showPage()
    c.save()
    with pdfplumber.open(path) as pdf:  # the name is really under the drawn box
        assert pdf.pages[0].rects
    result = verify_pdf(path, SECRETS)
    assert not result.passed
    assert any(p.startswith("S1 found 1x by pypdfium2") for p in result.problems)
    assert any(p.startswith("S1 found 1x by pdfplumber") for p in result.problems)
    assert any("raw bytes" in p and p.startswith("S1") for p in result.problems)
    assert_no_leak_in(result, NAME)


def test_author_metadata_fails(tmp_path):
    out = redacted(tmp_path)
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Author"] = "Karel Ambtenaar"
        pdf.save(out)
    result = verify_pdf(out, [*SECRETS, Secret("S2", "Karel Ambtenaar")])
    assert not result.passed
    assert any("Info" in p and "Author" in p for p in result.problems)
    assert any(p.startswith("S2") and "raw bytes" in p for p in result.problems)
    assert_no_leak_in(result, NAME, "Karel")
    # Even without a secret to look for, extra Info entries fail the file.
    assert not verify_pdf(out, []).passed


def test_leaky_input_fails_on_every_channel(tmp_path):
    src = pdfs.leaky_pdf(tmp_path / "leaky.pdf", "Piet Puk")
    result = verify_pdf(src, [Secret("S7", "Piet Puk")])
    assert not result.passed
    text = " | ".join(result.problems)
    for expected in (
        "XMP",
        "outlines",
        "form fields",
        "EmbeddedFiles",
        "JavaScript",
        "hidden optional content",
        "annotations",
        "PieceInfo",
        "ActualText",
        "Info",
    ):
        assert expected in text, expected
    assert_no_leak_in(result, "Piet", "Puk")


def test_secret_hidden_as_utf16_string_found_in_raw_bytes(tmp_path):
    out = redacted(tmp_path)
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Custom = pikepdf.String(b"\xfe\xff" + "Petra Jansen".encode("utf-16-be"))
        pdf.save(out)
    result = verify_pdf(out, SECRETS)
    assert not result.passed
    assert result.problems == ["S1 found in the raw bytes of 1 objects"] or any(
        p.startswith("S1 found in the raw bytes") for p in result.problems
    )


def test_hyphenated_name_across_lines_is_found(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", ["Het gesprek met Petra Jan-\nsen was kort."], author=None)
    result = verify_pdf(src, [Secret("S1", "Petra Jansen")])
    assert not result.passed
    assert any("pypdfium2" in p for p in result.problems)
    assert any("pdfplumber" in p for p in result.problems)


def test_name_on_rotated_page_is_found(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", ["Gesprek met Petra Jansen vandaag"], rotate=90, author=None)
    result = verify_pdf(src, [Secret("S1", "Petra Jansen")])
    assert any(p.startswith("S1 found 1x by pdfplumber") for p in result.problems)
    assert any(p.startswith("S1 found 1x by pypdfium2") for p in result.problems)


def test_allowed_occurrences_pass_but_one_more_fails(tmp_path):
    out = redacted(tmp_path, ["Stichting Jansen Zorg en de heer Jansen spraken.\nRegel twee."])
    # Only the first "Jansen" was redacted (word_box takes the first): one copy remains.
    ok = verify_pdf(out, [Secret("S1", NAME, allowed=1)])
    assert ok.passed, ok.problems
    assert any("skipped" in c for c in ok.checks)
    bad = verify_pdf(out, [Secret("S1", NAME, allowed=0)])
    assert not bad.passed


def test_missing_labels_fail(tmp_path):
    out = redacted(tmp_path)
    assert verify_pdf(out, SECRETS, expected_labels=1).passed
    result = verify_pdf(out, SECRETS, expected_labels=2)
    assert not result.passed
    assert any("ground labels" in p for p in result.problems)


@pytest.mark.parametrize("builder", [pdfs.corrupt_pdf, pdfs.not_a_pdf, pdfs.empty_file, pdfs.encrypted_pdf])
def test_unreadable_output_never_passes(tmp_path, builder):
    result = verify_pdf(builder(tmp_path / "x.pdf"), SECRETS)
    assert not result.passed
    assert result.problems


def test_raw_byte_search_is_whole_word(tmp_path):
    """A redacted short name must not fail a document because a longer word contains it."""
    from pdfs import text_pdf

    from pipeline.model import Secret
    from pipeline.verify import verify_pdf

    plain = text_pdf(tmp_path / "p.pdf", ["De stelling van Beek werd besproken."], author=None)
    import pikepdf

    with pikepdf.open(plain) as pdf:  # uncompressed content: the words are in the raw bytes
        pdf.save(tmp_path / "raw.pdf", compress_streams=False)
    ok = verify_pdf(tmp_path / "raw.pdf", [Secret("S1", "Stel")])
    assert not [p for p in ok.problems if "S1" in p], ok.problems
    leak = verify_pdf(tmp_path / "raw.pdf", [Secret("S2", "stelling")])
    assert any("S2" in p for p in leak.problems)


def test_fast_verification_keeps_two_independent_extractors(tmp_path):
    import shutil

    from pdfs import text_pdf

    from pipeline.model import Secret
    from pipeline.verify import FAST, verify_pdf

    path = text_pdf(tmp_path / "a.pdf", ["Beste Sanne Bakker,"], author=None)
    r = verify_pdf(path, [Secret("S1", "Sanne Bakker")], extractors=FAST)
    found_by = {p.split(" by ")[1].split(" ")[0] for p in r.problems if " by " in p}
    if shutil.which("pdftotext"):
        assert found_by == {"pypdfium2", "pdftotext"}
    else:  # without poppler, pdfplumber is used after all: never fewer than two extractors
        assert found_by == {"pdfplumber", "pypdfium2"}


def test_pdfplumber_route_reads_fake_bold_and_form_xobjects(tmp_path):
    """The lean pdfplumber reader still sees a name drawn twice (fake bold) and one in a form XObject."""
    from pipeline.verify import _pdfplumber_pages

    bold = pdfs.text_pdf(tmp_path / "bold.pdf", ["Beste Sanne Bakker,"], fake_bold=True, author=None)
    r = verify_pdf(bold, [Secret("S1", "Sanne Bakker")])
    assert any(p.startswith("S1 found 1x by pdfplumber") for p in r.problems), r.problems

    form = tmp_path / "form.pdf"
    c = canvas.Canvas(str(form), pagesize=A4)
    c.beginForm("letterhead")
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Behandeld door Sanne Bakker")
    c.endForm()
    c.doForm("letterhead")
    c.showPage()
    c.save()
    ((layout, in_order),) = _pdfplumber_pages(form)
    assert "Sanne Bakker" in layout and "Sanne Bakker" in in_order
    with pdfplumber.open(form) as pdf:  # the same text pdfplumber's own API gives
        assert layout == pdf.pages[0].dedupe_chars().extract_text()


def test_dedupe_keeps_distinct_glyphs():
    from pipeline.verify import dedupe_chars

    def ch(text, x, y=100.0):
        return {"text": text, "x0": x, "doctop": y, "fontname": "F", "size": 10, "upright": True}

    chars = [ch("a", 10), ch("a", 10.4), ch("a", 16), ch("b", 10.2), ch("a", 10, 115)]
    assert [(c["text"], c["x0"], c["doctop"]) for c in dedupe_chars(chars)] == [
        ("a", 10, 100.0),
        ("a", 16, 100.0),
        ("b", 10.2, 100.0),
        ("a", 10, 115),
    ]


def test_haystack_answers_exactly_like_a_substring_test():
    """The raw-bytes check's prefilter (zero-free and hex-run haystacks) never changes an answer."""
    import random

    from pipeline.verify import _encodings, _Haystack

    rng = random.Random(5)
    alphabet = [bytes([c]) for c in b"\x00abef061<> \n\xe9jn"]
    words = ["jan", "fab", "Bea", "Zoë", "ab 01", "0612", "é", "a\u0000b"]
    for _ in range(400):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        for w in rng.sample(words, 3):  # plant some forms whole, now and then
            if rng.random() < 0.5:
                form = rng.choice(_encodings(w))
                at = rng.randint(0, len(data))
                data = data[:at] + form + data[at:]
        hay = _Haystack(data)
        for w in words:
            for needle in _encodings(w) + [w.encode("latin-1", "replace"), b"\x00a", b"6a616e", b"00"]:
                assert hay(needle) == (needle in data), (needle, data)
