"""Builders for real test PDFs (reportlab, pikepdf, PyMuPDF): text, scans, broken and leaky files.

Shared by the test modules; kept small and general on purpose.  Every builder writes
``path`` and returns it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

MARGIN = 72.0
LEADING = 1.4  # line height as a multiple of the font size


def text_pdf(
    path: Path,
    pages: list[str],
    *,
    author: str | None = "Jan Ambtenaar",
    title: str | None = None,
    fontsize: float = 11,
    rotate: int = 0,
    cropbox: tuple[float, float, float, float] | None = None,
    fake_bold: bool = False,
) -> Path:
    """A text PDF: each page string drawn line by line from the top-left margin in Helvetica.

    ``cropbox`` is (x0, y0, x1, y1) in PDF user space; the text then starts at the
    cropbox's top-left margin so it stays visible.  ``fake_bold`` draws every line twice,
    0.3 pt apart, as some word processors do.
    """
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setAuthor(author or "")
    if title:
        c.setTitle(title)
    left, top = MARGIN, A4[1] - MARGIN
    if cropbox:
        left, top = cropbox[0] + MARGIN, cropbox[3] - MARGIN
    for page_text in pages:
        c.setFont("Helvetica", fontsize)
        for i, line in enumerate(page_text.split("\n")):
            y = top - fontsize - i * fontsize * LEADING
            c.drawString(left, y, line)
            if fake_bold:
                c.drawString(left + 0.3, y, line)
        c.showPage()
    c.save()
    if author is None or rotate or cropbox:
        # /Rotate and /CropBox are set afterwards: reportlab's own rotation swaps the MediaBox.
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            if author is None and "/Author" in pdf.docinfo:
                del pdf.docinfo["/Author"]
            for page in pdf.pages:
                if rotate:
                    page.obj.Rotate = rotate
                if cropbox:
                    page.obj.CropBox = pikepdf.Array(cropbox)
            pdf.save(path)
    return path


def scanned_pdf(path: Path, text: str = "Gesprek met Petra de Vries over de aanvraag") -> Path:
    """One page that is only an image of text: no text layer at all."""
    import pymupdf

    src = pymupdf.open()
    page = src.new_page(width=A4[0], height=A4[1])
    page.insert_text((MARGIN, MARGIN + 20), text, fontsize=14)
    png = page.get_pixmap(dpi=100).tobytes("png")
    src.close()
    from reportlab.lib.utils import ImageReader

    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(png)), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a user password to open."""
    path = Path(path)
    tmp = text_pdf(path.with_suffix(".plain.pdf"), ["Vertrouwelijk"])
    with pikepdf.open(tmp) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="geheim", owner="eigenaar", R=6))
    tmp.unlink()
    return path


def corrupt_pdf(path: Path) -> Path:
    """Starts like a PDF, then truncated garbage."""
    path = Path(path)
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n"
    path.write_bytes(head + bytes(range(256)))
    return path


def not_a_pdf(path: Path) -> Path:
    """A plain text file with a .pdf name."""
    path = Path(path)
    path.write_text("Dit is geen PDF maar een tekstbestand.\n", encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path = Path(path)
    path.write_bytes(b"")
    return path


def leaky_pdf(path: Path, name: str) -> Path:
    """A PDF whose visible text is harmless but which hides ``name`` in many side channels.

    Channels: Info Author and Title, XMP dc:creator, a bookmark, a comment annotation
    (contents and author), a mailto link, a form field value, an attachment, document
    JavaScript and an OpenAction script, a hidden optional-content (OFF) layer with text,
    an /ActualText span on visible text, and the page's /PieceInfo.
    """
    path = Path(path)
    body = "Notitie over de aanvraag\nDe afdeling neemt contact op.\nMet vriendelijke groet"
    text_pdf(path, [body], author=name, title=f"Notitie {name}")
    dotted = name.lower().replace(" ", ".")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = [name]
            meta["dc:title"] = f"Notitie {name}"

        with pikepdf.Outline(pdf) as outline:
            outline.root.append(pikepdf.OutlineItem(f"Gesprek met {name}", 0))

        comment = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
            Rect=pikepdf.Array([400, 700, 420, 720]),
            Contents=pikepdf.String(f"Bel {name} terug"), T=pikepdf.String(name),
        ))
        link = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([72, 600, 300, 615]), Border=pikepdf.Array([0, 0, 0]),
            A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                 URI=pikepdf.String(f"mailto:{dotted}@example.nl?subject={name}")),
        ))
        field = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
            T=pikepdf.String("contactpersoon"), V=pikepdf.String(name),
            Rect=pikepdf.Array([72, 500, 300, 520]), P=page.obj,
        ))
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([comment, link, field]))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))

        att = pikepdf.AttachedFileSpec(pdf, f"Contact: {name}\n".encode(), filename="contact.txt",
                                       description=f"Gegevens {name}")
        pdf.attachments["contact.txt"] = att

        js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String(f"app.alert('{name}');")))
        names = pdf.Root.get("/Names") or pikepdf.Dictionary()
        names.JavaScript = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("hallo"), js]))
        pdf.Root.Names = names
        pdf.Root.OpenAction = js

        ocg = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("verborgen")))
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=pikepdf.Array([ocg]),
            D=pikepdf.Dictionary(OFF=pikepdf.Array([ocg]), Order=pikepdf.Array([ocg])),
        )
        res = page.obj.Resources
        res.Properties = pikepdf.Dictionary(oc1=ocg)
        fonts = res.get("/Font") or pikepdf.Dictionary()
        fonts.FHid = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                        BaseFont=pikepdf.Name.Helvetica)
        res.Font = fonts
        hidden = (
            b"q /OC /oc1 BDC BT /FHid 12 Tf 72 400 Td (Verborgen: " + name.encode("latin-1")
            + b") Tj ET EMC Q\n"
            b"/Span << /ActualText (" + name.encode("latin-1") + b") >> BDC BT /FHid 12 Tf 72 380 Td (X) Tj "
            b"ET EMC\n"
        )
        page.contents_add(pdf.make_stream(hidden), prepend=False)
        page.obj.PieceInfo = pikepdf.Dictionary(
            Editor=pikepdf.Dictionary(Private=pikepdf.String(name),
                                      LastModified=pikepdf.String("D:20240101000000Z")))
        pdf.save(path)
    return path
