"""Content the sanitizer removes is counted per kind, logged (counts only) and said in the inventory."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pdfs
import pikepdf
import pytest

from pipeline.redact import redact_pdf
from pipeline.removed import loggable_dropped, toelichting

SECRET = "Piet Puk"


def test_each_kind_of_removed_content_is_counted(tmp_path):
    src = pdfs.leaky_pdf(tmp_path / "leaky.pdf", SECRET)
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:  # a second field, left empty
        empty = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("leeg")))
        pdf.Root.AcroForm.Fields.append(empty)
        pdf.save(src)
    report = redact_pdf(src, tmp_path / "out.pdf", [])
    # One filled field (the empty one is not content), one comment (the link is not), one
    # attachment, one script (the same object as name-tree entry and OpenAction), one OFF layer.
    assert report.content == {
        "form_values": 1,
        "comments": 1,
        "attachments": 1,
        "javascript": 1,
        "hidden_layers": 1,
    }
    assert toelichting(report.content) == (
        "verwijderd: 1 formulierveld, 1 opmerking, 1 bijlage, 1 script, 1 verborgen laag"
    )


def test_toelichting_plural_and_nothing():
    assert toelichting({"form_values": 2, "attachments": 1}) == "verwijderd: 2 formuliervelden, 1 bijlage"
    assert toelichting({}) == "" and toelichting(None) == ""


def test_dropped_keys_with_unknown_names_are_not_logged_by_name():
    shown = loggable_dropped({"catalog/PageLabels": 1, "font/Jansen": 2, "page/Nieuwenhuis": 1})
    assert shown == {"catalog/PageLabels": 1, "font/(other)": 2, "page/(other)": 1}


@pytest.mark.slow
def test_run_logs_and_lists_what_was_removed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    pdfs.leaky_pdf(src / "formulier.pdf", SECRET)
    with pikepdf.open(src / "formulier.pdf", allow_overwriting_input=True) as pdf:
        pdf.Root.PageLabels = pikepdf.Dictionary(
            Nums=pikepdf.Array([0, pikepdf.Dictionary(P=pikepdf.String("Puk-"))])
        )
        pdf.pages[0].obj.Resources.Font.F1.Private = pikepdf.String(SECRET)
        pdf.save(src / "formulier.pdf")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    log = (out / "audit.jsonl").read_text(encoding="utf-8")
    assert "Puk" not in log
    records = [json.loads(line) for line in log.splitlines()]
    # the attachment is a document of its own now (tests/test_pdf_attachments.py): the form's record
    sanitized = [r for r in records if r["type"] == "sanitized" and r["document"] == "formulier.pdf"]
    assert len(sanitized) == 1
    removed = sanitized[0]["removed"]
    assert removed["form_values"] == 1 and removed["attachments"] == 1 and removed["comments"] == 1
    assert sanitized[0]["dropped_keys"]["catalog/PageLabels"] == 1
    assert sanitized[0]["dropped_keys"]["font/(other)"] == 1
    doc = [r for r in records if r["type"] == "document" and r["output"] == "formulier.pdf"][-1]
    assert doc["status"] == "released" and doc["removed_content"] == removed
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        row = next(r for r in csv.DictReader(fh, delimiter=";") if r["ID"] == "formulier")
    assert "verwijderd: 1 formulierveld, 1 opmerking, 1 bijlage" in row["Toelichting"]
    assert row["Beoordeling"] == "Deels openbaar"
    released = (out / "documents" / "formulier.pdf").read_bytes()
    assert b"Puk" not in released
    with pikepdf.open(out / "documents" / "formulier.pdf") as pdf:
        assert "/PageLabels" not in pdf.Root
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert b"Puk" not in obj.read_bytes()
