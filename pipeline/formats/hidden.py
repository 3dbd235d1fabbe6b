"""Hidden content in Office files: found, made visible, and listed, before conversion.

What a reader of the original could uncover (tracked changes, comments, hidden or
white text, hidden sheets, rows and columns, cell comments, speaker notes, hidden
slides and shapes, text placed off the slide, document properties) must be redacted
like the rest, so each ``reveal_*`` edits a copy of the file so that it shows up in the
PDF (changes accepted, hidden text shown, white text black, sheets and slides shown)
and returns the rest (comments, notes, deleted text, off-slide text, properties) as
appendix sections rendered after the document.  ``hidden`` lists what was found, as
counts (no personal data), for the audit log and the inventory; ``hold`` is a reason
to hold the document instead, when the content cannot be shown safely.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WHITE = {"FFFFFF", "FFFFFFFF", "WHITE"}
CORE_FIELDS = (
    ("author", "Auteur"),
    ("last_modified_by", "Laatst gewijzigd door"),
    ("title", "Titel"),
    ("subject", "Onderwerp"),
    ("keywords", "Trefwoorden"),
    ("comments", "Opmerkingen"),
    ("category", "Categorie"),
    ("content_status", "Status"),
)


@dataclass
class Revealed:
    hidden: list[str] = field(default_factory=list)  # "2 comments", ... (counts only)
    appendix: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, lines)
    hold: str = ""
    date: str = ""  # the document's own date (last modified, else created), ISO

    def found(self, n: int, what: str) -> None:
        if n:
            self.hidden.append(f"{n} {what}")

    def section(self, heading: str, lines: list[str]) -> None:
        if lines:
            self.appendix.append((heading, lines))


def _zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


# openpyxl names the same core properties differently
XLSX_FIELDS = tuple(
    (attr, label)
    for attr, label in zip(
        (
            "creator",
            "lastModifiedBy",
            "title",
            "subject",
            "keywords",
            "description",
            "category",
            "contentStatus",
        ),
        (label for _, label in CORE_FIELDS),
        strict=True,
    )
)


def _core_properties(props, rev: Revealed, clear: bool, fields=CORE_FIELDS) -> None:
    """Document properties go to the appendix (redacted there) and are cleared in the copy."""
    when = getattr(props, "modified", None) or getattr(props, "created", None)
    rev.date = when.date().isoformat() if when is not None and hasattr(when, "date") else ""
    lines = []
    for attr, label in fields:
        value = getattr(props, attr, None) or ""
        if str(value).strip():
            lines.append(f"{label}: {value}")
            if clear:
                setattr(props, attr, "")
    rev.found(len(lines), "document properties")
    rev.section("Documenteigenschappen", lines)


def _embedded(names: list[str], folder: str, rev: Revealed) -> None:
    embedded = [n for n in names if n.startswith(folder)]
    if embedded:
        rev.found(len(embedded), "embedded files")
        rev.hold = (
            f"{len(embedded)} embedded file(s) (shown only as a picture in the PDF): "
            "save them separately and submit them as documents of their own"
        )


# ----------------------------------------------------------------------------- Word


def _reveal_word_xml(root, counts: dict[str, int], deleted: list[str]) -> None:
    """One WordprocessingML part: changes accepted (deleted text kept aside), hidden and white text shown."""
    for tag in ("del", "moveFrom"):
        for el in root.iter(f"{{{W}}}{tag}"):
            text = "".join(t.text or "" for t in el.iter(f"{{{W}}}delText", f"{{{W}}}t"))
            if text.strip():
                deleted.append(text)
        for el in list(root.iter(f"{{{W}}}{tag}")):
            counts["del"] += 1
            el.getparent().remove(el)
    for tag in ("ins", "moveTo"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            counts["ins"] += 1
            parent = el.getparent()
            if parent is None:
                continue
            if parent.tag == f"{{{W}}}rPr":  # a paragraph mark inserted: just accept
                parent.remove(el)
                continue
            idx = parent.index(el)
            for child in list(el):
                parent.insert(idx, child)
                idx += 1
            parent.remove(el)
    for tag in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            counts["fmt"] += 1
            el.getparent().remove(el)
    for tag in ("vanish", "specVanish", "webHidden"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            if el.get(f"{{{W}}}val") not in ("0", "false", "off"):
                counts["vanish"] += 1
            el.getparent().remove(el)
    for el in root.iter(f"{{{W}}}color"):
        if (el.get(f"{{{W}}}val") or "").upper() in WHITE and not _on_colour(el):
            counts["white"] += 1
            el.set(f"{{{W}}}val", "000000")
    for tag in ("sz", "szCs"):
        for el in root.iter(f"{{{W}}}{tag}"):
            if (el.get(f"{{{W}}}val") or "").isdigit() and int(el.get(f"{{{W}}}val")) < 8:  # < 4 pt
                counts["tiny"] += 1
                el.set(f"{{{W}}}val", "20")


def reveal_docx(path: Path) -> Revealed:
    """Accept tracked changes, show hidden and white text; comments, deleted text, properties: appendix."""
    import docx
    from docx.opc.part import XmlPart

    rev = Revealed()
    names = _zip_names(path)
    _embedded(names, "word/embeddings/", rev)
    document = docx.Document(str(path))
    deleted: list[str] = []
    counts = {"ins": 0, "del": 0, "fmt": 0, "vanish": 0, "white": 0, "tiny": 0}
    for part in document.part.package.iter_parts():
        if "comments" in str(part.partname):
            continue
        if isinstance(part, XmlPart):
            _reveal_word_xml(part.element, counts, deleted)
        elif "wordprocessingml" in part.content_type and part.content_type.endswith("+xml"):
            # footnotes, endnotes, glossary: parts python-docx keeps as bytes
            root = etree.fromstring(part.blob)
            _reveal_word_xml(root, counts, deleted)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rev.found(counts["ins"] + counts["del"], "tracked changes (accepted)")
    rev.found(counts["fmt"], "tracked formatting changes (accepted)")
    rev.found(counts["vanish"], "hidden text runs (shown)")
    rev.found(counts["white"], "white text runs (made black)")
    rev.found(counts["tiny"], "tiny text runs (enlarged)")
    rev.section("Verwijderde tekst (bijgehouden wijzigingen)", deleted)
    comments = []
    for c in document.comments if hasattr(document, "comments") else ():
        text = "\n".join(p.text for p in c.paragraphs)
        comments.append(f"{c.author or ''}{' (' + c.initials + ')' if c.initials else ''}: {text}")
    rev.found(len(comments), "comments")
    rev.section("Opmerkingen", comments)
    _core_properties(document.core_properties, rev, clear=True)
    document.save(str(path))
    return rev


def _on_colour(color) -> bool:
    """White text that is readable: a style's (table headers on a dark fill), or a run on a shading."""
    rpr = color.getparent()
    if rpr is None or rpr.tag != f"{{{W}}}rPr" or any(a.tag == f"{{{W}}}style" for a in rpr.iterancestors()):
        return True
    for el in rpr.iter(f"{{{W}}}shd", f"{{{W}}}highlight"):
        fill = (el.get(f"{{{W}}}fill") or el.get(f"{{{W}}}val") or "").upper()
        if fill and fill not in WHITE | {"AUTO", "NONE"}:
            return True
    return False


# ----------------------------------------------------------------------------- Excel


def reveal_xlsx(path: Path) -> Revealed:
    """Show hidden sheets, rows, columns, white and ';;;' values; cell comments, properties: appendix."""
    import openpyxl
    from openpyxl.styles import Font

    rev = Revealed()
    names = _zip_names(path)
    _embedded(names, "xl/embeddings/", rev)
    drawings = [  # the VML drawings only place cell comments, which are handled here
        n
        for n in names
        if n.startswith(("xl/drawings/", "xl/charts/", "xl/media/")) and not n.endswith(".vml")
    ]
    wb = openpyxl.load_workbook(str(path), keep_vba=False, rich_text=True)
    sheets = rows = cols = white = masked = 0
    comments: list[str] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            sheets += 1
            ws.sheet_state = "visible"
        for dim in ws.row_dimensions.values():
            if dim.hidden:
                rows += 1
                dim.hidden = False
        for dim in ws.column_dimensions.values():
            if dim.hidden:
                cols += 1
                dim.hidden = False
        ws.print_area = None  # print everything, not a chosen part
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    author = cell.comment.author or ""
                    comments.append(f"Blad {ws.title}, cel {cell.coordinate}: {author}: {cell.comment.text}")
                    cell.comment = None
                if cell.value is None:
                    continue
                color = cell.font.color.rgb if cell.font and cell.font.color is not None else None
                if isinstance(color, str) and color.upper() in WHITE:
                    white += 1
                    cell.font = Font(
                        name=cell.font.name,
                        size=cell.font.size,
                        bold=cell.font.b,
                        italic=cell.font.i,
                        color="FF000000",
                    )
                if re.fullmatch(r";;;?", (cell.number_format or "").strip()):
                    masked += 1
                    cell.number_format = "General"
    for ws in wb.chartsheets:
        if ws.sheet_state != "visible":
            sheets += 1
            ws.sheet_state = "visible"
    rev.found(sheets, "hidden sheets (shown)")
    rev.found(rows, "hidden rows (shown)")
    rev.found(cols, "hidden columns (shown)")
    rev.found(white, "white cells (made black)")
    rev.found(masked, "cells with a hiding number format (shown)")
    rev.found(len(comments), "cell comments")
    rev.section("Opmerkingen bij cellen", comments)
    _core_properties(wb.properties, rev, clear=False, fields=XLSX_FIELDS)
    if drawings and (sheets or rows or cols or white or masked or comments):
        # openpyxl would drop the charts and pictures when it saves the revealed copy
        rev.found(len(drawings), "charts or pictures")
        rev.hold = rev.hold or (
            "hidden content together with charts or pictures: unhide the sheets, rows and columns "
            "and show the comments by hand, then submit it again"
        )
        return rev
    if sheets or rows or cols or white or masked or comments:
        wb.save(str(path))
    return rev


# ----------------------------------------------------------------------------- PowerPoint


def reveal_pptx(path: Path) -> Revealed:
    """Show hidden slides and shapes; notes, off-slide text, comments and properties to the appendix."""
    from pptx import Presentation

    rev = Revealed()
    names = _zip_names(path)
    _embedded(names, "ppt/embeddings/", rev)
    prs = Presentation(str(path))
    width, height = prs.slide_width or 0, prs.slide_height or 0
    hidden_slides = hidden_shapes = 0
    notes: list[str] = []
    off: list[str] = []
    for number, slide in enumerate(prs.slides, 1):
        if slide._element.get("show") in ("0", "false"):
            hidden_slides += 1
            slide._element.set("show", "1")
        for el in slide._element.iter(f"{{{P}}}cNvPr"):
            if el.get("hidden") in ("1", "true"):
                hidden_shapes += 1
                el.set("hidden", "0")
        if slide.has_notes_slide:
            text = slide.notes_slide.notes_text_frame.text if slide.notes_slide.notes_text_frame else ""
            if text.strip():
                notes.append(f"Dia {number}: {text}")
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            left, top = shape.left or 0, shape.top or 0
            right, bottom = left + (shape.width or 0), top + (shape.height or 0)
            if left < 0 or top < 0 or right > width or bottom > height:
                off.append(f"Dia {number}: {shape.text_frame.text}")
    rev.found(hidden_slides, "hidden slides (shown)")
    rev.found(hidden_shapes, "hidden shapes (shown)")
    rev.found(len(notes), "speaker notes")
    rev.found(len(off), "text boxes (partly) off the slide")
    rev.section("Notities bij de dia's", notes)
    rev.section("Tekst (deels) buiten de dia", off)
    comments = _pptx_comments(path, names)
    rev.found(len(comments), "comments")
    rev.section("Opmerkingen", comments)
    _core_properties(prs.core_properties, rev, clear=True)
    prs.save(str(path))
    return rev


def _pptx_comments(path: Path, names: list[str]) -> list[str]:
    """Legacy (p:cm) and modern (p188:cm) comments, read from the package's XML."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in names:
            if not re.match(r"ppt/comments/.*\.xml$", name):
                continue
            root = etree.fromstring(zf.read(name))
            for cm in root.iter("{*}cm"):
                text = " ".join(t.text or "" for t in cm.iter("{*}text", f"{{{A}}}t")).strip()
                if text:
                    found.append(text)
    return found


REVEAL = {"docx": reveal_docx, "xlsx": reveal_xlsx, "pptx": reveal_pptx}
