"""Verification also looks for a redacted surname and a number's digit runs in every stream and string.

The hostile PDFs keep the surname or the digits (never the whole redacted string) where
the page does not show them; the verifier must hold the document.  Kept mentions that
the document keeps readable on purpose must not.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfs
import pikepdf
import pypdfium2
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.decide import Redaction
from pipeline.extract import extract
from pipeline.fragments import digit_runs, fragment_secrets, surname_of
from pipeline.model import Box, RedactionArea, Secret
from pipeline.redact import redact_pdf
from pipeline.verify import verify_pdf

NAME = "Kees Nieuwenhuis"
PHONE = "06-12345678"


def redactions_for(path: Path, items: list[tuple[str, str]]):
    """Document, decide-style redactions of the first occurrence of each (text, entity), and their areas."""
    doc = extract(path)
    reds, areas = [], []
    for text, entity in items:
        for page in doc.pages:
            start = page.text.find(text)
            if start >= 0:
                end = start + len(text)
                reds.append(Redaction(page.index, start, end, text, "5.1.2e", entity))
                for i, b in enumerate(page.span_boxes(start, end)):
                    areas.append(RedactionArea(Box(b.page, b.x0, b.top, b.x1, b.bottom), "5.1.2e", i == 0))
                break
        else:
            raise AssertionError(text)
    return doc, reds, areas


def secrets_for(doc, reds) -> list[Secret]:
    whole = [Secret(f"S{i}", r.text) for i, r in enumerate(reds, 1)]
    return whole + fragment_secrets(doc, reds, whole)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


def pdfium_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_surname_and_digit_runs():
    assert surname_of("Kees Nieuwenhuis") == "Nieuwenhuis"
    assert surname_of("Bakker, S.") == "Bakker"
    assert surname_of("Jan de Vries") == "Vries"
    assert surname_of("Jan Bo") == ""  # too short to search on its own
    assert surname_of("Nieuwenhuis") == ""  # a single word is the whole secret already
    assert digit_runs(PHONE) == ["12345678", "0612345678"]
    assert digit_runs("070 333 44 55") == ["0703334455"]
    assert digit_runs("BSN 123456782") == ["123456782"]
    assert digit_runs("1234 AB") == []


def hidden_fragments_pdf(path: Path) -> Path:
    """The page shows name and phone (to be redacted); the font's ToUnicode map hides the parts.

    The map itself is right (codes 32-126 to the same characters); its header comment,
    which no viewer or extractor shows, names the person and the number.
    """
    pdfs.text_pdf(path, [f"Contact: {NAME}, telefoon {PHONE}."])
    cmap = (
        b"%!PS-Adobe-3.0 Resource-CMap\n%%Title: Nieuwenhuis 0612345678\n"
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <0020> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for font in pdf.pages[0].obj.Resources.Font.values():
            font.ToUnicode = pdf.make_stream(cmap)
        pdf.save(path)
    return path


def test_hidden_surname_and_digits_hold_the_document(tmp_path):
    src = hidden_fragments_pdf(tmp_path / "in.pdf")
    doc, reds, areas = redactions_for(src, [(NAME, "PERSON"), (PHONE, "PHONE_NUMBER")])
    out = tmp_path / "out.pdf"
    assert redact_pdf(src, out, areas).unsupported == []
    text = pdfium_text(out) + pdftotext(out)
    assert "Nieuwenhuis" not in text and "12345678" not in text  # the extractors see nothing
    whole_only = [s for s in secrets_for(doc, reds) if not s.kind]
    assert verify_pdf(out, whole_only).passed  # the whole strings are really gone ...
    result = verify_pdf(out, secrets_for(doc, reds))
    assert not result.passed  # ... but their parts are still in the file
    assert any("(surname)" in p for p in result.problems)
    assert any("(digits)" in p for p in result.problems)
    for p in result.problems:
        assert "nieuwenhuis" not in p.lower() and "12345678" not in p


def test_surname_kept_readable_elsewhere_is_not_a_leak(tmp_path):
    src = pdfs.text_pdf(
        tmp_path / "in.pdf",
        [f"Gesprek met {NAME} over de offerte.\nNieuwenhuis Installatietechniek B.V. levert de pompen."],
    )
    doc, reds, areas = redactions_for(src, [(NAME, "PERSON")])
    secrets = secrets_for(doc, reds)
    surname = [s for s in secrets if s.kind == "surname"]
    assert [(s.text, s.allowed) for s in surname] == [("Nieuwenhuis", 1)]
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, areas)
    assert "Nieuwenhuis Installatietechniek" in pdfium_text(out)
    result = verify_pdf(out, secrets, expected_labels=1)
    assert result.passed, result.problems


def test_numbers_in_content_and_structure_are_not_digit_runs(tmp_path):
    """Coordinates like 72.12345 and object lengths are the file's numbers, not the redacted one."""
    path = tmp_path / "in.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72.12345, 700, "Klantnummer 12345 van de aanvrager.")
    c.drawString(72, 680.12345, "Andere regel.")
    c.showPage()
    c.save()
    doc, reds, areas = redactions_for(path, [("12345", "NL_CLIENT_NUMBER")])
    out = tmp_path / "out.pdf"
    redact_pdf(path, out, areas)
    with pikepdf.open(out) as pdf:  # the output really holds the look-alike numbers
        content = (
            b"".join(s.read_bytes() for s in pdf.pages[0].obj.Contents.as_list())
            if isinstance(pdf.pages[0].obj.Contents, pikepdf.Array)
            else pdf.pages[0].obj.Contents.read_bytes()
        )
    assert b".12345" in content
    secrets = [Secret("S1", "12345", kind="digits")]
    result = verify_pdf(out, secrets, expected_labels=1)
    assert result.passed, result.problems


def test_digits_in_a_string_object_are_found(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", ["Niets bijzonders."])
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        # A string the allow-list keeps: the registry of a CID font's system info.
        pdf.pages[0].obj.Resources.Font.F1.CIDSystemInfo = pikepdf.Dictionary(
            Registry=pikepdf.String("Tel 06 12345678"), Ordering=pikepdf.String("x"), Supplement=0
        )
        pdf.save(src)
    out = tmp_path / "out.pdf"
    redact_pdf(src, out, [])
    result = verify_pdf(out, [Secret("S1-digits1", "12345678", kind="digits")])
    assert not result.passed
    assert any("(digits)" in p for p in result.problems)
