"""Text that hides a name from a detector but not from a reader (issue 14).

An emoji (pdfium gives characters above U+FFFF as two UTF-16 halves; spaCy failed on a
lone half), a zero-width space or joiner inside a name, a soft hyphen inside an e-mail
address.  Real PDFs: the emoji through a /ToUnicode map written with pikepdf, the
zero-width characters through reportlab with DejaVu Sans (which has glyphs for them).
The released output is read back with pypdfium2 and pdftotext.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from pipeline.extract import extract
from pipeline.textnorm import visible_text

REPO = Path(__file__).resolve().parents[1]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
EMOJI = "\U0001f600"

_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<20> <7D> <0020>
endbfrange
1 beginbfchar
<7E> <TILDE>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def emoji_pdf(path: Path, lines: list[str], tilde: bytes = b"D83DDE00") -> Path:
    """Helvetica text whose /ToUnicode maps "~" to U+1F600 (or ``tilde``, UTF-16BE hex)."""
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding,
        ToUnicode=pdf.make_stream(_CMAP.replace(b"TILDE", tilde)),
    )
    shows = b" ".join(b"(" + line.encode("latin-1") + b") Tj T*" for line in lines)
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(b"BT /F1 11 Tf 72 770 Td 14 TL " + shows + b" ET"),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def dejavu_pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("DejaVuSans", 11)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 20 * i, line)
    c.showPage()
    c.save()
    return path


ZW_LINES = [
    "Het verslag is gemaakt door mevrouw Sanne Nie\u200buwenhuis van de afdeling.",
    "Vragen kunt u mailen naar jan.\u00adjansen@example.nl of bellen.",
    "Met vriendelijke groet, Pie\u200cter de Jo\ufeffng",
]


def pdfium_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_an_emoji_is_one_glyph_with_a_box(tmp_path):
    doc = extract(emoji_pdf(tmp_path / "e.pdf", ["Gesprek met Petra de Vries~ over de aanvraag."]))
    page = doc.pages[0]
    assert f"Vries{EMOJI} over" in page.text
    assert not any("\ud800" <= c <= "\udfff" for c in page.text)
    (glyph,) = [c for c in page.chars if c.text == EMOJI]
    assert glyph.x1 > glyph.x0 and glyph.bottom > glyph.top


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs fonts-dejavu-core")
def test_zero_width_characters_and_soft_hyphens_are_not_in_the_detected_text(tmp_path):
    page = extract(dejavu_pdf(tmp_path / "z.pdf", ZW_LINES)).pages[0]
    assert "Sanne Nieuwenhuis van" in page.text
    assert "jan.jansen@example.nl" in page.text
    assert "Pieter de Jong" in page.text
    start = page.text.index("Nieuwenhuis")
    boxes = page.span_boxes(start, start + len("Nieuwenhuis"))
    assert len(boxes) == 1 and boxes[0].x1 - boxes[0].x0 > 50  # the whole visible word
    assert visible_text("Nie\u200buwen\u00adhuis") == "Nieuwenhuis"
    assert visible_text("Nieuwen\u00ad\nhuis") == "Nieuwen-\nhuis"  # a line-end soft hyphen: a break


@pytest.mark.slow
@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs fonts-dejavu-core")
def test_hidden_characters_do_not_hide_a_name_from_redaction(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    emoji_pdf(src / "emoji.pdf", ["Gesprek met Petra de Vries~ over de aanvraag.", "Belde~Sanne Bakker."])
    dejavu_pdf(src / "zw.pdf", ZW_LINES)
    # a hostile /ToUnicode: the drawn "~" says U+0003, a control character glued to the name
    emoji_pdf(src / "ctl.pdf", ["Gesprek met Petra de Vries~ over de aanvraag."], tilde=b"0003")
    dejavu_pdf(src / "notitie Sanne Nie\u200buwenhuis.pdf", ["Notitie van Sanne Nieuwenhuis over de pilot."])
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr

    names = ("emoji.pdf", "zw.pdf", "ctl.pdf")
    texts = [pdfium_text(out / "documents" / name) for name in names]
    if shutil.which("pdftotext"):
        for name in names:
            res = subprocess.run(["pdftotext", str(out / "documents" / name), "-"], capture_output=True)
            texts.append(res.stdout.decode("utf-8", "replace"))
    for text in texts:
        seen = visible_text(text).casefold()
        for gone in ("petra", "vries", "bakker", "nieuwenhuis", "jansen@", "pieter", "jong", "sanne"):
            assert gone not in seen, (gone, text)
    assert EMOJI in texts[0] and "over de aanvraag" in texts[0]  # the emoji itself stays
    assert "van de afdeling" in texts[1] and "5.1.2e" in texts[1]
    assert (out / "documents" / "notitie 5.1.2e.pdf").is_file()  # the name in the file name, too
    check = subprocess.run(
        [sys.executable, "-m", "pipeline", "verify", str(out)], capture_output=True, text=True, cwd=REPO
    )
    assert check.returncode == 0, check.stderr
