"""The sanitizer as an allow-list: keys nobody listed do not reach the output, the page still renders.

Hostile PDFs hide a surname and phone digits where a deny-list does not look; the output
is checked in its fully decompressed bytes (pikepdf), with pypdfium2 and pdftotext, and
rendered against the input.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pdfs
import pikepdf
import pypdfium2
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.allowlist import TABLES
from pipeline.model import Secret
from pipeline.redact import redact_pdf
from pipeline.verify import verify_pdf

SURNAME = "Nieuwenhuis"
DIGITS = "0612345678"


def decompressed(path: Path) -> bytes:
    """Every object of the file, streams decoded where pikepdf can, strings as written."""
    parts = []
    with pikepdf.open(path) as pdf:
        parts.append(pdf.trailer.unparse())
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.stream_dict.unparse())
                try:
                    parts.append(obj.read_bytes())
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes())
            elif isinstance(obj, pikepdf.Object):
                parts.append(obj.unparse())
    return b"\n".join(parts).lower()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


def pdfium_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def render(path: Path) -> bytes:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return pdf[0].render(scale=1).to_pil().convert("L").tobytes()
    finally:
        pdf.close()


def hostile_pdf(path: Path) -> Path:
    """A harmless visible page; the surname and phone digits sit in keys a renderer never reads."""
    pdfs.text_pdf(path, ["Notitie over de aanvraag\nDe afdeling neemt contact op."], author=None)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root, page = pdf.Root, pdf.pages[0].obj
        root.PageLabels = pikepdf.Dictionary(
            Nums=pikepdf.Array([0, pikepdf.Dictionary(P=pikepdf.String(f"{SURNAME}-"), S=pikepdf.Name.D)])
        )
        root.Lang = pikepdf.String(f"nl {SURNAME}")
        root.PrivateNote = pikepdf.String(DIGITS)
        pdf.trailer.Extra = pikepdf.String(SURNAME)
        # A *visible* optional-content layer whose name is the person: its content stays, its name not.
        ocg = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String(SURNAME), Intent=pikepdf.Name.View)
        )
        root.OCProperties = pikepdf.Dictionary(
            OCGs=pikepdf.Array([ocg]),
            D=pikepdf.Dictionary(ON=pikepdf.Array([ocg]), Order=pikepdf.Array([ocg])),
        )
        page.Resources.Properties = pikepdf.Dictionary(oc1=ocg)
        layer = b"/OC /oc1 BDC BT /F1 11 Tf 72 500 Td (Zichtbare laag) Tj ET EMC"
        pdf.pages[0].contents_add(pdf.make_stream(layer))
        # Unknown keys in dictionaries the page needs: page, resources, font, content stream.
        page.Owner = pikepdf.String(SURNAME)
        page.Resources.Note = pikepdf.String(DIGITS)
        for font in page.Resources.Font.values():
            font.Designer = pikepdf.String(f"{SURNAME} {DIGITS}")
        page.PieceInfo = pikepdf.Dictionary(App=pikepdf.Dictionary(Private=pikepdf.String(SURNAME)))
        page.Contents[0].Author = pikepdf.String(SURNAME)
        pdf.save(path)
    return path


def test_unknown_keys_everywhere_are_dropped_and_listed(tmp_path):
    src = hostile_pdf(tmp_path / "in.pdf")
    assert SURNAME.lower().encode() in decompressed(src)
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, [])
    assert report.unsupported == []

    data = decompressed(out)
    assert SURNAME.lower().encode() not in data
    assert DIGITS.encode() not in data and b"12345678" not in data
    text = pdfium_text(out) + pdftotext(out)
    assert "Zichtbare laag" in text and "Notitie over de aanvraag" in text  # the visible layer still shows
    assert SURNAME not in text
    for key in (
        "catalog/PageLabels",
        "catalog/Lang",
        "catalog/PrivateNote",
        "catalog/OCProperties",
        "trailer/Extra",
        "page/Owner",
        "resources/Note",
        "font/Designer",
        "property/Name",
        "property/Intent",
        "content/Author",
    ):
        assert report.dropped.get(key, 0) >= 1, key
    with pikepdf.open(out) as pdf:
        assert set(pdf.Root.keys()) <= set(TABLES["catalog"])
        assert str(pdf.Root.get("/Lang")) == "nl"  # the planted /Lang went; untagged outputs get "nl"
    assert verify_pdf(out, [Secret("S1", SURNAME), Secret("S2", DIGITS)]).passed


def test_a_plain_language_tag_is_kept(tmp_path):
    src = pdfs.text_pdf(tmp_path / "in.pdf", ["Tekst"])
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.Root.Lang = pikepdf.String("nl-NL")
        pdf.save(src)
    out = tmp_path / "out.pdf"
    report = redact_pdf(src, out, [])
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.Lang) == "nl-NL"
    assert "catalog/Lang" not in report.dropped


def test_page_with_image_transparency_and_shading_renders_the_same(tmp_path):
    """The allow-list keeps what rendering needs: same pixels before and after for an untouched page."""
    path = tmp_path / "rich.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    img = Image.new("RGB", (60, 40), (200, 30, 30))
    for x in range(60):
        img.putpixel((x, x % 40), (0, 0, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 100, 600, width=120, height=80)
    mask = Image.new("RGBA", (40, 40), (0, 128, 0, 90))
    mbuf = io.BytesIO()
    mask.save(mbuf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(mbuf.getvalue())), 300, 600, width=80, height=80, mask="auto")
    c.setFillAlpha(0.4)
    c.setFillColorRGB(0.1, 0.2, 0.9)
    c.rect(100, 400, 200, 100, fill=1, stroke=0)
    c.setFillAlpha(1)
    c.linearGradient(100, 200, 400, 300, ((1, 0, 0), (0, 0, 1)), extend=False)
    c.setFont("Times-Italic", 14)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(100, 150, "Ongewijzigde pagina")
    c.showPage()
    c.save()
    out = tmp_path / "out.pdf"
    report = redact_pdf(path, out, [])
    assert report.unsupported == []
    before, after = render(path), render(out)
    assert len(before) == len(after)
    differing = sum(1 for a, b in zip(before, after, strict=True) if abs(a - b) > 8)
    assert differing < len(before) * 0.001
    assert "Ongewijzigde pagina" in pdftotext(out)
