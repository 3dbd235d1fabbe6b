"""The review app's store (no browser): validation, reopening, counts, a drawn box without text, the lock."""

import csv
import json
import subprocess

import pytest
from pdfs import text_pdf

from pipeline import api
from pipeline.errors import ConfigError
from pipeline.review_app.lock import acquire
from pipeline.review_app.store import ReviewStore
from pipeline.rules import load_rules

pytestmark = pytest.mark.slow  # a scan and an apply (~10 s)

MAIL = "Van: Sanne Bakker\nHet project Zwaluw loopt.\nT 070 333 44 55"
NOTE = "Notitie\nZwaluw is besproken met Movisie."


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    text_pdf(src / "mail.pdf", [MAIL])
    text_pdf(src / "notitie.pdf", [NOTE])
    out = tmp_path_factory.mktemp("out")
    api.scan([src], out, workers=0, quiet=True)
    return out


def store(out):
    return ReviewStore(out, load_rules().grounds)


def number_of(s, name):
    return next(n for n, d in s.docs.items() if d["document"] == name)


def test_bad_edits_are_refused_and_change_nothing(out):
    s = store(out)
    before = (out / "review" / "findings.csv").read_bytes()
    n = number_of(s, "mail.pdf")
    fid = s.doc_view(n)["findings"][0]["id"]
    for payload in (
        {"findings": {fid: {"decision": "misschien"}}},
        {"findings": {fid: {"decision": "redact", "ground": "9.9.9"}}},
        {"areas": [{"page": 0, "box": [10, 10, 10.5, 10.5], "ground": "5.1.2e"}]},
        {"areas": [{"page": 5, "box": [10, 10, 100, 100], "ground": "5.1.2e"}]},
        {"everywhere": [{"decision": "redact-everywhere", "text": "Zwaluw", "ground": ""}]},
    ):
        with pytest.raises(ValueError):
            s.save(n, payload)
    assert (out / "review" / "findings.csv").read_bytes() == before


def test_edits_made_outside_the_app_are_kept(out):
    s = store(out)
    n = number_of(s, "mail.pdf")
    csv_path = out / "review" / "findings.csv"
    original = csv_path.read_text(encoding="utf-8-sig")
    first, second = s.doc_view(n)["findings"][:2]
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=";")
            fields, rows = reader.fieldnames, list(reader)
        for r in rows:
            if r["document"] == "mail.pdf" and r["finding"] == first["id"]:
                r["decision"], r["ground"] = "reject", ""  # a spreadsheet edit while the app runs
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, delimiter=";")
            w.writeheader()
            w.writerows(rows)
        s.save(n, {"findings": {second["id"]: {"decision": "keep"}}})
        decisions = {f["id"]: f["decision"] for f in store(out).doc_view(n)["findings"]}
        assert decisions[first["id"]] == "keep" and decisions[second["id"]] == "keep"
    finally:
        csv_path.write_text(original, encoding="utf-8-sig")
        (out / "review" / "reviewed.json").unlink(missing_ok=True)


def test_count_matches_what_apply_will_touch(out):
    c = store(out).count("zwaluw")
    assert c == {"places": 2, "documents": 2, "proposals": 0}


def test_second_lock_is_refused(out):
    held = acquire(out)
    try:
        with pytest.raises(ConfigError, match="already open"):
            acquire(out)
    finally:
        held.close()
    acquire(out).close()  # released with the file: no stale lock


def test_saved_state_reopens_and_apply_honours_a_box_without_text(out):
    s = store(out)
    n = number_of(s, "mail.pdf")
    phone = next(f for f in s.doc_view(n)["findings"] if f["text"] == "070 333 44 55")
    # a box on the empty lower half of the page (no text under it): redacted as a labelled area
    area = {"page": 0, "box": [300, 500, 400, 560], "ground": "5.1.2i"}
    s.save(n, {"findings": {phone["id"]: {"decision": "keep"}}, "areas": [area]})

    view = store(out).doc_view(n)  # reopened from disk
    assert next(f for f in view["findings"] if f["id"] == phone["id"])["decision"] == "keep"
    assert [a["box"] for a in view["areas"]] == [[300.0, 500.0, 400.0, 560.0]]
    assert json.loads((out / "review" / "reviewed.json").read_text(encoding="utf-8")).keys() == {"mail.pdf"}
    assert store(out).batch()[n - 1]["seen"]

    summary = api.apply(out, "R. Viewer", workers=0, quiet=True)
    assert summary.exit_code == 0
    text = subprocess.run(
        ["pdftotext", str(out / "documents" / "mail.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "070 333 44 55" in text and "Sanne" not in text
    assert text.count("5.1.2i") == 1  # the drawn box's label
    recs = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    area_decisions = [r for r in recs if r["type"] == "decision" and r["rule"] == "review:area"]
    assert [(r["by"], r["ground"], r["change"]) for r in area_decisions] == [
        ("R. Viewer", "5.1.2i", "keep -> redact")
    ]
