"""Batch consistency: a person redacted in one document is redacted in every other one,
whatever order the documents are processed in, each document redacted once (two passes:
detect everything, then redact), also across an interrupted and resumed run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfs import text_pdf

from pipeline.api import run
from pipeline.recorder import Recorder
from pipeline.twopass import TwoPasses

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
def test_a_person_named_in_one_document_is_redacted_in_every_other(tmp_path, workers):
    out, _ = batch(tmp_path, {"1-mail.pdf": MAIL, "2-notitie.pdf": NOTE}, workers)
    text = pdf_text(out / "documents" / "2-notitie.pdf")
    assert "Bakker" not in text and "5.1.2e" in text
    assert sorted(documents(out)) == ["1-mail.pdf", "2-notitie.pdf"]  # each redacted and recorded once
    assert not (out / ".woo-redact" / "work").exists()  # the first pass's findings are gone


def test_the_order_documents_finish_in_does_not_change_the_result(tmp_path):
    first, _ = batch(tmp_path / "a", {"1-mail.pdf": MAIL, "2-notitie.pdf": NOTE}, workers=0)
    second, _ = batch(tmp_path / "b", {"1-notitie.pdf": NOTE, "2-mail.pdf": MAIL}, workers=0)
    assert documents(second).count("1-notitie.pdf") == 1
    digest = [
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (first / "documents" / "2-notitie.pdf", second / "documents" / "1-notitie.pdf")
    ]
    assert digest[0] == digest[1]


def test_an_interrupted_run_resumes_with_the_terms_of_what_it_released(tmp_path, monkeypatch):
    """Ctrl-C in the second pass: the rerun neither detects again nor forgets what was released."""

    src = tmp_path / "in"
    src.mkdir()
    text_pdf(src / "1-mail.pdf", [MAIL], author=None)
    text_pdf(src / "2-notitie.pdf", [NOTE], author=None)
    out = tmp_path / "out"
    recorded = []
    real_record = Recorder.record

    def record_then_stop(self, res):
        real_record(self, res)
        recorded.append(res.job.rel)
        if res.status == "released":
            raise KeyboardInterrupt

    monkeypatch.setattr(Recorder, "record", record_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run([src], out, workers=0, quiet=True)
    assert recorded == ["1-mail.pdf"]  # the second pass goes in input order
    assert len(list((out / ".woo-redact" / "work").glob("*.json"))) == 2

    monkeypatch.setattr(Recorder, "record", real_record)
    detected = []
    real_detect = TwoPasses.detected
    monkeypatch.setattr(
        TwoPasses, "detected", lambda self, res: detected.append(res) or real_detect(self, res)
    )
    summary = run([src], out, workers=0, quiet=True)
    assert summary.skipped == 1 and summary.exit_code == 0
    assert detected == []  # the saved findings were used
    text = pdf_text(out / "documents" / "2-notitie.pdf")
    assert "Bakker" not in text and "5.1.2e" in text
    assert not (out / ".woo-redact" / "work").exists()


def test_the_second_pass_reuses_the_first_pass_extraction_with_the_same_result(tmp_path, monkeypatch):
    import pipeline.process as process

    loaded = []
    real_load = process.load_document
    monkeypatch.setattr(process, "load_document", lambda path: loaded.append(real_load(path)) or loaded[-1])
    reused, _ = batch(tmp_path / "a", {"1-mail.pdf": MAIL, "2-notitie.pdf": NOTE}, workers=0)
    assert len(loaded) == 2 and all(doc is not None for doc in loaded)

    monkeypatch.setattr(process, "store_document", lambda doc, path: None)
    loaded.clear()
    fresh, _ = batch(tmp_path / "b", {"1-mail.pdf": MAIL, "2-notitie.pdf": NOTE}, workers=0)
    assert loaded == [None, None]  # nothing stored: extracted again
    for name in ("1-mail.pdf", "2-notitie.pdf"):
        assert (reused / "documents" / name).read_bytes() == (fresh / "documents" / name).read_bytes()
        assert (reused / "text" / name.replace(".pdf", ".txt")).read_text() == (
            fresh / "text" / name.replace(".pdf", ".txt")
        ).read_text()
