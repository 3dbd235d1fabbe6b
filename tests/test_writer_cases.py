"""Hard cases the writer once held back: tiny, invisible, turned, clipped text and a value split in a cell.

Each case is a real PDF; boxes come from the pipeline's extractor (as in a run), the
output is read with pypdfium2, pdftotext and its decompressed bytes, and it must pass
verification.  The last test runs the whole command on all of them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract
from pipeline.model import RedactionArea, Secret
from pipeline.redact import redact_pdf
from pipeline.verify import verify_pdf

NAME = "Kees Nieuwenhuis"
PHONE = "06-12345678"
INTRO = "Geachte heer, hierbij ontvangt u het verslag van het overleg over de aanvraag."


def start(path: Path) -> canvas.Canvas:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(72, 770, INTRO)
    return c


def finish(c: canvas.Canvas) -> None:
    c.setFont("Helvetica", 11)
    c.drawString(72, 300, "Met vriendelijke groet")
    c.showPage()
    c.save()


def tiny(path: Path) -> Path:
    c = start(path)
    c.setFont("Helvetica", 0.1)
    c.drawString(72, 720, f"Contactpersoon: {NAME}, telefoon {PHONE}")
    finish(c)
    return path


def invisible(path: Path) -> Path:
    """Visible text with an invisible copy (render mode 3, a little larger) drawn over it, as OCR tools do."""
    c = start(path)
    c.drawString(72, 740, f"Contactpersoon: {NAME}")
    t = c.beginText(72, 738)
    t.setTextRenderMode(3)
    t.setFont("Helvetica", 13)
    t.textLine(f"Contactpersoon: {NAME}")
    c.drawText(t)
    finish(c)
    return path


def turned(path: Path, degrees: float = 30) -> Path:
    c = start(path)
    c.saveState()
    c.translate(100, 500)
    c.rotate(degrees)
    c.drawString(0, 0, f"Contactpersoon: {NAME}")
    c.restoreState()
    finish(c)
    return path


def clipped(path: Path) -> Path:
    """The name lies outside a clipping path: not painted, but in the content stream."""
    c = start(path)
    c.saveState()
    p = c.beginPath()
    p.rect(72, 735, 120, 20)
    c.clipPath(p, stroke=0, fill=0)
    c.drawString(72, 740, f"Contactpersoon: {NAME}")
    c.restoreState()
    finish(c)
    return path


def cell(path: Path) -> Path:
    """A phone number wrapped over two lines of a table cell."""
    c = start(path)
    c.rect(72, 600, 200, 60)
    c.rect(272, 600, 80, 60)
    c.drawString(76, 645, "Mobiel van de behandelaar")
    c.drawString(276, 645, "06-1234")
    c.drawString(276, 631, "5678")
    finish(c)
    return path


def both_wrap(path: Path, ruled: bool = True) -> Path:
    """A phone number wrapped in a table cell whose neighbouring cell wraps too."""
    c = start(path)
    if ruled:
        c.rect(72, 600, 200, 60)
        c.rect(272, 600, 80, 60)
        c.rect(72, 540, 280, 60)  # the next row
    c.drawString(76, 645, "Mobiel van de")
    c.drawString(76, 631, "behandelaar")
    c.drawString(276, 645, "06-1234")
    c.drawString(276, 631, "5678")
    c.drawString(76, 585, "Opmerking")
    finish(c)
    return path


def pdfium_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


def decompressed(path: Path) -> bytes:
    with pikepdf.open(path) as pdf:
        return b"\n".join(
            o.read_bytes() if isinstance(o, pikepdf.Stream) else o.unparse()
            for o in pdf.objects
            if isinstance(o, pikepdf.Object)
        )


def redact_strings(src: Path, out: Path, strings: list[str], engine: str = "pdfium") -> int:
    """Redact every occurrence of ``strings`` found in the extracted text, as a run would; the label count."""
    doc = extract(src, engine=engine)
    areas = []
    for page in doc.pages:
        for s in strings:
            pattern = re.compile(r"\s*".join(re.escape(part) for part in s.split()).replace("\\-", "\\-\\s*"))
            for m in pattern.finditer(page.text):
                boxes = page.span_boxes(m.start(), m.end())
                areas += [RedactionArea(b, "5.1.2e", i == 0) for i, b in enumerate(boxes)]
    assert areas, f"nothing of {strings} found in {doc.pages[0].text!r}"
    report = redact_pdf(src, out, areas)
    assert report.unsupported == []
    return sum(1 for a in areas if a.label)


SECRETS = [
    Secret("S1", NAME),
    Secret("S2", PHONE),
    Secret("S1-surname", "Nieuwenhuis", kind="surname"),
    Secret("S2-digits", "12345678", kind="digits"),
]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_extractor_reads_tiny_invisible_and_turned_text_as_words(tmp_path, engine):
    assert (
        f"Contactpersoon: {NAME}, telefoon {PHONE}"
        in extract(tiny(tmp_path / "t.pdf"), engine=engine).pages[0].text
    )
    layers = extract(invisible(tmp_path / "i.pdf"), engine=engine).pages[0].text
    assert layers.count(NAME) == 2  # two lines, not "KKeeeess NNiieeuu..."
    for degrees in (30, -30, 60):
        text = extract(turned(tmp_path / f"r{degrees}.pdf", degrees), engine=engine).pages[0].text
        assert f"Contactpersoon: {NAME}" in text, (degrees, text)


@pytest.mark.parametrize(
    ("builder", "strings", "kept"),
    [
        (tiny, [NAME, PHONE], "Contactpersoon:"),
        (invisible, [NAME], "Contactpersoon:"),
        (turned, [NAME], "Contactpersoon:"),
        (clipped, [NAME], "Contactpersoon:"),
        (cell, ["06-1234 5678"], "Mobiel van de behandelaar"),
        (both_wrap, ["06-1234 5678"], "behandelaar"),
    ],
)
def test_hard_case_is_removed_and_verified(tmp_path, builder, strings, kept):
    src = builder(tmp_path / "in.pdf")
    assert "Nieuwenhuis" in pdfium_text(src) or "5678" in pdfium_text(src)
    out = tmp_path / "out.pdf"
    labels = redact_strings(src, out, strings)
    text = pdfium_text(out) + "\n" + pdftotext(out)
    assert "Nieuwenhuis" not in text and "Kees" not in text
    assert "1234" not in text and "5678" not in text
    assert kept in pdfium_text(out) and INTRO in pdfium_text(out)  # neighbours stay
    data = decompressed(out).lower()
    assert b"nieuwenhuis" not in data and b"5678" not in data
    result = verify_pdf(
        out, SECRETS + [Secret("S3", "06-1234"), Secret("S4", "5678")], expected_labels=labels
    )
    assert result.passed, result.problems


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_ruled_table_row_is_read_cell_by_cell(tmp_path, engine):
    text = extract(both_wrap(tmp_path / "in.pdf"), engine=engine).pages[0].text
    assert "Mobiel van de\nbehandelaar\n06-1234\n5678\nOpmerking" in text
    # Without drawn rules a wrapped cell cannot be told from the next row: read across, as before.
    text = extract(both_wrap(tmp_path / "plain.pdf", ruled=False), engine=engine).pages[0].text
    assert "Mobiel van de\n06-1234\nbehandelaar\n5678" in text


def test_turned_text_keeps_its_neighbours_letter_for_letter(tmp_path):
    src = turned(tmp_path / "in.pdf")
    out = tmp_path / "out.pdf"
    redact_strings(src, out, [NAME])
    line = [ln for ln in pdfium_text(out).splitlines() if "Contact" in ln]
    assert line and line[0].strip() == "Contactpersoon:"


@pytest.mark.slow
def test_run_releases_every_hard_case(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for builder in (tiny, invisible, turned, clipped, cell, both_wrap):
        builder(src / f"{builder.__name__}.pdf")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    for builder in (tiny, invisible, turned, clipped, cell, both_wrap):
        pdf = out / "documents" / f"{builder.__name__}.pdf"
        text = pdfium_text(pdf) + pdftotext(pdf)
        assert "Nieuwenhuis" not in text and "5678" not in text, builder.__name__
        assert "5.1.2e" in pdfium_text(pdf)
