"""Review before release: scan proposes, the coordinator edits findings.csv, apply writes."""

import csv
import json

import pypdfium2 as pdfium
import pytest
from pdfs import text_pdf

from pipeline import api
from pipeline.errors import ConfigError

MAIL = """Van: Bakker, Sanne <sanne.bakker@minszw.nl>
Aan: Kees de Vries <kees.devries@minszw.nl>
Onderwerp: Overleg over de pilot
Beste Kees,
Het project Zwaluw loopt volgens plan.
Met vriendelijke groet,
Sanne Bakker
T 070 333 44 55"""

NOTE = "Notitie\nHet project Zwaluw is besproken met Movisie."


def pdf_text(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def read_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def write_rows(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), delimiter=";")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    text_pdf(src / "mail.pdf", [MAIL])
    text_pdf(src / "notitie.pdf", [NOTE])
    out = tmp_path_factory.mktemp("out")
    summary = api.scan([src], out, workers=0, quiet=True)
    return src, out, summary


def test_scan_proposes_without_releasing(scanned):
    _, out, summary = scanned
    assert dict(summary.counts) == {"proposed": 2}
    assert not (out / "documents").exists()
    rows = read_rows(out / "review" / "findings.csv")
    phone = [r for r in rows if r["text"] == "070 333 44 55"]
    assert phone and phone[0]["decision"] == "accept" and phone[0]["ground"] == "5.1.2e"
    assert "«070 333 44 55»" in phone[0]["context"]
    page = (out / "review" / "mail.html").read_text(encoding="utf-8")
    assert "mail_pages/page-1.png" in page and "class='box'" in page
    assert (out / "review" / "mail_pages" / "page-1.png").stat().st_size > 1000
    assert "PHONE_NUMBER · 5.1.2e" in page  # hovering a box shows its finding


def test_apply_follows_the_reviewer_and_logs_the_changes(scanned):
    _, out, _ = scanned
    csv_path = out / "review" / "findings.csv"
    rows = read_rows(csv_path)
    for r in rows:
        if r["text"] == "070 333 44 55":
            r["decision"] = "reject"  # the reviewer keeps this number readable
    rows.append(
        {k: "" for k in rows[0]} | {"decision": "redact-everywhere", "text": "Zwaluw", "ground": "5.1.2i"}
    )
    write_rows(csv_path, rows)

    summary = api.apply(out, "Mr. A. Reviewer", workers=0, quiet=True)
    assert summary.exit_code == 0
    mail = pdf_text(out / "documents" / "mail.pdf")
    note = pdf_text(out / "documents" / "notitie.pdf")
    assert "070 333 44 55" in mail  # rejected proposal stays readable
    assert "Sanne" not in mail and "sanne.bakker@minszw.nl" not in mail  # accepted ones still go
    assert "Zwaluw" not in mail and "Zwaluw" not in note  # added string goes in every document
    assert "5.1.2i" in note and "Movisie" in note

    recs = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    changed = [r for r in recs if r["type"] == "decision" and r.get("change")]
    assert {r["by"] for r in changed} == {"Mr. A. Reviewer"}
    assert {(r["rule"], r["change"]) for r in changed} >= {
        ("review:reject", "redact -> keep"),
        ("review:redact-everywhere", "keep -> redact"),
    }
    run = [r for r in recs if r["type"] == "run"][-1]
    assert run["manifest"]["reviewer"] == "Mr. A. Reviewer"
    assert "Zwaluw" not in (out / "audit.jsonl").read_text(encoding="utf-8")


def test_apply_refuses_a_bad_review_file(scanned, tmp_path):
    _, out, _ = scanned
    csv_path = out / "review" / "findings.csv"
    original = csv_path.read_text(encoding="utf-8-sig")
    rows = read_rows(csv_path)
    rows[0]["decision"] = "misschien"
    write_rows(csv_path, rows)
    try:
        with pytest.raises(ConfigError, match="decision must be one of"):
            api.apply(out, "R", workers=0, quiet=True)
        rows[0]["decision"], rows[0]["ground"] = "accept", "9.9.9"
        write_rows(csv_path, rows)
        with pytest.raises(ConfigError, match="unknown Woo ground '9.9.9'"):
            api.apply(out, "R", workers=0, quiet=True)
    finally:
        csv_path.write_text(original, encoding="utf-8-sig")


def test_apply_without_scan_is_a_usage_error(tmp_path):
    with pytest.raises(ConfigError, match="no scan found"):
        api.apply(tmp_path, "R", workers=0, quiet=True)
