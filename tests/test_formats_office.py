"""Office input: converted with headless LibreOffice, hidden content shown and redacted, or held.

Files are built with python-docx, openpyxl and python-pptx with a different name in
each hidden place; the end-to-end test runs the real command and reads the released
PDFs with pypdfium2 and pdftotext.
"""

import csv
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from natives import add_footnotes, docx_file, pptx_file, xlsx_file

from pipeline.formats.hidden import reveal_docx, reveal_pptx, reveal_xlsx
from pipeline.formats.office import is_encrypted

needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")

# A name in every hidden place; the pipeline must redact each where it is shown.
DOCX_HIDDEN = {
    "comment": "Bel hierover met Willem de Boer.",
    "tracked_insert": "Afgestemd met Anna Smit.",
    "tracked_delete": "Eerder besproken met Bram Kok.",
    "hidden_text": "Contactpersoon Henk Pieters.",
    "white_text": "Gesproken met Lies Mol.",
    "author": "Sanne Bakker",
}
XLSX_HIDDEN = {
    "sheet": "Contactpersoon Henk Pieters",
    "row": "Behandelaar Anna Smit",
    "column": "Gesproken met Bram Kok",
    "comment": "Navragen bij Willem de Boer",
    "white": "Beoordeeld door Lies Mol",
    "author": "Sanne Bakker",
}
PPTX_HIDDEN = {
    "notes": "Vertel dat Willem de Boer akkoord is.",
    "hidden_slide": "Gesprek met Henk Pieters",
    "off_slide": "Navragen bij Anna Smit",
    "hidden_shape": "Afgestemd met Bram Kok",
    "author": "Sanne Bakker",
}
SURNAMES = ["Boer", "Smit", "Kok", "Pieters", "Mol", "Bakker"]


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("office")
    src = tmp / "in"
    src.mkdir()
    docx_file(
        src / "verslag.docx",
        "Verslag van het overleg over de pilot met Movisie.",
        DOCX_HIDDEN,
        modified=datetime(2023, 5, 1, 12, 0),
    )
    xlsx_file(src / "overzicht.xlsx", XLSX_HIDDEN)
    pptx_file(src / "presentatie.pptx", PPTX_HIDDEN)
    # OpenDocument: converted to .docx by LibreOffice first, so the same checks apply
    docx_file(
        tmp / "notitie.docx", "Notitie over de pilot met Movisie.", {"comment": "Vraag Willem de Boer."}
    )
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp / 'p').as_uri()}", "--headless", "--convert-to", "odt",
         "--outdir", str(src), str(tmp / "notitie.docx")],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    embedded = docx_file(src / "met-bijlage.docx", "Zie het ingevoegde werkblad.")
    with zipfile.ZipFile(embedded, "a") as zf:
        zf.writestr("word/embeddings/oleObject1.bin", b"embedded workbook")
    xlsx_file(src / "grafiek.xlsx", {"row": "Behandelaar Anna Smit"}, chart=True)
    (src / "beveiligd.docx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 200
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 300
    )
    out = tmp / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["Bestand"]: r for r in csv.DictReader(fh, delimiter=";")}
    return out, proc, rows


def released_text(out: Path, name: str) -> str:
    path = out / "documents" / name
    return pdf_text(path) + "\n" + pdftotext(path)


@needs_soffice
@pytest.mark.slow
def test_docx_hidden_content_is_shown_and_redacted(batch):
    out, proc, rows = batch
    assert rows["verslag.pdf"]["Status"] == "released", proc.stderr
    text = released_text(out, "verslag.pdf")
    assert "Movisie" in text
    # each hidden place's own words are visible in the released PDF; its name is not
    for words in (
        "Bel hierover met",
        "Afgestemd met",
        "Eerder besproken met",
        "Contactpersoon",
        "Gesproken met",
    ):
        assert words in text, words
    assert "Auteur" in text
    for name in SURNAMES:
        assert name not in text, name
    assert rows["verslag.pdf"]["File type"] == "docx"
    assert rows["verslag.pdf"]["Datum"] == "2023-05-01"  # the document's own date, not the conversion's


@needs_soffice
@pytest.mark.slow
def test_xlsx_hidden_sheet_rows_columns_comments_white_cells_are_shown_and_redacted(batch):
    out, proc, rows = batch
    assert rows["overzicht.pdf"]["Status"] == "released", proc.stderr
    text = released_text(out, "overzicht.pdf")
    assert "Pilot Movisie" in text
    for words in (
        "Contactpersoon",
        "Behandelaar",
        "Gesproken met",
        "Navragen bij",
        "Beoordeeld door",
        "Auteur",
    ):
        assert words in text, words
    for name in SURNAMES:
        assert name not in text, name
    assert rows["overzicht.pdf"]["File type"] == "xlsx"


@needs_soffice
@pytest.mark.slow
def test_pptx_notes_hidden_slide_off_slide_and_hidden_shape_are_shown_and_redacted(batch):
    out, proc, rows = batch
    assert rows["presentatie.pdf"]["Status"] == "released", proc.stderr
    text = released_text(out, "presentatie.pdf")
    assert "Pilot Movisie" in text
    for words in ("Vertel dat", "Gesprek met", "Navragen bij", "Afgestemd met"):
        assert words in text, words
    for name in SURNAMES:
        assert name not in text, name


@needs_soffice
@pytest.mark.slow
def test_opendocument_goes_through_the_same_checks(batch):
    out, _, rows = batch
    assert rows["notitie.pdf"]["Status"] == "released" and rows["notitie.pdf"]["File type"] == "odt"
    text = released_text(out, "notitie.pdf")
    assert "Vraag" in text and "Boer" not in text  # the comment survived the conversion, redacted


@needs_soffice
@pytest.mark.slow
def test_embedded_files_charts_with_hidden_rows_and_passwords_are_held_with_a_reason(batch):
    out, _, rows = batch
    assert rows["met-bijlage.pdf"]["Status"] == "held" and "embedded" in rows["met-bijlage.pdf"]["Reden"]
    assert rows["grafiek.pdf"]["Status"] == "held" and "charts" in rows["grafiek.pdf"]["Reden"]
    assert rows["beveiligd.pdf"]["Status"] == "encrypted"
    for name in ("met-bijlage.pdf", "grafiek.pdf", "beveiligd.pdf"):
        assert not (out / "documents" / name).exists()
    assert not [p for p in (out / "documents").rglob("*") if p.suffix in (".docx", ".xlsx", ".pptx", ".odt")]


@needs_soffice
@pytest.mark.slow
def test_audit_records_the_conversion_and_what_was_hidden(batch):
    out, _, _ = batch
    recs = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    docs = {r["output"]: r for r in recs if r.get("type") == "document"}
    assert docs["verslag.pdf"]["conversion"]["tool"] == "LibreOffice"
    hidden = " ".join(docs["verslag.pdf"]["hidden"])
    for what in ("tracked changes", "hidden text", "white text", "comments", "document properties"):
        assert what in hidden, what
    assert docs["notitie.pdf"]["conversion"]["via"] == "docx"
    assert docs["verslag.pdf"]["conversion"]["input_sha256"] != docs["verslag.pdf"]["input_sha256"]
    raw = (out / "audit.jsonl").read_text()
    assert "Pieters" not in raw and "Willem" not in raw


def test_reveal_docx_lists_every_hidden_place(tmp_path):
    path = docx_file(tmp_path / "a.docx", "Zichtbaar.", DOCX_HIDDEN)
    rev = reveal_docx(path)
    found = " ".join(rev.hidden)
    assert "2 tracked changes" in found and "1 hidden text" in found and "1 white text" in found
    appendix = {h: lines for h, lines in rev.appendix}
    assert appendix["Verwijderde tekst (bijgehouden wijzigingen)"] == ["Eerder besproken met Bram Kok."]
    assert any("Willem de Boer" in line for line in appendix["Opmerkingen"])
    assert "Auteur: Sanne Bakker" in appendix["Documenteigenschappen"]
    import docx

    again = docx.Document(str(path))  # the revealed copy: changes accepted, nothing hidden, no author
    xml = again.element.xml
    assert "w:vanish" not in xml and "<w:ins " not in xml and "Bram Kok" not in xml and "Anna Smit" in xml
    assert again.core_properties.author == ""


def test_reveal_xlsx_unhides_and_collects_comments(tmp_path):
    import openpyxl

    path = xlsx_file(tmp_path / "a.xlsx", XLSX_HIDDEN)
    rev = reveal_xlsx(path)
    assert not rev.hold
    wb = openpyxl.load_workbook(str(path))
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    assert not wb["Overzicht"].row_dimensions[3].hidden and not wb["Overzicht"].column_dimensions["D"].hidden
    assert wb["Overzicht"]["B1"].comment is None
    assert any("Willem de Boer" in line for _, lines in rev.appendix for line in lines)


def test_reveal_pptx_unhides_slides_and_collects_notes(tmp_path):
    from pptx import Presentation

    path = pptx_file(tmp_path / "a.pptx", PPTX_HIDDEN)
    rev = reveal_pptx(path)
    prs = Presentation(str(path))
    assert all(s._element.get("show") in (None, "1") for s in prs.slides)
    text = " ".join(line for _, lines in rev.appendix for line in lines)
    assert "Willem de Boer" in text and "Anna Smit" in text


def test_encrypted_office_files_are_recognised(tmp_path):
    ooxml = tmp_path / "a.docx"
    ooxml.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    odf = tmp_path / "a.odt"
    with zipfile.ZipFile(odf, "w") as zf:
        zf.writestr("META-INF/manifest.xml", "<manifest:encryption-data/>")
    plain = docx_file(tmp_path / "b.docx")
    assert is_encrypted(ooxml) and is_encrypted(odf) and not is_encrypted(plain)


def test_reveal_docx_reaches_footnotes_too(tmp_path):
    path = add_footnotes(docx_file(tmp_path / "a.docx"), "Henk Pieters", "Bram Kok")
    rev = reveal_docx(path)
    assert "1 hidden text runs (shown)" in rev.hidden and "1 tracked changes (accepted)" in rev.hidden
    assert ["Bram Kok"] in [lines for _, lines in rev.appendix]
    with zipfile.ZipFile(path) as zf:
        footnotes = zf.read("word/footnotes.xml").decode()
    assert "Henk Pieters" in footnotes and "vanish" not in footnotes and "Bram Kok" not in footnotes


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize(
    "build, target, expected",
    [
        (
            lambda p: docx_file(p / "a.docx", "Verslag pilot.", DOCX_HIDDEN),
            "doc",
            ["Bel hierover met", "Contactpersoon"],
        ),
        (
            lambda p: docx_file(p / "a.docx", "Verslag pilot.", DOCX_HIDDEN),
            "rtf",
            ["Bel hierover met", "Contactpersoon"],
        ),
        (
            lambda p: xlsx_file(p / "a.xlsx", XLSX_HIDDEN),
            "xls",
            ["Contactpersoon", "Behandelaar", "Navragen bij"],
        ),
        (lambda p: pptx_file(p / "a.pptx", PPTX_HIDDEN), "ppt", ["Vertel dat", "Gesprek met"]),
    ],
)
def test_older_formats_go_through_ooxml_and_keep_hidden_content_visible(tmp_path, build, target, expected):
    from pipeline.formats.office import convert_office

    native = build(tmp_path)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(tmp_path / "old"), str(native)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    old = tmp_path / "old" / f"a.{target}"
    pdf, hidden, conversion, _ = convert_office(old, tmp_path / "a.pdf")
    text = pdftotext(pdf)
    for words in expected:
        assert words in text, (target, words)
    assert hidden and conversion["via"] in ("docx", "xlsx", "pptx")


def test_reveal_pptx_reads_legacy_and_modern_comments(tmp_path):
    path = pptx_file(tmp_path / "a.pptx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(
            "ppt/comments/comment1.xml",
            '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
            "<p:cm><p:text>Vraag Willem de Boer</p:text></p:cm></p:cmLst>",
        )
        zf.writestr(
            "ppt/comments/modernComment_1.xml",
            '<p188:cmLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p188:cm><p188:txBody>'
            "<a:p><a:r><a:t>Bel Anna Smit</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>",
        )
    rev = reveal_pptx(path)
    appendix = dict(rev.appendix)
    assert appendix["Opmerkingen"] == ["Vraag Willem de Boer", "Bel Anna Smit"] and "2 comments" in rev.hidden
