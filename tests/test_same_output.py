"""benchmarks/same_output.py: the before/after comparison used to show a refactoring changed nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import same_output  # noqa: E402


def fake_run(root: Path, pdf: bytes, accepted: bool, seconds: float, secret_hash: str) -> Path:
    (root / "documents").mkdir(parents=True)
    (root / "text").mkdir()
    (root / "documents" / "a.pdf").write_bytes(pdf)
    (root / "text" / "a.txt").write_text("Beste [5.1.2e],", encoding="utf-8")
    records = [
        {"seq": 1, "type": "run", "manifest": {"started": str(seconds)}},
        {"seq": 2, "prev": "x", "type": "decision", "document": "a.pdf", "accepted": accepted, "rule": "r"},
        {"seq": 3, "type": "verification", "document": "a.pdf", "secrets": {"S1": secret_hash}},
        {"seq": 4, "type": "document", "document": "a.pdf", "seconds": seconds, "status": "released"},
    ]
    (root / "audit.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return root


def test_runs_that_differ_only_in_timings_and_keyed_hashes_are_the_same(tmp_path):
    a = fake_run(tmp_path / "a", b"%PDF-1", True, 1.5, "aa")
    b = fake_run(tmp_path / "b", b"%PDF-1", True, 2.5, "bb")
    assert same_output.compare(a, b) == []
    assert same_output.main([str(a), str(b)]) == 0


def test_a_changed_decision_or_output_byte_is_reported(tmp_path):
    a = fake_run(tmp_path / "a", b"%PDF-1", True, 1.5, "aa")
    b = fake_run(tmp_path / "b", b"%PDF-2", False, 1.5, "aa")
    problems = same_output.compare(a, b)
    assert "documents/a.pdf: differs" in problems
    assert any(p.startswith("audit.jsonl decision a.pdf: ['accepted']") for p in problems)
    assert same_output.main([str(a), str(b)]) == 1
