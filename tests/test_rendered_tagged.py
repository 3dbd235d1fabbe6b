"""Issue 19: the PDFs woo-redact renders itself (here an e-mail and its .txt attachment) are tagged.

The real command runs on an .eml; the released PDFs are read with pikepdf (structure),
pdfua (PDF/UA rules, independent of the renderer), pypdfium2, pdftotext and pdffonts.
"""

import json
import shutil
import subprocess
import sys

import pikepdf
import pypdfium2 as pdfium
import pytest
from natives import docx_file, eml_message

from pipeline.accessibility import assess

SUBJECT = "Overleg met Petra Jansen over de aanvraag"
BODY = (
    "Beste collega,\n\nGisteren sprak ik Petra Jansen over de aanvraag van de gemeente.\n"
    "De planning wordt in april besproken.\n\nMet vriendelijke groet,\nAfdeling Subsidies"
)
NOTE = "Notitie: Petra Jansen belt terug over de subsidieregeling."
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")


def pdf_text(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def tree_strings(pdf: pikepdf.Pdf) -> list[str]:
    """Every string in the structure tree (/Alt, /ActualText, /T, /E, ...), walked from the root."""
    found, stack, seen = [], [pdf.Root.StructTreeRoot], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.String):
            found.append(str(node))
        elif isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.is_indirect and node.objgen in seen or node.get("/Type") == "/Page":
                continue
            seen.add(node.objgen)
            stack.extend(v for k, v in node.items() if k not in ("/P", "/Pg", "/ParentTree"))
    return found


def roles(pdf: pikepdf.Pdf) -> set[str]:
    out, stack = set(), [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            out.add(str(node.S))
            if "/K" in node:
                stack.append(node.K)
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    attachments = [("notitie.txt", NOTE.encode(), "text/plain")]
    if shutil.which("soffice"):  # its comment is rendered on a tagged appendix page
        docx = docx_file(src / "verslag.docx", "Verslag van de subsidieaanvraag.", {"comment": NOTE})
        attachments.append(("verslag.docx", docx.read_bytes(), DOCX_MIME))
        docx.unlink()
    msg = eml_message(
        SUBJECT,
        "Petra Jansen <petra.jansen@minszw.nl>",
        "Afdeling Subsidies <subsidies@minszw.nl>",
        BODY,
        message_id="<tagged-1@minszw.nl>",
        attachments=attachments,
    )
    (src / "overleg.eml").write_bytes(bytes(msg))
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "0"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    records = [json.loads(ln) for ln in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = {r["output"]: r for r in records if r.get("type") == "document"}
    return out / "documents", docs, proc


@pytest.mark.slow
@pytest.mark.parametrize("name", ["overleg.pdf", "overleg - bijlage 1 - notitie.pdf"])
def test_rendered_pdf_is_tagged_accessible_and_leaks_nothing(run, name):
    folder, docs, proc = run
    assert proc.returncode == 0, proc.stderr
    output = folder / name
    with pikepdf.open(output) as pdf:
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "nl" and pdf.Root.ViewerPreferences.DisplayDocTitle
        assert {"/Document", "/P"} <= roles(pdf)
        strings = tree_strings(pdf)
        assert not any("Jansen" in s or "Petra" in s for s in strings), strings
        assert "Jansen" not in str(pdf.docinfo.get("/Title", ""))
        assert all(
            b"Jansen" not in s.read_bytes() for s in pdf.objects if isinstance(s, pikepdf.Stream)
        )  # XMP
        # every page's marked content belongs to the tree: its parent-tree entry exists
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        assert all(int(page.obj.StructParents) in parents for page in pdf.pages)
    report = assess(output)
    assert report is not None and report["passes"] and report["errors"] == [], report
    acc = docs[name]["accessibility"]
    assert acc["input"]["passes"] and acc["output"]["passes"] and acc["worse"] == [], acc
    # the name is gone from the text, read by two extractors; the words around it are not glued
    text, poppler = (
        pdf_text(output),
        subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True).stdout,
    )
    for extracted in (text, poppler):
        assert "Jansen" not in extracted and "Petra" not in extracted
        assert "5.1.2e" in extracted
    assert "subsidieregeling" in text or "planning wordt in april besproken" in " ".join(text.split())
    # PDF/UA: every font embedded (pdffonts, Poppler)
    fonts = subprocess.run(["pdffonts", str(output)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts


@needs_soffice
@pytest.mark.slow
def test_office_appendix_pages_are_in_the_structure_tree(run):
    """The comment rendered after LibreOffice's tagged export is a /Sect of its Document, not orphaned."""
    folder, docs, proc = run
    assert proc.returncode == 0, proc.stderr
    output = folder / "overleg - bijlage 2 - verslag.pdf"
    with pikepdf.open(output) as pdf:
        assert len(pdf.pages) >= 2
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        last = parents[int(pdf.pages[-1].obj.StructParents)]
        element = next(e for e in last if isinstance(e, pikepdf.Dictionary))
        chain = []
        while element.get("/Type") != "/StructTreeRoot":
            chain.append(str(element.S))
            element = element.P
        assert "/Sect" in chain and chain[-1] == "/Document", chain
    text = pdf_text(output)
    assert "subsidieregeling" in text and "Jansen" not in text
    report = assess(output)
    assert report is not None and report["errors"] == [], report
    assert docs[output.name]["accessibility"]["worse"] == []


@pytest.mark.slow
def test_email_has_heading_and_header_table_with_row_headers(run):
    folder, _, proc = run
    assert proc.returncode == 0, proc.stderr
    with pikepdf.open(folder / "overleg.pdf") as pdf:
        assert {"/H1", "/Table", "/TH", "/TD"} <= roles(pdf)
    text = " ".join(pdf_text(folder / "overleg.pdf").split())
    for label in ("Van:", "Aan:", "Onderwerp:", "Datum:"):
        assert label in text
    assert "De planning wordt in april besproken." in text  # spaces between words are real glyphs
