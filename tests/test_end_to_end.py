"""End to end: PDFs in, verified disclosure-ready PDFs, text, inventory and audit log out.

Runs the real command (``python -m pipeline run``) on PDFs built here, then reads the
OUTPUT with pypdfium2, an extractor independent of the pipeline's own (pdfplumber).
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfs import corrupt_pdf, empty_file, encrypted_pdf, not_a_pdf, scanned_pdf, text_pdf

EMAIL_PAGE_1 = """Van: Bakker, Sanne <sanne.bakker@minszw.nl>
Verzonden: dinsdag 14 maart 2023 16:42
Aan: Kees de Vries <kees.devries@minszw.nl>
CC: woo@minszw.nl
Onderwerp: Overleg met Movisie over de pilot
Beste Kees,
Vanochtend heb ik telefonisch met Petra Jan-
sen van UWV gesproken over de cijfers.
De minister Verhoeven wil de brief voor 24 maart tekenen.
Met vriendelijke groet,
Sanne Bakker
Senior beleidsmedewerker
T 070 333 44 55
M 06-12345678"""

EMAIL_PAGE_2 = """Bijlage bij het overleg
Bakker belt Movisie morgen terug over de planning.
Vragen kunnen naar info@minszw.nl of naar 070 333 44 44."""

LETTER = """Mevrouw A.M. Kramer
Lindenlaan 27
7311 KL Apeldoorn
Geachte mevrouw Kramer,
Uw burgerservicenummer: 111222333
U heeft een Ziektewet-uitkering aangevraagd bij UWV."""

PERSONAL = [
    "Sanne",
    "Bakker",
    "sanne.bakker@minszw.nl",
    "Kees",
    "Vries",
    "kees.devries@minszw.nl",
    "Petra",
    "Jansen",
    "Jan-",
    "070 333 44 55",
    "06-12345678",
]
KEPT = [
    "Movisie",
    "UWV",
    "Verhoeven",
    "woo@minszw.nl",
    "info@minszw.nl",
    "070 333 44 44",
    "Senior beleidsmedewerker",
    "Overleg met Movisie over de pilot",
    "telefonisch",
    "cijfers",
    "minister",
]


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=900, env=env
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    (src / "mail").mkdir()
    text_pdf(
        src / "mail" / "thread.pdf", [EMAIL_PAGE_1, EMAIL_PAGE_2], author="Bakker, Sanne", title="Overleg"
    )
    text_pdf(src / "brief.pdf", [LETTER], author="Timmermans, Joyce")
    text_pdf(src / "notitie Sanne Bakker.pdf", ["Notitie van Sanne Bakker over de pilot."])
    corrupt_pdf(src / "kapot.pdf")
    encrypted_pdf(src / "beveiligd.pdf")
    empty_file(src / "leeg.pdf")
    not_a_pdf(src / "tekst.pdf")
    scanned_pdf(src / "scan.pdf")
    out = tmp_path_factory.mktemp("out")
    # without Tesseract, so that the scan stays needs-ocr (OCR itself: tests/test_ocr.py)
    no_ocr = {**os.environ, "WOO_REDACT_TESSERACT": "no-such-tesseract"}
    proc = run_cli("run", str(src), "--out", str(out), "--workers", "1", env=no_ocr)
    return src, out, proc


def test_names_contacts_and_hyphenated_name_are_gone_context_stays(batch):
    _, out, _ = batch
    text = pdf_text(out / "documents" / "mail" / "thread.pdf")
    for s in PERSONAL:
        assert s not in text, s
    for s in KEPT:
        assert s in text, s
    assert "Bakker belt" not in text  # the surname alone on the next page goes too (consistency)
    assert "belt Movisie morgen terug" in text


def test_ground_label_is_real_text_and_metadata_is_clean(batch):
    _, out, _ = batch
    path = out / "documents" / "mail" / "thread.pdf"
    assert pdf_text(path).count("5.1.2e") >= 8
    pdf = pdfium.PdfDocument(str(path))
    meta = pdf.get_metadata_dict()
    pdf.close()
    assert not meta.get("Author")
    assert not meta.get("Title") or "Bakker" not in meta["Title"]
    assert b"Bakker" not in path.read_bytes()


def test_bsn_gets_its_own_ground(batch):
    _, out, _ = batch
    text = pdf_text(out / "documents" / "brief.pdf")
    assert "111222333" not in text and "Kramer" not in text and "Lindenlaan" not in text
    assert "5.1.1e" in text
    assert "Ziektewet-uitkering" in text and "UWV" in text


def test_personal_data_in_a_file_name_is_replaced_by_its_ground(batch):
    _, out, _ = batch
    names = sorted(p.name for p in (out / "documents").iterdir() if p.is_file())
    assert not any("Sanne" in n or "Bakker" in n for n in names)
    assert any(n.startswith("notitie ") and "5.1.2e" in n for n in names), names


def test_bad_inputs_get_a_status_and_the_exit_code_is_1(batch):
    _, out, proc = batch
    assert proc.returncode == 1, proc.stderr
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["Bestand"]: r for r in csv.DictReader(fh, delimiter=";")}
    expected = {
        "kapot.pdf": "unreadable",
        "beveiligd.pdf": "encrypted",
        "leeg.pdf": "unreadable",
        "tekst.pdf": "unreadable",
        "scan.pdf": "needs-ocr",
        "brief.pdf": "released",
        "mail/thread.pdf": "released",
    }
    for name, status in expected.items():
        assert rows[name]["Status"] == status, (name, rows[name])
    for name in ["kapot.pdf", "beveiligd.pdf", "leeg.pdf", "tekst.pdf", "scan.pdf"]:
        assert not (out / "documents" / name).exists()  # never released as if clean
        assert rows[name]["Reden"]
    assert rows["mail/thread.pdf"]["Beoordeling"] == "Deels openbaar"
    assert rows["brief.pdf"]["Beoordelingsgrond"] == "5.1.1e;5.1.2e"
    assert int(rows["mail/thread.pdf"]["Lakkingen"]) >= 8
    assert rows["mail/thread.pdf"]["Pagina's"] == "2"
    problem_lines = [ln for ln in proc.stderr.splitlines() if ": " in ln and "woo-redact:" not in ln]
    assert len(problem_lines) == 5, proc.stderr  # one clear line per bad document
    assert "Traceback" not in proc.stderr


def test_audit_log_explains_every_redaction_without_personal_data(batch):
    _, out, _ = batch
    raw = (out / "audit.jsonl").read_text(encoding="utf-8")
    for s in ["Sanne", "Bakker", "Kramer", "111222333", "06-12345678"]:
        assert s not in raw
    recs = [json.loads(x) for x in raw.splitlines()]
    decisions = [r for r in recs if r["type"] == "decision" and r["accepted"]]
    findings = {(r["document"], r["finding"]): r for r in recs if r["type"] == "finding"}
    assert decisions
    for d in decisions:
        f = findings[(d["document"], d["finding"])]
        assert f["recognizer"] and f["entity"] and f["boxes"] and len(f["fingerprint"]) == 64
        assert d["ground"] in {"5.1.2e", "5.1.1e"} and d["rule"]
    docs = {r["document"]: r for r in recs if r["type"] == "document"}
    thread = docs["mail/thread.pdf"]
    assert thread["status"] == "released" and len(thread["input_sha256"]) == 64
    import hashlib

    assert (
        thread["output_sha256"]
        == hashlib.sha256((out / "documents/mail/thread.pdf").read_bytes()).hexdigest()
    )
    assert (out / ".woo-redact" / "fingerprint.key").is_file()


def test_redacted_text_and_manifest(batch):
    _, out, _ = batch
    txt = (out / "text" / "mail" / "thread.txt").read_text(encoding="utf-8")
    assert "[5.1.2e]" in txt and "Bakker" not in txt and "Movisie" in txt
    assert "[5.1.1e]" in (out / "text" / "brief.txt").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tool"] == "woo-redact" and manifest["version"]
    assert len(manifest["rules"]["sha256"]) == 64
    assert manifest["model"]["name"] and manifest["model"]["version"]
    assert "EmailRecognizer" in " ".join(manifest["recognizers"]) or manifest["recognizers"]
    assert manifest["started"] and manifest["finished"]


def test_rerun_skips_documents_that_are_already_done(batch):
    src, out, _ = batch
    before = (out / "documents" / "brief.pdf").stat().st_mtime_ns
    proc = run_cli("run", str(src), "--out", str(out), "--workers", "0")
    assert proc.returncode == 1
    assert "unchanged from an earlier run" in proc.stderr
    assert (out / "documents" / "brief.pdf").stat().st_mtime_ns == before


def test_configuration_errors_exit_2_without_traceback(tmp_path):
    pdf = text_pdf(tmp_path / "a.pdf", ["Hallo"])
    rules = tmp_path / "rules.yaml"
    root = Path(__file__).resolve().parent.parent / "rules"
    rules.write_text(
        f"grounds: {root}/grounds.yaml\nmodel: {{blank: nl}}\nentities:\n  PERSON: {{ground: 5.1.9}}\n"
    )
    for args, words in [
        (["run", str(pdf), "--out", str(tmp_path / "o"), "--rules", str(rules)], "unknown Woo ground"),
        (["run", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "o")], "input not found"),
        (["run", str(pdf)], "--out"),
    ]:
        proc = run_cli(*args)
        assert proc.returncode == 2, proc.stderr
        assert words in proc.stderr
        assert "Traceback" not in proc.stderr


def test_missing_model_stops_the_run(tmp_path):
    pdf = text_pdf(tmp_path / "a.pdf", ["Hallo"])
    root = Path(__file__).resolve().parent.parent / "rules"
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"grounds: {root}/grounds.yaml\nmodel: {{path: {tmp_path}/no-model}}\n"
        "entities:\n  PERSON: {ground: 5.1.2e}\n"
    )
    proc = run_cli("run", str(pdf), "--out", str(tmp_path / "o"), "--rules", str(rules))
    assert proc.returncode == 2
    assert "NLP model not found" in proc.stderr
    assert not (tmp_path / "o").exists()  # stopped before anything was created


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("woo-redact")
    assert exe, "pip install -e . installs the woo-redact command"
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "woo-redact" in proc.stdout


def test_reference_extractor_gives_the_same_release(tmp_path):
    """The pdfplumber path (the reference) redacts the same document just as completely."""
    from pipeline import api

    src = text_pdf(tmp_path / "thread.pdf", [EMAIL_PAGE_1, EMAIL_PAGE_2], author="Bakker, Sanne")
    outs = {}
    for engine in ("pdfplumber", "pdfium"):
        out = tmp_path / engine
        summary = api.run([src], out, workers=0, quiet=True, extractor=engine)
        assert summary.exit_code == 0
        outs[engine] = (out / "text" / "thread.txt").read_text(encoding="utf-8")
        text = pdf_text(out / "documents" / "thread.pdf")
        for s in PERSONAL:
            assert s not in text, (engine, s)
    assert outs["pdfplumber"] == outs["pdfium"]


def test_a_person_redacted_in_one_document_is_redacted_in_the_others(tmp_path):
    """Batch consistency: a surname alone in document B goes because A named the person in full."""
    from pipeline import api

    src = tmp_path / "in"
    src.mkdir()
    text_pdf(
        src / "a.pdf", ["Van: Bakker, Sanne <sanne.bakker@minszw.nl>\nOnderwerp: pilot\nDe pilot loopt."]
    )
    text_pdf(
        src / "b.pdf", ["Verslag van het overleg\nBakker licht de cijfers toe aan Movisie."], author=None
    )
    out = tmp_path / "out"
    summary = api.run([src], out, workers=0, quiet=True)
    assert summary.exit_code == 0
    text_b = pdf_text(out / "documents" / "b.pdf")
    assert "Bakker" not in text_b
    assert "licht de cijfers toe aan Movisie" in text_b
    recs = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(r["type"] == "decision" and r["rule"] == "consistency:batch" for r in recs)
    rows = list(csv.DictReader((out / "inventory.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert sorted(r["Bestand"] for r in rows) == ["a.pdf", "b.pdf"]  # one row per input, no duplicates


def test_inventory_title_and_date_come_from_the_document_without_personal_data(batch):
    _, out, _ = batch
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["Bestand"]: r for r in csv.DictReader(fh, delimiter=";")}
    thread = rows["mail/thread.pdf"]
    assert thread["Document"] == "Overleg"  # the PDF's Title
    assert thread["Datum"] == "2023-03-14"  # the e-mail's "Verzonden" line
    assert thread["ID"] == "thread"
    [note] = [r for r in rows.values() if r["Bestand"].startswith("notitie")]
    assert note["Document"].startswith("Notitie van 5.1.2e")  # first line, the name replaced
    assert "Sanne" not in (out / "inventory.csv").read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    ws = load_workbook(out / "inventory.xlsx").active
    header = [c.value for c in ws[1]]
    assert header[:14] == [
        "ID",
        "Matter",
        "Family ID",
        "Email Thread ID",
        "Document",
        "File type",
        "Datum",
        "Beoordeling",
        "Opgeschort",
        "Beoordelingsgrond",
        "Toelichting",
        "Publieke link",
        "Gerelateerd ID",
        "Zaaknummer",
    ]
    assert ws.max_row == len(rows) + 1


THREAD_ONE_PERSON = """Van: El Amrani, Yvonne <yvonne.elamrani@uwv.nl>
Verzonden: vrijdag 10 maart 2023 11:03
Aan: Post, Richard <richard.post@uwv.nl>
CC: woo@uwv.nl
Onderwerp: Voorlopige cijfers pilot
Beste Richard,
Zoals besproken stuur ik de voorlopige cijfers. Yvonne El Amrani van het kenniscentrum
heeft ze gecontroleord; vragen kunnen ook naar woo@uwv.nl. Staatssecretaris Van Dijk
ontvangt de cijfers volgende week. Bel me gerust op 06-41234567.
Met vriendelijke groet,
Yvonne El Amrani
Adviseur Arbeidsmarkt
UWV Directie Strategie, Beleid en Kenniscentrum
T 088 - 898 47 21"""

THREAD_REPLY = """Van: Post, Richard <richard.post@uwv.nl>
Aan: El Amrani, Yvonne
Onderwerp: RE: Voorlopige cijfers pilot
Hoi Yvonne,
Dank! Ik laat Yvonne weten wanneer de staatssecretaris reageert.
Groet,
Richard"""


def test_one_person_in_header_salutation_body_and_signature_is_gone_everywhere(tmp_path):
    from pipeline import api

    src = text_pdf(tmp_path / "draad.pdf", [THREAD_ONE_PERSON, THREAD_REPLY], author="El Amrani, Yvonne")
    out = tmp_path / "out"
    assert api.run([src], out, workers=0, quiet=True).exit_code == 0
    text = pdf_text(out / "documents" / "draad.pdf")
    for s in [
        "Yvonne",
        "Amrani",
        "yvonne.elamrani@uwv.nl",
        "Richard",
        "Post,",
        "richard.post@uwv.nl",
        "06-41234567",
        "088 - 898 47 21",
    ]:
        assert s not in text, s
    for s in [
        "woo@uwv.nl",
        "Van Dijk",
        "Staatssecretaris",
        "UWV Directie Strategie, Beleid en Kenniscentrum",
        "Adviseur Arbeidsmarkt",
        "Voorlopige cijfers pilot",
        "Verzonden:",
        "Onderwerp:",
    ]:
        assert s in text, s
    assert text.count("5.1.2e") >= 12


def test_bundled_letter_special_data_gets_its_own_ground(tmp_path):
    """samples/brief-burger.pdf: BSN 5.1.1e, health 5.1.1d, the citizen and the civil servants 5.1.2e."""
    from pipeline import api

    src = Path(__file__).resolve().parent.parent / "samples" / "brief-burger.pdf"
    out = tmp_path / "out"
    assert api.run([src], out, workers=0, quiet=True).exit_code == 0
    text = pdf_text(out / "documents" / "brief-burger.pdf")
    for s in ["111222333", "hernia", "Kramer", "Lindenlaan", "NL91ABNA0417164300", "12 maart 1985"]:
        assert s not in text, s
    for code in ["5.1.1e", "5.1.1d", "5.1.2e"]:
        assert code in text, code
    for s in ["Jansen Logistiek B.V.", "UWV", "Ziektewet-uitkering", "Apeldoorn"]:
        assert s in text, s


def test_output_folder_inside_the_input_is_not_taken_as_input(tmp_path):
    from pipeline import api

    text_pdf(tmp_path / "a.pdf", ["Beste Sanne Bakker,\nDe pilot loopt."])
    first = api.run([tmp_path], tmp_path / "out", workers=0, quiet=True)
    again = api.run([tmp_path], tmp_path / "out", workers=0, quiet=True)
    assert first.total == again.total == 1
    assert again.skipped == 1
