"""Compare two ``woo-redact run`` output folders: same documents, texts and decisions?

Why: refactorings that must not change behaviour (vocabulary as data, decide split,
recognizer registry) are checked against a run of the code before them:

    git worktree add /tmp/base <commit>
    (cd /tmp/base && python -m pipeline run samples --out /tmp/before)
    python -m pipeline run samples --out /tmp/after
    python benchmarks/same_output.py /tmp/before /tmp/after

Compared: every ``documents/*.pdf`` by SHA-256, every ``text/*.txt`` byte for byte, and
the audit log's finding, decision, verification and document records with what differs
between any two runs left out (sequence and hash chain, run id, timings, keyed
fingerprints, paths).  Exit 0 when identical, 1 with the differences listed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

# Record fields that differ between two runs of the same code on the same input.
VOLATILE = {
    "seq",
    "prev",
    "manifest_sha256",
    "seconds",
    "stage_seconds",
    "fingerprint",
    "context_fingerprint",
    "rules_sha256",
    "model_sha256",
    "input",  # a keyed hash of the input path
}
# Fields holding keyed hashes (a per-run key): only which entries there are is compared.
KEYED = {"secrets"}
COMPARED_TYPES = ("finding", "decision", "verification", "document")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(out: Path, pattern: str, read) -> dict[str, object]:
    return {str(p.relative_to(out)): read(p) for p in sorted(out.glob(pattern))}


def records(out: Path) -> list[dict]:
    """The audit records that carry behaviour, without the fields that vary per run."""
    got = []
    for line in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("type") in COMPARED_TYPES:
            rec = {k: v for k, v in rec.items() if k not in VOLATILE}
            for k in KEYED & rec.keys():
                rec[k] = sorted(rec[k]) if isinstance(rec[k], dict) else rec[k]
            got.append(rec)
    # documents may finish in any order: compare per document, in the order each was logged
    return sorted(got, key=lambda r: str(r.get("document")))


def compare(before: Path, after: Path) -> list[str]:
    """The differences between two output folders, as readable lines (empty: the same)."""
    problems: list[str] = []
    for pattern, read in (("documents/**/*.pdf", _sha), ("text/**/*.txt", Path.read_bytes)):
        a, b = files(before, pattern, read), files(after, pattern, read)
        for name in sorted(a.keys() | b.keys()):
            if a.get(name) != b.get(name):
                problems.append(f"{name}: differs" if name in a and name in b else f"{name}: only in one run")
    ra, rb = records(before), records(after)
    if len(ra) != len(rb):
        problems.append(f"audit.jsonl: {len(ra)} records before, {len(rb)} after")
    for x, y in zip(ra, rb, strict=False):
        if x != y:
            keys = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
            first = keys[0]
            problems.append(
                f"audit.jsonl {x.get('type')} {x.get('document')}: {keys}: "
                f"{x.get(first)!r} -> {y.get(first)!r}"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    problems = compare(args.before, args.after)
    for p in problems[:50]:
        print(p)
    n_docs = len(list(args.after.glob("documents/**/*.pdf")))
    verdict = "SAME" if not problems else "DIFFERENT"
    print(f"{verdict}: {n_docs} documents, {len(records(args.after))} records compared")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
