"""``woo-redact verify``: a clean run verifies; any edit to the log or an output is found and named."""

import csv
import json
import shutil
from pathlib import Path

import pytest
from pdfs import text_pdf

from pipeline.audit import Fingerprinter
from pipeline.audit_check import check_output, find_leaks, format_result, pdf_page_texts

NOTE = ["Notitie over de aanvraag\nSanne Bakker belt morgen terug over de planning.\n"
        "Mail haar via sanne.bakker@minszw.nl of bel 06-12345678."]
LETTER = ["Geachte heer Jansen,\nUw burgerservicenummer: 111222333\n"
          "U heeft een uitkering aangevraagd bij UWV."]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> Path:
    """One real pipeline run on two small PDFs; tests work on copies of its output."""
    from pipeline.api import run

    base = tmp_path_factory.mktemp("verify")
    inputs = base / "in"
    inputs.mkdir()
    text_pdf(inputs / "notitie.pdf", NOTE)
    text_pdf(inputs / "brief.pdf", LETTER)
    out = base / "out"
    summary = run([inputs], out, workers=0, log=lambda msg: None)
    assert summary.exit_code == 0, summary.results
    return out


@pytest.fixture
def out(clean_run, tmp_path) -> Path:
    dst = tmp_path / "out"
    shutil.copytree(clean_run, dst)
    return dst


def audit_lines(out: Path) -> list[bytes]:
    return (out / "audit.jsonl").read_bytes().splitlines(keepends=True)


def line_of(out: Path, rtype: str, document: str) -> int:
    """1-based line number of the first record of this type for this document."""
    for n, raw in enumerate(audit_lines(out), 1):
        rec = json.loads(raw)
        if rec.get("type") == rtype and rec.get("document") == document:
            return n
    raise AssertionError(f"no {rtype} record for {document}")


def has(problems: list[str], prefix: str) -> bool:
    return any(p.startswith(prefix) for p in problems)


def anchored(out: Path) -> bool:
    return "audit_head" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_clean_run_verifies(out):
    res = check_output(out)
    assert res.ok, res.problems
    assert res.problems == []
    assert res.checked["documents"] == 2
    assert res.checked["documents leak-checked"] == 2
    assert res.checked["fingerprints compared"] >= 3
    assert res.checked["audit records"] == len(audit_lines(out))


def test_a_changed_fingerprint_in_the_log_is_named_by_line(out):
    lines = audit_lines(out)
    n = line_of(out, "finding", "notitie.pdf")
    rec = json.loads(lines[n - 1])
    fp = rec["fingerprint"]
    lines[n - 1] = lines[n - 1].replace(fp.encode(), (("0" if fp[0] != "0" else "1") + fp[1:]).encode())
    (out / "audit.jsonl").write_bytes(b"".join(lines))
    res = check_output(out)
    assert not res.ok
    assert has(res.problems, f"audit.jsonl line {n + 1}: prev hash does not match line {n}"), res.problems


def test_a_byte_that_breaks_the_json_is_named_by_line(out):
    lines = audit_lines(out)
    n = 3
    lines[n - 1] = lines[n - 1].replace(b"{", b"[", 1)
    (out / "audit.jsonl").write_bytes(b"".join(lines))
    res = check_output(out, leak_check=False)
    assert f"audit.jsonl line {n}: not a valid JSON record (changed or damaged)" in res.problems


@pytest.mark.parametrize("fraction", [0.0, 0.07, 0.19, 0.33, 0.5, 0.61, 0.77, 0.9])
def test_flipping_any_byte_of_the_log_fails(out, fraction):
    data = bytearray((out / "audit.jsonl").read_bytes())
    last_line_start = data.rstrip(b"\n").rfind(b"\n") + 1
    pos = int(fraction * (last_line_start - 1))
    data[pos] ^= 0x01
    (out / "audit.jsonl").write_bytes(bytes(data))
    res = check_output(out, leak_check=False)
    assert not res.ok
    line_no = bytes(data[:pos]).count(b"\n") + 1
    assert any(f"line {line_no}" in p for p in res.problems), (line_no, res.problems)


def test_a_changed_last_record_fails_once_the_log_end_is_anchored(out):
    if not anchored(out):
        pytest.skip("manifest.json has no audit_head yet (the lead's api.py change): "
                    "a change in the last record is only caught by the anchor")
    lines = audit_lines(out)
    lines[-1] = lines[-1].replace(b'"seconds":', b'"seconds":1', 1)
    (out / "audit.jsonl").write_bytes(b"".join(lines))
    res = check_output(out, leak_check=False)
    assert has(res.problems, f"audit.jsonl line {len(lines)}:"), res.problems


def test_a_removed_record_fails(out):
    lines = audit_lines(out)
    n = line_of(out, "decision", "brief.pdf")
    del lines[n - 1]
    (out / "audit.jsonl").write_bytes(b"".join(lines))
    res = check_output(out, leak_check=False)
    assert not res.ok
    assert has(res.problems, f"audit.jsonl line {n}: prev hash does not match line {n - 1}")
    assert has(res.problems, f"audit.jsonl line {n}: seq {n + 1} follows seq {n - 1}")


def test_a_removed_first_record_fails(out):
    lines = audit_lines(out)
    (out / "audit.jsonl").write_bytes(b"".join(lines[1:]))
    res = check_output(out, leak_check=False)
    assert has(res.problems, "audit.jsonl line 1: prev hash is not the chain's start")


def test_a_removed_document_record_leaves_its_file_unaccounted_for(out):
    lines = audit_lines(out)
    n = line_of(out, "document", "brief.pdf")
    del lines[n - 1]
    (out / "audit.jsonl").write_bytes(b"".join(lines))
    res = check_output(out, leak_check=False)
    assert has(res.problems, "documents/brief.pdf: not in the audit log (no released document record")


def test_a_flipped_byte_in_an_output_pdf_names_the_file(out):
    pdf = out / "documents" / "brief.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x20
    pdf.write_bytes(bytes(data))
    res = check_output(out, leak_check=False)
    n = line_of(out, "document", "brief.pdf")
    assert res.problems == [
        f"documents/brief.pdf: sha256 does not match the audit log (line {n}): "
        "the file was changed after release"
    ]


def test_a_file_added_to_documents_fails(out):
    (out / "documents" / "extra").mkdir()
    text_pdf(out / "documents" / "extra" / "bijlage.pdf", ["Niets bijzonders."])
    res = check_output(out, leak_check=False)
    assert res.problems == ["documents/extra/bijlage.pdf: not in the audit log "
                            "(no released document record for this file)"]


def test_a_removed_output_fails(out):
    (out / "documents" / "notitie.pdf").unlink()
    res = check_output(out, leak_check=False)
    assert len(res.problems) == 1
    assert res.problems[0].startswith("documents/notitie.pdf: released in the audit log (line ")


def test_an_edited_inventory_fails(out):
    path = out / "inventory.csv"
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    fields = list(rows[0])
    rows[1]["Lakkingen"] = str(int(rows[1]["Lakkingen"]) + 1)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, delimiter=";")
        w.writeheader()
        w.writerows(rows[:2])
    res = check_output(out, leak_check=False)
    assert has(res.problems, "inventory.csv line 3: Lakkingen is "), res.problems
    # The original has two rows; both are still there, so nothing else is reported.
    assert len(res.problems) == 1


def test_a_missing_inventory_row_fails(out):
    path = out / "inventory.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8-sig")
    res = check_output(out, leak_check=False)
    assert len(res.problems) == 1 and res.problems[0].startswith("inventory.csv: no row for documents/")


def test_a_changed_manifest_fails(out):
    path = out / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m["rules"]["sha256"] = "0" * 64
    path.write_text(json.dumps(m), encoding="utf-8")
    res = check_output(out, leak_check=False)
    assert has(res.problems, "manifest.json: does not match the manifest of the last run")


def test_a_planted_leak_is_reported(out, tmp_path):
    """An output replaced by one that still shows the name: sha256 and leak check both fail."""
    key = bytes.fromhex((out / ".woo-redact" / "fingerprint.key").read_text().strip())
    records = [json.loads(x) for x in audit_lines(out)]
    ver = next(r for r in records if r["type"] == "verification" and r["document"] == "notitie.pdf")
    fp = Fingerprinter(key)
    ref = next(r for r, f in ver["secrets"].items() if f == fp("Sanne Bakker"))
    text_pdf(out / "documents" / "notitie.pdf", ["Notitie\nSanne  Bakker belt morgen terug."], author=None)
    res = check_output(out)
    assert not res.ok
    assert has(res.problems, "documents/notitie.pdf: sha256 does not match")
    leak = f"documents/notitie.pdf: redacted string {ref} found in the output text (1x on page 1"
    assert has(res.problems, leak), res.problems
    assert not any("Sanne" in p or "Bakker" in p for p in res.problems)  # refs only, never the text


def test_a_leak_in_the_published_text_is_reported(out):
    txt = out / "text" / "notitie.txt"
    txt.write_text(txt.read_text(encoding="utf-8") + "\nNog even: sanne.bakker@minszw.nl\n", encoding="utf-8")
    res = check_output(out)
    assert has(res.problems, "text/notitie.txt: redacted string S"), res.problems


def test_without_the_key_the_leak_check_is_a_problem_unless_skipped(out):
    shutil.move(out / ".woo-redact" / "fingerprint.key", out.parent / "elsewhere.key")
    res = check_output(out)
    assert not res.ok
    assert len(res.problems) == 1
    assert res.problems[0].startswith("leak re-check not done: fingerprint key not found")
    assert check_output(out, key_file=out.parent / "elsewhere.key").ok
    skipped = check_output(out, leak_check=False)
    assert skipped.ok and any("leak re-check skipped" in n for n in skipped.notes)


# --------------------------------------------------------------------------- the leak check itself


@pytest.fixture
def key() -> bytes:
    return bytes(range(32))


def test_find_leaks_finds_a_name_across_extractor_whitespace(tmp_path, key):
    fp = Fingerprinter(key)
    secrets = {"S1": fp("Sanne Bakker"), "S2": fp("Kees de Vries"), "S3": fp("Jansen")}
    pdf = text_pdf(tmp_path / "a.pdf", ["Gesprek met Sanne Bakker, daarna met Kees\nde Vries.", "Jansen."],
                   author=None)
    leaks = find_leaks(pdf_page_texts(pdf), secrets, key)
    assert leaks == {"S1": "1x on page 1", "S2": "1x on page 1", "S3": "1x on page 2"}


def test_find_leaks_respects_whole_words_and_allowed_counts(tmp_path, key):
    fp = Fingerprinter(key)
    pdf = text_pdf(tmp_path / "a.pdf", ["Stichting Bakkerij Jansen en Jansen"], author=None)
    pages = pdf_page_texts(pdf)
    assert find_leaks(pages, {"S1": fp("Bakker")}, key) == {}  # "Bakkerij" is not "Bakker"
    assert find_leaks(pages, {"S2": fp("Jansen")}, key, {"S2": 2}) == {}
    assert find_leaks(pages, {"S2": fp("Jansen")}, key, {"S2": 1}) == {"S2": "2x on page 1, allowed 1"}


def test_find_leaks_finds_an_email_split_by_spaces_and_a_hyphenated_name(key):
    fp = Fingerprinter(key)
    secrets = {"S1": fp("sanne.bakker@minszw.nl"), "S2": fp("Petra Jansen"), "S3": fp("+31 6 1234 5678")}
    pages = ["Mail: <sanne . bakker @ minszw.nl>", "met Petra Jan-\nsen van UWV", "bel (+31 6 1234 5678)."]
    expected = {"S1": "1x on page 1", "S2": "1x on page 2", "S3": "1x on page 3"}
    assert find_leaks(pages, secrets, key) == expected


def test_find_leaks_with_another_key_finds_nothing(tmp_path, key):
    pdf = text_pdf(tmp_path / "a.pdf", ["Sanne Bakker"], author=None)
    other = Fingerprinter(b"x" * 32)
    assert find_leaks(pdf_page_texts(pdf), {"S1": other("Sanne Bakker")}, key) == {}


def test_a_resumed_run_still_verifies(out, clean_run):
    """Outputs kept from an earlier run are checked against that run's records."""
    from pipeline.api import run

    summary = run([clean_run.parent / "in"], out, workers=0, log=lambda msg: None)
    assert summary.skipped == 2
    res = check_output(out)
    assert res.ok, res.problems
    assert res.checked["documents leak-checked"] == 2


def test_format_result_lists_every_problem(out):
    (out / "documents" / "brief.pdf").write_bytes(b"%PDF-1.4 nep")
    text = format_result(check_output(out))
    assert text.splitlines()[0] == "woo-redact verify: 2 problem(s) found"
    assert "\n  - documents/brief.pdf: sha256 does not match" in text
    assert "\n  - documents/brief.pdf: cannot be read for the leak re-check" in text
    assert format_result(check_output(out, leak_check=False)).count("\n  - ") == 1
