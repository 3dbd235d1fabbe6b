"""A PDF's embedded files become documents of their own in the PDF's family (issue 14).

The run is the real command on PDFs built with reportlab and pikepdf; the output is read
with pypdfium2, pdftotext and pikepdf, independent of the pipeline's extractor.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pdfs
import pikepdf
import pypdfium2 as pdfium
import pytest

from pipeline.formats.pdf import PdfFormat

NAME = "Petra de Vries"


def with_attachments(path: Path, tmp: Path) -> Path:
    """A harmless PDF carrying: an embedded PDF naming someone (name tree), a .txt (annotation), a .bin."""
    inner = pdfs.text_pdf(
        tmp / "inner.pdf", [f"Verslag\nVanochtend belde {NAME} over de aanvraag.\nDe afdeling reageert."]
    )
    nested = pdfs.text_pdf(tmp / "nested.pdf", [f"Bijlage bij de bijlage: {NAME} belde nogmaals."])
    with pikepdf.open(inner, allow_overwriting_input=True) as pdf:  # the inner PDF has one of its own
        pdf.attachments["nog een.pdf"] = pikepdf.AttachedFileSpec(
            pdf, nested.read_bytes(), filename="nog een.pdf"
        )
        pdf.save(inner)
    pdfs.text_pdf(path, ["Besluit op het Woo-verzoek\nZie de bijlagen."])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.attachments["verslag.pdf"] = pikepdf.AttachedFileSpec(
            pdf, inner.read_bytes(), filename="verslag.pdf"
        )
        note = pikepdf.AttachedFileSpec(pdf, f"Notitie: bel {NAME} terug.\n".encode(), filename="notitie.txt")
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pdf.make_indirect(
                        pikepdf.Dictionary(
                            Type=pikepdf.Name.Annot,
                            Subtype=pikepdf.Name.FileAttachment,
                            Rect=pikepdf.Array([400, 700, 420, 720]),
                            FS=note.obj,
                        )
                    )
                ]
            )
        )
        pdf.attachments["data.bin"] = pikepdf.AttachedFileSpec(pdf, b"\x00\x01binary", filename="data.bin")
        pdf.save(path)
    return path


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
    tmp = tmp_path_factory.mktemp("pdfatt")
    src = tmp / "in"
    src.mkdir()
    with_attachments(src / "besluit.pdf", tmp)
    pdfs.encrypted_pdf(src / "geheim.pdf")
    pdfs.corrupt_pdf(src / "kapot.pdf")
    out = tmp / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    return src, out, proc, cmd


def inventory(out: Path) -> dict[str, dict]:
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        return {r["ID"]: r for r in csv.DictReader(fh, delimiter=";")}


@pytest.mark.slow
def test_embedded_pdf_is_released_redacted_in_the_family(batch):
    _, out, proc, _ = batch
    assert proc.returncode == 1, proc.stderr  # attention: the .bin, the encrypted and the damaged PDF
    docs = out / "documents"
    for rel in ("besluit - bijlage 2 - verslag.pdf", "besluit - bijlage 2.1 - nog een.pdf"):
        released = docs / rel
        assert released.is_file(), sorted(p.name for p in docs.iterdir())
        for text in (pdf_text(released), pdftotext(released)):
            assert "aanvraag" in text or "nogmaals" in text
            assert "Petra" not in text and "Vries" not in text
    note = docs / "besluit - bijlage 3 - notitie.pdf"  # from the FileAttachment annotation
    assert note.is_file() and "Petra" not in pdftotext(note) and "Notitie" in pdftotext(note)
    rows = inventory(out)
    assert rows["besluit"]["Family ID"] == "besluit" and rows["besluit"]["Status"] == "released"
    verslag = rows["besluit - bijlage 2 - verslag"]
    assert verslag["Family ID"] == "besluit" and verslag["File type"] == "pdf"
    assert verslag["Status"] == "released" and verslag["Beoordeling"] == "Deels openbaar"
    assert rows["besluit - bijlage 2.1 - nog een"]["Family ID"] == "besluit"
    assert rows["besluit - bijlage 3 - notitie"]["File type"] == "txt"
    binary = rows["besluit - bijlage 1 - data"]  # an unknown kind: held with a reason, not dropped
    assert (
        binary["Family ID"] == "besluit"
        and binary["Status"] != "released"
        and "not supported" in binary["Reden"]
    )
    assert rows["geheim"]["Status"] == "encrypted" and rows["kapot"]["Status"] == "unreadable"
    assert rows["geheim"]["Family ID"] == "" and rows["kapot"]["Family ID"] == ""


@pytest.mark.slow
def test_parent_output_has_no_embedded_file_and_the_removal_is_still_counted(batch):
    _, out, _, _ = batch
    with pikepdf.open(out / "documents" / "besluit.pdf") as pdf:
        assert len(pdf.attachments) == 0
        for page in pdf.pages:
            assert all(a.get("/Subtype") != "/FileAttachment" for a in page.obj.get("/Annots", []))
    records = [json.loads(line) for line in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    doc = next(r for r in records if r["type"] == "document" and r["output"] == "besluit.pdf")
    assert doc["removed_content"]["attachments"] == 3
    assert "verwijderd: 3 bijlagen" in inventory(out)["besluit"]["Toelichting"]
    assert NAME not in (out / "audit.jsonl").read_text(encoding="utf-8")


@pytest.mark.slow
def test_rerun_reuses_the_extracted_attachments(batch):
    _, out, _, cmd = batch
    store = out / ".woo-redact"
    before = {p: p.stat().st_mtime_ns for p in store.rglob("pdf-*/*.pdf")}
    assert before
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 1, proc.stderr
    assert {p: p.stat().st_mtime_ns for p in store.rglob("pdf-*/*.pdf")} == before


def test_damaged_or_encrypted_pdf_does_not_break_triage(tmp_path):
    for pdf in (pdfs.encrypted_pdf(tmp_path / "geheim.pdf"), pdfs.corrupt_pdf(tmp_path / "kapot.pdf")):
        [only] = PdfFormat().prepare(pdf, pdf.name, tmp_path / "work")
        assert only.pdf == str(pdf) and not only.family


def test_prepared_attachments_name_the_family(tmp_path):
    src = with_attachments(tmp_path / "besluit.pdf", tmp_path)
    preps = PdfFormat().prepare(src, "map/besluit.pdf", tmp_path / "work")
    assert [p.rel for p in preps] == [
        "map/besluit.pdf",
        "map/besluit - bijlage 1 - data.pdf",  # the name tree is sorted by name
        "map/besluit - bijlage 2 - verslag.pdf",
        "map/besluit - bijlage 2.1 - nog een.pdf",
        "map/besluit - bijlage 3 - notitie.pdf",
    ]
    assert {p.family for p in preps} == {"map/besluit.pdf"}
    assert preps[1].problem and preps[1].problem[0] == "unreadable"
    assert all(p.key.startswith("sha:") for p in preps[1:] if not p.problem)
