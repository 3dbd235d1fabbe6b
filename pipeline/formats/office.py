"""Office files: converted to PDF with headless LibreOffice, hidden content made visible first.

.docx/.xlsx/.pptx are revealed directly (pipeline.formats.hidden); the older and
OpenDocument kinds (.doc/.xls/.ppt/.odt/.ods/.odp/.rtf) are first converted to their
OOXML counterpart by LibreOffice so the same checks apply.  What cannot be shown in the
document itself (comments, notes, deleted text, properties) is rendered on appendix
pages after it, so it is redacted like the rest.  A password-protected file is
``encrypted``; a file whose hidden content cannot be shown safely is ``held``.  Only
the PDF is kept; the native file is never copied to the output.
"""

from __future__ import annotations

import html
import shutil
import tempfile
import zipfile
from pathlib import Path

from pipeline.formats import FormatError, InputFormat, Prepared, pdf_rel
from pipeline.formats.store import prepare_cached
from pipeline.status import Status

HELD = Status.HELD  # hidden content that could not be shown: review by hand
KIND = {
    ".docx": "docx",
    ".doc": "docx",
    ".odt": "docx",
    ".rtf": "docx",
    ".xlsx": "xlsx",
    ".xls": "xlsx",
    ".ods": "xlsx",
    ".pptx": "pptx",
    ".ppt": "pptx",
    ".odp": "pptx",
}
OFFICE_SUFFIXES = tuple(KIND)
TO_OOXML = {
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "pptx": "pptx:Impress MS PowerPoint 2007 XML",
}
PDF_FILTER = {"docx": "writer_pdf_Export", "xlsx": "calc_pdf_Export", "pptx": "impress_pdf_Export"}
PDF_OPTIONS = (
    '{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"ExportNotes":{"type":"boolean","value":"false"},'
    '"ExportHiddenSlides":{"type":"boolean","value":"true"}}'
)


class OfficeFormat(InputFormat):
    name = "office"
    suffixes = OFFICE_SUFFIXES

    def prepare(self, src: Path, rel: str, work: Path) -> list[Prepared]:
        def make(folder: Path) -> list[Prepared]:
            pdf, hidden, conversion, date = convert_office(src, folder / "1.pdf")
            return [
                Prepared(
                    pdf=str(pdf),
                    rel=pdf_rel(rel),
                    file_type=src.suffix.lower()[1:],
                    date=date,  # not the converted PDF's creation date: that is today
                    hidden=hidden,
                    conversion=conversion,
                )
            ]

        return prepare_cached(src, rel, work, "office", make)


def convert_office(src: Path, dst: Path) -> tuple[Path, tuple[str, ...], dict[str, str], str]:
    """``src`` as a PDF at ``dst``, its hidden content shown.

    Returns the PDF, the hidden content found, the tool and version, and the document's
    own date (last modified, else created; ISO, "" if it has none).
    """
    from pipeline.formats import soffice
    from pipeline.formats.hidden import REVEAL

    suffix = src.suffix.lower()
    kind = KIND[suffix]
    if is_encrypted(src):
        raise FormatError(Status.ENCRYPTED, "Office file needs a password: ask for an unprotected copy")
    with tempfile.TemporaryDirectory(prefix="office-", dir=dst.parent) as tmp_name:
        tmp = Path(tmp_name)
        copy = tmp / f"document.{kind}"
        if suffix == f".{kind}":
            shutil.copyfile(src, copy)
        else:  # the older and OpenDocument kinds: to OOXML first, so the same checks apply
            native = tmp / f"native{suffix}"
            shutil.copyfile(src, native)
            made = soffice.convert(native, tmp / "ooxml", TO_OOXML[kind])
            shutil.move(made, copy)
        try:
            revealed = REVEAL[kind](copy)
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise FormatError(Status.UNREADABLE, f"damaged {suffix} file ({type(exc).__name__})") from None
        if revealed.hold:
            raise FormatError(HELD, revealed.hold)
        pdf = soffice.convert(copy, tmp / "pdf", f"pdf:{PDF_FILTER[kind]}:{PDF_OPTIONS}")
        if revealed.appendix:
            _append(pdf, revealed.appendix, tmp / "appendix.pdf")
        shutil.move(pdf, dst)
    conversion = {"tool": "LibreOffice", "version": soffice.version()}
    if suffix != f".{kind}":
        conversion["via"] = kind
    return dst, tuple(revealed.hidden), conversion, revealed.date


def _append(pdf: Path, sections: list[tuple[str, list[str]]], tmp: Path) -> None:
    """Render the hidden content on pages after the document, so it is redacted like the rest."""
    from pipeline.formats.render import paragraphs, write_pdf
    from pipeline.formats.tagmerge import append_tagged

    body = "<h1>Verborgen inhoud (zichtbaar gemaakt door woo-redact)</h1>"
    for heading, lines in sections:
        body += f"<h2>{html.escape(heading)}</h2>" + "".join(paragraphs(line) for line in lines)
    write_pdf(body, tmp, title="Verborgen inhoud")
    append_tagged(pdf, tmp)  # LibreOffice's tagged export, the appendix's structure under its Document


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_encrypted(path: Path) -> bool:
    """Password protection: OOXML in an encrypted container, ODF encryption, the legacy flags."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptedSummary".encode("utf-16-le") in data:
            return True  # OOXML with a password; PowerPoint 97-2003 with a password
        return _legacy_encrypted(path)
    if head[:2] == b"PK":
        try:
            with zipfile.ZipFile(path) as zf:
                if "META-INF/manifest.xml" in zf.namelist():
                    return b"encryption-data" in zf.read("META-INF/manifest.xml")
        except zipfile.BadZipFile:
            return False
    return False


def _legacy_encrypted(path: Path) -> bool:
    """Word 97-2003: the FIB's fEncrypted bit; Excel 97-2003: a FILEPASS record in the workbook globals."""
    try:
        import olefile
    except ImportError:  # without it LibreOffice's failure to open the file says Status.UNREADABLE
        return False
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("WordDocument"):
                fib = ole.openstream("WordDocument").read(12)
                return len(fib) >= 12 and bool(int.from_bytes(fib[10:12], "little") & 0x0100)
            for name in ("Workbook", "Book"):
                if ole.exists(name):
                    data = ole.openstream(name).read(1 << 16)
                    pos = 0
                    while pos + 4 <= len(data):
                        rtype, size = (
                            int.from_bytes(data[pos : pos + 2], "little"),
                            int.from_bytes(data[pos + 2 : pos + 4], "little"),
                        )
                        if rtype == 0x002F:
                            return True
                        if rtype == 0x000A:  # EOF of the globals
                            return False
                        pos += 4 + size
    except (OSError, ValueError):
        return False
    return False
