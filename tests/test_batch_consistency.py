"""Batch consistency: a person redacted in one document is redacted in every other one,
whatever order the documents are processed in, and without reprocessing when the
document that names them finished first."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfs import text_pdf

from pipeline.api import run

MAIL = """Van: Sanne Bakker <sanne.bakker@minszw.nl>
Aan: woo@minszw.nl
Onderwerp: Planning
Beste collega,
De planning volgt morgen.
Met vriendelijke groet,
Sanne Bakker
Senior beleidsmedewerker"""
# On its own, nothing here is recognisably a person: only the other document says who Bakker is.
NOTE = """Notitie planning
Het dossier gaat morgen naar Bakker voor een laatste controle.
Daarna volgt de beslisnota."""


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def documents(out: Path) -> list[str]:
    lines = (json.loads(x) for x in (out / "audit.jsonl").read_text().splitlines())
    return [r["document"] for r in lines if r["type"] == "document"]


def batch(tmp: Path, names: dict[str, str], workers: int) -> tuple[Path, list[str]]:
    src = tmp / "in"
    src.mkdir(parents=True)
    for name, text in names.items():
        text_pdf(src / name, [text], author=None)
    messages: list[str] = []
    run([src], tmp / "out", workers=workers, quiet=True, log=messages.append)
    return tmp / "out", messages


def test_alone_the_note_keeps_the_surname(tmp_path):
    out, _ = batch(tmp_path, {"notitie.pdf": NOTE}, workers=0)
    assert "Bakker" in pdf_text(out / "documents" / "notitie.pdf")


@pytest.mark.parametrize("workers", [0, 1])
def test_terms_of_finished_documents_reach_the_next_without_a_second_pass(tmp_path, workers):
    out, messages = batch(tmp_path, {"1-mail.pdf": MAIL, "2-notitie.pdf": NOTE}, workers)
    text = pdf_text(out / "documents" / "2-notitie.pdf")
    assert "Bakker" not in text and "5.1.2e" in text
    assert not [m for m in messages if "batch consistency" in m]
    assert sorted(documents(out)) == ["1-mail.pdf", "2-notitie.pdf"]  # each processed once


def test_the_order_documents_finish_in_does_not_change_the_result(tmp_path):
    first, _ = batch(tmp_path / "a", {"1-mail.pdf": MAIL, "2-notitie.pdf": NOTE}, workers=0)
    second, messages = batch(tmp_path / "b", {"1-notitie.pdf": NOTE, "2-mail.pdf": MAIL}, workers=0)
    # the note came first, so only the second pass can redact it
    assert [m for m in messages if "batch consistency: 1 document" in m]
    assert documents(second).count("1-notitie.pdf") == 2
    digest = [
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (first / "documents" / "2-notitie.pdf", second / "documents" / "1-notitie.pdf")
    ]
    assert digest[0] == digest[1]
