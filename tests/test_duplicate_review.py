"""Issue 17: copies of one document get one review decision, recorded per copy in the audit log."""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from natives import eml_message

from pipeline.duplicates import propagate

ROOT = Path(__file__).resolve().parent.parent
NAME = "Petra Jansen"
BODY = (
    "Beste Kees,\n\nHet overleg over de pilot was nuttig. "
    f"Ik heb het verslag besproken met {NAME} van het UWV.\n\n"
    "Met vriendelijke groet,\nSanne Bakker"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), delimiter=";")
        w.writeheader()
        w.writerows(rows)


def pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def records(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The same message (same bytes, same Message-ID) in two mailboxes, scanned once."""
    src = tmp_path_factory.mktemp("in")
    msg = eml_message(
        "Overleg pilot",
        "Sanne Bakker <sanne.bakker@minszw.nl>",
        "Kees de Vries <kees.devries@minszw.nl>",
        BODY,
        message_id="<overleg-17@minszw.nl>",
    )
    for box in ("postbus1", "postbus2"):
        (src / box).mkdir()
        (src / box / "overleg.eml").write_bytes(msg.as_bytes())
    out = tmp_path_factory.mktemp("scan") / "out"
    done = run("scan", str(src), "--out", str(out), "--workers", "0", "--quiet")
    assert done.returncode == 0, done.stderr
    return out


def reviewed(scanned: Path, tmp_path: Path, edits: dict[str, dict[str, str]]) -> tuple[Path, str]:
    """A copy of the scan with the name's row edited per document, applied; returns (out, stderr)."""
    out = tmp_path / "out"
    shutil.copytree(scanned, out)
    csv_path = out / "review" / "findings.csv"
    rows = read_rows(csv_path)
    names = [r for r in rows if r["text"] == NAME]
    assert sorted(r["document"] for r in names) == ["postbus1/overleg.pdf", "postbus2/overleg.pdf"]
    assert all(r["decision"] == "accept" for r in names)  # proposed: redact, in both copies
    for r in names:
        r.update(edits.get(r["document"], {}))
    write_rows(csv_path, rows)
    done = run("apply", str(out), "--reviewer", "A. Reviewer", "--workers", "0", "--quiet")
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def name_decisions(out: Path) -> dict[str, dict]:
    recs = records(out)
    ids = {(r["document"], r["finding"]) for r in recs if r["type"] == "finding" and r["length"] == len(NAME)}
    return {
        r["document"]: r
        for r in recs
        if r["type"] == "decision" and (r["document"], r["finding"]) in ids and r.get("change")
    }


@pytest.mark.slow
def test_a_decision_on_one_copy_applies_to_every_copy(scanned, tmp_path):
    out, _ = reviewed(scanned, tmp_path, {"postbus1/overleg.pdf": {"decision": "reject"}})
    for box in ("postbus1", "postbus2"):
        text = pdftotext(out / "documents" / box / "overleg.pdf")
        assert NAME in text, box  # kept readable in both copies
        assert "Sanne Bakker" not in text and "sanne.bakker@minszw.nl" not in text, box  # the rest still goes
    changed = name_decisions(out)
    assert set(changed) == {"postbus1/overleg.pdf", "postbus2/overleg.pdf"}
    assert all(r["by"] == "A. Reviewer" and r["change"] == "redact -> keep" for r in changed.values())
    assert changed["postbus1/overleg.pdf"]["rule"] == "review:reject"
    assert changed["postbus2/overleg.pdf"]["rule"] == "review:same-as postbus1/overleg.pdf"


@pytest.mark.slow
def test_conflicting_decisions_on_copies_fail_closed(scanned, tmp_path):
    out, stderr = reviewed(
        scanned,
        tmp_path,
        {"postbus1/overleg.pdf": {"decision": "reject"}, "postbus2/overleg.pdf": {"ground": "5.1.2i"}},
    )
    for box in ("postbus1", "postbus2"):
        text = pdftotext(out / "documents" / box / "overleg.pdf")
        assert NAME not in text and "Jansen" not in text, box  # redacted in both copies
    assert "reviewed differently" in stderr and "redacted" in stderr
    changed = name_decisions(out)
    assert set(changed) == {"postbus1/overleg.pdf", "postbus2/overleg.pdf"}
    for r in changed.values():
        assert r["accepted"] and r["ground"] == "5.1.2i" and r["by"] == "A. Reviewer"
        assert r["rule"].startswith("review:conflict ") and "postbus1/overleg.pdf" in r["rule"]
    assert NAME not in (out / "audit.jsonl").read_text(encoding="utf-8")


def test_copies_are_matched_by_page_and_text_when_offsets_differ():
    """The same message from another mailbox may render a header line differently: offsets shift."""
    states = [
        {"document": "a.pdf", "number": 1, "origin": {"same_as": ""}},
        {"document": "b.pdf", "number": 2, "origin": {"same_as": "a.pdf"}},
        {"document": "c.pdf", "number": 3, "origin": None},
    ]

    def row(doc, span, text, decision="accept", context="met «Petra» van"):
        page = int(span.split(":")[0]) + 1
        return {
            "document": doc,
            "span": span,
            "page": str(page),
            "text": text,
            "context": context,
            "proposed": "accept",
            "proposed_ground": "5.1.2e",
            "decision": decision,
            "ground": "5.1.2e",
        }

    rows = [
        row("a.pdf", "0:10:15", "Petra"),
        row("a.pdf", "0:40:45", "Petra", "reject"),  # the second mention only
        row("b.pdf", "0:12:17", "Petra"),
        row("b.pdf", "0:42:47", "Petra"),
        row("c.pdf", "0:40:45", "Petra"),  # not a copy: untouched
        row("a.pdf", "1:5:10", "Petra", "reject", "Bcc: «Petra» <p"),  # a line only this copy has
        row("b.pdf", "1:5:10", "Petra", context="Aan: «Petra» <p"),  # another mention: not that one
    ]
    spans = {r["document"]: {} for r in rows}
    for r in rows:
        spans[r["document"]][r["span"]] = (r["decision"], r["ground"])
    warnings: list[str] = []
    rules = propagate(states, rows, spans, warnings.append)
    assert spans["b.pdf"] == {
        "0:12:17": ("accept", "5.1.2e"),
        "0:42:47": ("reject", None),
        "1:5:10": ("accept", "5.1.2e"),  # no counterpart of a.pdf's 1:5:10: stays redacted
    }
    assert spans["c.pdf"] == {"0:40:45": ("accept", "5.1.2e")}
    assert rules == {"b.pdf": {"0:42:47": "review:same-as a.pdf"}}
    assert len(warnings) == 1 and "1:5:10" in warnings[0] and "b.pdf" in warnings[0]
