"""Same outputs before and after a refactoring: run two checkouts on the same inputs and compare.

    python benchmarks/identical.py --base cea30c8 samples/ /work/tmp/corpus

Checks out ``--base`` into a temporary git worktree, runs ``python -m pipeline run`` of
both checkouts on the same inputs with the same fingerprint key (one worker each), and
compares what a refactoring must not change: the released PDFs byte for byte, the
redacted text, each document's status, reason and redaction counts, and every finding
and decision record of the audit log (timings, run times and manifest hashes aside).
Prints one line per difference and a summary; exit 1 if anything differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Record fields that legitimately differ between two runs of the same code.
VOLATILE = {"seconds", "stage_seconds", "manifest", "manifest_sha256", "prev", "seq", "time", "key_check"}


def run(checkout: Path, inputs: list[str], out: Path, key: Path, extra: list[str] | None = None) -> None:
    cmd = [sys.executable, "-m", "pipeline", "run", *inputs, "--out", str(out), *(extra or [])]
    cmd += ["--workers", "1", "--key-file", str(key), "--quiet"]
    proc = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{checkout}: exit {proc.returncode}: {proc.stderr.strip()[-500:]}")


def snapshot(out: Path) -> dict[str, object]:
    """What must be the same: file hashes and the audit records without volatile fields."""
    files = {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for sub in ("documents", "text")
        for p in sorted((out / sub).rglob("*"))
        if p.is_file()
    }
    records = []
    for line in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("type") in ("run",):
            continue
        records.append({k: v for k, v in rec.items() if k not in VOLATILE})
    records.sort(key=lambda r: json.dumps(r, sort_keys=True))
    return {"files": files, "records": records}


def compare(a: dict, b: dict) -> list[str]:
    diffs = []
    for name in sorted(set(a["files"]) | set(b["files"])):
        if a["files"].get(name) != b["files"].get(name):
            old, new = a["files"].get(name, "missing"), b["files"].get(name, "missing")
            diffs.append(f"{name}: base {old[:12]} new {new[:12]}")
    ra = [json.dumps(r, sort_keys=True) for r in a["records"]]
    rb = [json.dumps(r, sort_keys=True) for r in b["records"]]
    only_a, only_b = sorted(set(ra) - set(rb)), sorted(set(rb) - set(ra))
    diffs += [f"audit record only in base: {r[:300]}" for r in only_a[:20]]
    diffs += [f"audit record only in new: {r[:300]}" for r in only_b[:20]]
    return diffs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="PDF files or folders (as for woo-redact run)")
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--new", default=None, help="git revision to compare (default: this working tree)")
    ap.add_argument(
        "--new-args", default="", help="extra options for the new side's run (e.g. --thorough-verify)"
    )
    ap.add_argument("--work", default=None, help="folder for the two outputs (default: a temp folder)")
    args = ap.parse_args()
    inputs = [str(Path(i).resolve()) for i in args.inputs]
    work = Path(args.work or tempfile.mkdtemp(prefix="woo-identical-"))
    work.mkdir(parents=True, exist_ok=True)
    key = work / "fingerprint.key"
    key.write_text("00" * 32 + "\n", encoding="utf-8")
    checkouts = {"base": work / "base-checkout", "new": work / "new-checkout" if args.new else REPO}
    for side, rev in (("base", args.base), ("new", args.new)):
        if rev and not checkouts[side].exists():
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(checkouts[side]), rev], cwd=REPO, check=True
            )
    try:
        run(checkouts["base"], inputs, work / "base", key)
        run(checkouts["new"], inputs, work / "new", key, args.new_args.split())
    finally:
        for side in ("base", "new"):
            if checkouts[side] != REPO:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(checkouts[side])], cwd=REPO, check=False
                )
    a, b = snapshot(work / "base"), snapshot(work / "new")
    diffs = compare(a, b)
    for d in diffs:
        print(d)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    print(
        f"base {args.base} vs {args.new or head.stdout.strip() + ' (working tree)'}: "
        f"{len(a['files'])} output files, "
        f"{len(a['records'])} audit records; {len(diffs)} difference(s)"
    )
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
