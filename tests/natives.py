"""Builders for the e-mail and Office test inputs, with personal data in every place it can hide."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path


def docx_file(
    path: Path,
    visible: str = "Verslag van het overleg over de pilot.",
    hidden: dict | None = None,
    modified: datetime | None = None,
) -> Path:
    """A .docx; ``hidden`` keys: comment, tracked_insert, tracked_delete, hidden_text, white_text, author."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    hidden = hidden or {}
    d = docx.Document()
    para = d.add_paragraph(visible)
    if "comment" in hidden:
        d.add_comment(para.runs[0], text=hidden["comment"], author="Reviewer", initials="R")
    if "hidden_text" in hidden:
        run = d.add_paragraph("Zichtbaar deel. ").add_run(hidden["hidden_text"])
        run.font.hidden = True
    if "white_text" in hidden:
        run = d.add_paragraph("Nog een alinea. ").add_run(hidden["white_text"])
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for key, tag, text_tag in (("tracked_insert", "w:ins", "w:t"), ("tracked_delete", "w:del", "w:delText")):
        if key in hidden:
            p = d.add_paragraph("Gewijzigde alinea: ")
            change = OxmlElement(tag)
            change.set(qn("w:id"), "1" if tag == "w:ins" else "2")
            change.set(qn("w:author"), "Reviewer")
            r = OxmlElement("w:r")
            t = OxmlElement(text_tag)
            t.set(qn("xml:space"), "preserve")
            t.text = hidden[key]
            r.append(t)
            change.append(r)
            p._p.append(change)
    if "author" in hidden:
        d.core_properties.author = hidden["author"]
        d.core_properties.last_modified_by = hidden["author"]
    if modified:
        d.core_properties.modified = modified
    d.save(str(path))
    return path


def eml_message(
    subject: str,
    sender: str,
    to: str,
    body: str,
    cc: str = "",
    message_id: str = "",
    references: str = "",
    date: datetime | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    messages: list[EmailMessage] | None = None,
    html: str = "",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime(2023, 3, 14, 16, 42, tzinfo=UTC))
    if message_id:
        msg["Message-ID"] = message_id
    if references:
        msg["In-Reply-To"] = references.split()[-1]
        msg["References"] = references
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for name, data, ctype in attachments or []:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    for inner in messages or []:
        msg.add_attachment(inner)
    return msg


def xlsx_file(path: Path, hidden: dict | None = None, chart: bool = False) -> Path:
    """A .xlsx; ``hidden`` keys: sheet, row, column, comment, white, author (each a text with a name)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    hidden = hidden or {}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Overzicht"
    ws["A1"] = "Onderwerp"
    ws["B1"] = "Pilot Movisie"
    ws["A2"] = "Stand"
    ws["B2"] = "lopend"
    if "row" in hidden:
        ws["A3"] = hidden["row"]
        ws.row_dimensions[3].hidden = True
    if "column" in hidden:
        ws["D1"] = hidden["column"]
        ws.column_dimensions["D"].hidden = True
    if "comment" in hidden:
        ws["B1"].comment = Comment(hidden["comment"], "Reviewer")
    if "white" in hidden:
        ws["A5"] = hidden["white"]
        ws["A5"].font = Font(color="FFFFFFFF")
    if "sheet" in hidden:
        extra = wb.create_sheet("Achtergrond")
        extra["A1"] = hidden["sheet"]
        extra.sheet_state = "hidden"
    if "author" in hidden:
        wb.properties.creator = hidden["author"]
    if chart:
        from openpyxl.chart import BarChart, Reference

        ws["C1"], ws["C2"] = 3, 5
        bar = BarChart()
        bar.add_data(Reference(ws, min_col=3, min_row=1, max_row=2))
        ws.add_chart(bar, "F2")
    wb.save(str(path))
    return path


def pptx_file(path: Path, hidden: dict | None = None) -> Path:
    """A .pptx; ``hidden`` keys: notes, hidden_slide, off_slide, hidden_shape, author."""
    from pptx import Presentation
    from pptx.util import Inches

    hidden = hidden or {}
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Pilot Movisie: stand van zaken"
    if "notes" in hidden:
        slide.notes_slide.notes_text_frame.text = hidden["notes"]
    if "off_slide" in hidden:
        box = slide.shapes.add_textbox(prs.slide_width + Inches(1), Inches(1), Inches(3), Inches(1))
        box.text_frame.text = hidden["off_slide"]
    if "hidden_shape" in hidden:
        box = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(6), Inches(1))
        box.text_frame.text = hidden["hidden_shape"]
        box._element.nvSpPr.cNvPr.set("hidden", "1")
    if "hidden_slide" in hidden:
        second = prs.slides.add_slide(prs.slide_layouts[5])
        second.shapes.title.text = hidden["hidden_slide"]
        second._element.set("show", "0")
    if "author" in hidden:
        prs.core_properties.author = hidden["author"]
    prs.save(str(path))
    return path


FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Bron: </w:t></w:r>'
    "<w:r><w:rPr><w:vanish/></w:rPr><w:t>{hidden}</w:t></w:r>"
    '<w:del w:id="9" w:author="R"><w:r><w:delText>{deleted}</w:delText></w:r></w:del></w:p></w:footnote>'
    "</w:footnotes>"
)


def add_footnotes(path: Path, hidden: str, deleted: str) -> Path:
    """Give a .docx a footnotes part (python-docx cannot write one) with hidden and deleted text."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["word/footnotes.xml"] = FOOTNOTES.format(hidden=hidden, deleted=deleted).encode()
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path
