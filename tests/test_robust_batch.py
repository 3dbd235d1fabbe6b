"""A batch always finishes: hostile metadata, a failing output file, an unfinished run (issue 14).

Builds real PDFs, runs the real command (``python -m pipeline run``) and checks the files it
leaves: inventory (CSV and XLSX, read back with csv and openpyxl), report, manifest, and what
``python -m pipeline verify`` says about them.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from pdfs import text_pdf

from pipeline.recorder import Recorder
from pipeline.safetext import clean, for_csv, for_html, json_dumps

REPO = Path(__file__).resolve().parents[1]


def woo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=900, cwd=REPO
    )


def hostile_title_pdf(path: Path) -> Path:
    """A letter whose Info /Title (UTF-16BE) holds NUL, ETX, a lone surrogate and a formula start."""
    text_pdf(path, ["Gesprek met Petra de Vries over de aanvraag."])
    title = "Titel".encode("utf-16-be") + b"\x00\x00\x00\x03\xd8\x00" + "x".encode("utf-16-be")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Title"] = pikepdf.String(b"\xfe\xff" + title)
        pdf.docinfo["/Subject"] = pikepdf.String("=HYPERLINK(1)\x00")
        pdf.save(path)
    return path


def inventory_rows(out: Path) -> list[dict[str, str]]:
    with (out / "inventory.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_safe_strings_for_every_format():
    assert clean("a\x00b\x03c\x7f") == "a b c "
    assert clean("\ud83d\ude00 \ud800x") == "\U0001f600 \ufffdx"  # a pair joined, a lone half replaced
    assert for_csv("=1+1") == "'=1+1" and for_csv("-x") == "'-x" and for_csv("Jansen") == "Jansen"
    assert for_html("<b a='x'>\x00") == "&lt;b a=&#x27;x&#x27;&gt; "
    assert json.loads(json_dumps({"t": "a\ud800"}))["t"] == "a\ufffd"
    json_dumps({"k\udc00": ["\ud83d\ude00"]}).encode("utf-8")  # never raises


def test_an_xlsx_cell_that_looks_like_a_formula_stays_text(tmp_path):
    from pipeline.safetext import xlsx_row

    wb = openpyxl.Workbook()
    xlsx_row(wb.active, ['=HYPERLINK("http://x")', "a\x00b", 3])
    wb.save(tmp_path / "x.xlsx")
    cells = list(openpyxl.load_workbook(tmp_path / "x.xlsx").active.iter_rows(values_only=True))[0]
    assert cells == ('=HYPERLINK("http://x")', "a b", "3")
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert ws["A1"].data_type == "s"


@pytest.mark.slow
def test_control_characters_and_a_lone_surrogate_in_the_title_do_not_stop_the_batch(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    hostile_title_pdf(src / "brief.pdf")
    text_pdf(src / "notitie.pdf", ["Notitie over de pilot."])
    proc = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    for name in ("inventory.csv", "inventory.xlsx", "report.html", "manifest.json"):
        assert (out / name).is_file(), name
    assert "audit_head" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows = {r["Bestand"]: r for r in inventory_rows(out)}
    assert rows["brief.pdf"]["Status"] == "released"
    title = rows["brief.pdf"]["Document"]
    assert title.startswith("Titel") and "\x00" not in title and "\x03" not in title
    ws = openpyxl.load_workbook(out / "inventory.xlsx").active
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("Titel") for v in cells)
    # the released document's text went through detection and redaction as usual
    assert "Petra" not in (out / "text" / "brief.txt").read_text(encoding="utf-8")

    again = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    check = woo("verify", str(out))
    assert check.returncode == 0, check.stderr


@pytest.mark.slow
def test_an_output_file_that_cannot_be_written_costs_only_itself(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text_pdf(src / "notitie.pdf", ["Notitie van Sanne Bakker over de pilot."])
    (out / "inventory.xlsx").mkdir(parents=True)  # os.replace onto a folder fails
    proc = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if "could not be written" in ln]
    assert len(errors) == 1 and "inventory" in errors[0], proc.stderr
    # the other outputs are all there, the manifest anchors the log's end
    assert (out / "inventory.csv").is_file() and (out / "report.html").is_file()
    assert "audit_head" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert inventory_rows(out)[0]["Status"] == "released"


@pytest.mark.slow
def test_verify_fails_on_a_run_that_did_not_finish(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text_pdf(src / "notitie.pdf", ["Notitie van Sanne Bakker over de pilot."])
    assert woo("run", str(src), "--out", str(out), "--workers", "1").returncode == 0
    assert woo("verify", str(out)).returncode == 0

    # the run stopped before it wrote the manifest's anchor
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("audit_head")
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    proc = woo("verify", str(out))
    assert proc.returncode == 1
    assert "no audit_head" in proc.stderr

    # the run stopped between a document's received record and its final document record:
    # cut the log after "received" and anchor that shorter log, so only the missing record shows
    from pipeline.audit import line_hash

    lines = (out / "audit.jsonl").read_bytes().splitlines(keepends=True)
    n = next(i for i, raw in enumerate(lines) if json.loads(raw)["type"] == "received") + 1
    (out / "audit.jsonl").write_bytes(b"".join(lines[:n]))
    manifest["audit_head"] = {"seq": json.loads(lines[n - 1])["seq"], "sha256": line_hash(lines[n - 1])}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    proc = woo("verify", str(out), "--no-leak-check")
    assert proc.returncode == 1
    assert f"audit.jsonl line {n}: a document was received but has no final document record" in proc.stderr


def released_text(out: Path, name: str) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(out / "documents" / name))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.mark.slow
@pytest.mark.parametrize("lose_store", [False, True])
def test_a_rerun_redoes_a_failed_document_with_the_names_of_the_whole_batch(tmp_path, lose_store):
    """Run 1: the mail (who Bakker is) is released, the note's worker crashes. Run 2 redoes only
    the note: it must still know Bakker from the mail (terms store; without it, detected again)."""
    from test_batch import fault_env
    from test_batch_consistency import MAIL, NOTE

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text_pdf(src / "1-mail.pdf", [MAIL], author=None)
    text_pdf(src / "2-notitie.pdf", [NOTE], author=None)
    first = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
        env=fault_env(tmp_path / "fault", "crash:2-notitie.pdf"),
    )
    assert first.returncode == 1, first.stderr
    assert (out / "documents" / "1-mail.pdf").is_file()
    assert not (out / "documents" / "2-notitie.pdf").exists()
    store = out / ".woo-redact" / "terms"
    assert store.is_dir() and (store.stat().st_mode & 0o077) == 0  # personal data: private
    if lose_store:
        for f in store.iterdir():
            f.unlink()

    again = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert "1 unchanged from an earlier run" in again.stderr  # the mail was not redone
    text = released_text(out, "2-notitie.pdf")
    assert "Bakker" not in text and "5.1.2e" in text and "dossier" in text
    assert "Bakker" not in (out / "text" / "2-notitie.txt").read_text(encoding="utf-8")
    assert len(list(store.glob("*.json"))) == 2
    assert woo("verify", str(out)).returncode == 0


def page_tree_with_a_non_page(path: Path) -> Path:
    """Two pages, the second of which is not a page dictionary: pdfium counts it but cannot load it."""
    text_pdf(path, ["Een pagina.", "Nog een pagina."])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.Pages.Kids[1] = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Foo))
        pdf.save(path)
    return path


@pytest.mark.slow
def test_a_page_that_cannot_be_loaded_is_unreadable_not_an_internal_error(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    page_tree_with_a_non_page(src / "kapot.pdf")
    proc = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert proc.returncode == 1
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    (row,) = inventory_rows(out)
    assert row["Status"] == "unreadable"
    assert row["Reden"].startswith("page 2 is damaged") and "re-export" in row["Reden"]


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path):
    import os

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text_pdf(src / "tmp.pdf", ["Gesprek met Petra de Vries over de aanvraag."])
    os.rename(os.fsencode(src / "tmp.pdf"), os.fsencode(src) + b"/brief\xff\x01.pdf")  # Latin-1 byte, control
    text_pdf(src / "notitie.pdf", ["Notitie over de pilot."])
    proc = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    names = sorted(p.name for p in (out / "documents").iterdir())
    assert names == ["brief\ufffd .pdf", "notitie.pdf"]
    assert "Petra" not in (out / "text" / "brief\ufffd .txt").read_text(encoding="utf-8")
    assert {r["Bestand"] for r in inventory_rows(out)} == set(names)
    assert woo("verify", str(out)).returncode == 0
    again = woo("run", str(src), "--out", str(out), "--workers", "1")
    assert again.returncode == 0 and "2 unchanged" in again.stderr, again.stderr


@pytest.mark.slow
def test_verify_fails_on_an_interrupted_run_until_it_is_resumed(tmp_path, monkeypatch):
    """Ctrl-C after the first document: inventory, report and manifest are written (with the
    log's anchor), yet the run did not finish, and verify says so until the rerun completes it."""
    from pipeline.api import run

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text_pdf(src / "1-notitie.pdf", ["Notitie van Sanne Bakker over de pilot."])
    text_pdf(src / "2-brief.pdf", ["Gesprek met Petra de Vries over de aanvraag."])
    real_record = Recorder.record

    def record_then_stop(self, res):
        real_record(self, res)
        raise KeyboardInterrupt

    monkeypatch.setattr(Recorder, "record", record_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run([src], out, workers=0, quiet=True)
    assert "audit_head" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (out / "report.html").is_file() and len(inventory_rows(out)) == 1
    proc = woo("verify", str(out))
    assert proc.returncode == 1
    assert "the last run did not finish: 1 of its 2 documents have no final record" in proc.stderr

    monkeypatch.setattr(Recorder, "record", real_record)
    assert woo("run", str(src), "--out", str(out), "--workers", "1").returncode == 0
    proc = woo("verify", str(out))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_a_released_document_whose_names_cannot_be_read_again_is_a_warning(tmp_path):
    """The terms store is gone and re-reading the released mail crashes: the rerun says so."""
    from test_batch import fault_env
    from test_batch_consistency import MAIL, NOTE

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text_pdf(src / "1-mail.pdf", [MAIL], author=None)
    text_pdf(src / "2-notitie.pdf", [NOTE], author=None)
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"]
    run1 = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
        env=fault_env(tmp_path / "f1", "crash:2-notitie.pdf"),
    )
    assert run1.returncode == 1, run1.stderr
    for f in (out / ".woo-redact" / "terms").iterdir():
        f.unlink()
    run2 = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
        env=fault_env(tmp_path / "f2", "crash:1-mail.pdf"),
    )
    warnings = [ln for ln in run2.stderr.splitlines() if ln.startswith("warning: 1-mail.pdf: failed")]
    assert len(warnings) == 1 and "names were not applied" in warnings[0], run2.stderr
    assert (out / "documents" / "1-mail.pdf").is_file()  # its release stands
