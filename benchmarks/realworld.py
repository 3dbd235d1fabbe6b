"""Real-world robustness: the test PDFs that PDF libraries ship in their sdists, as one batch.

Why: woo-redact's own tests build clean PDFs; the PDFs that pypdf, pikepdf, ocrmypdf and
camelot test themselves with are the broken, odd and hostile ones (damaged xref tables,
encrypted files, CJK fonts, forms, attachments, huge pages, emoji).  A batch over them
must finish, with no ``internal error``, and every document that is not released must
carry a reason a coordinator can act on.

Usage:
    python benchmarks/realworld.py [--work /tmp/realworld] [--workers 2] [--packages pypdf pikepdf ...]

Downloads the sdists with ``pip download --no-deps --no-binary :all:`` into WORK/sdists
(never into the repository), copies every ``*.pdf`` into WORK/corpus/<package>/ (paths
flattened, the same bytes), runs ``python -m pipeline run WORK/corpus --out WORK/out``,
then ``python -m pipeline verify WORK/out``, and prints the figures recorded in
benchmarks/README.md (statuses, reasons grouped, time).  The exact sdist versions are
printed so a run can be repeated.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# pdfminer.six and camelot-py were tried too: their current sdists ship no PDFs
PACKAGES = ["pypdf", "pikepdf", "ocrmypdf"]


def download(packages: list[str], dest: Path) -> list[Path]:
    """The sdists of ``packages`` (already downloaded ones are reused)."""
    dest.mkdir(parents=True, exist_ok=True)
    have = list(dest.glob("*.tar.gz"))
    missing = [p for p in packages if not any(_norm(f.name).startswith(_norm(p) + "-") for f in have)]
    if missing:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-q",
                "-d",
                str(dest),
            ]
            + missing,
            check=False,
        )
    return sorted(
        f for f in dest.glob("*.tar.gz") if any(_norm(f.name).startswith(_norm(p) + "-") for p in packages)
    )


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def collect(sdists: list[Path], corpus: Path) -> dict[str, int]:
    """Every PDF of every sdist into ``corpus/<sdist>/`` (the path inside it flattened)."""
    counts: dict[str, int] = {}
    for sdist in sdists:
        name = sdist.name[: -len(".tar.gz")]
        target = corpus / name
        target.mkdir(parents=True, exist_ok=True)
        n = 0
        with tarfile.open(sdist) as tar:
            for member in tar.getmembers():
                if not member.isfile() or not member.name.lower().endswith(".pdf"):
                    continue
                flat = "__".join(Path(member.name).parts[1:])  # without the sdist's top folder
                data = tar.extractfile(member)
                if data is None:
                    continue
                (target / flat).write_bytes(data.read())
                n += 1
        counts[name] = n
    return counts


def reason_group(reason: str) -> str:
    """A reason without its document-specific detail (page numbers, counts, names of strings)."""
    text = re.sub(r"\d+", "N", (reason or "").split(";")[0])
    text = re.sub(r"\([^)]*\)", "(...)", text)
    text = re.sub(r"SN found .*", "a redacted string found again", text)
    return text[:110]


def summarise(out: Path) -> dict:
    with (out / "inventory.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    statuses = collections.Counter(r["Status"] for r in rows)
    reasons = collections.Counter(
        (r["Status"], reason_group(r["Reden"])) for r in rows if r["Status"] != "released"
    )
    pages = sum(int(r["Pagina's"] or 0) for r in rows)
    return {"documents": len(rows), "pages": pages, "statuses": dict(statuses), "reasons": reasons}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/realworld"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=300, help="per document, seconds")
    ap.add_argument("--packages", nargs="+", default=PACKAGES)
    ap.add_argument("--keep", action="store_true", help="rerun into the existing output folder (resume)")
    args = ap.parse_args()

    work = args.work.resolve()
    if work.is_relative_to(ROOT):
        ap.error("--work must be outside the repository (the corpus is not committed)")
    sdists = download(args.packages, work / "sdists")
    corpus, out = work / "corpus", work / "out"
    if not args.keep:
        import shutil

        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    counts = collect(sdists, corpus)
    print("sdists:", ", ".join(f"{k} ({v} PDFs)" for k, v in counts.items()))

    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"]
    cmd += ["--workers", str(args.workers), "--timeout", str(args.timeout)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    tail = proc.stderr.strip().splitlines()[-3:]
    print(f"run: exit {proc.returncode} in {seconds:.0f} s")
    traceback = "Traceback" in proc.stderr
    internal = proc.stderr.count("internal error")
    ver = subprocess.run(
        [sys.executable, "-m", "pipeline", "verify", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    result = summarise(out)
    print(f"documents {result['documents']}, pages {result['pages']}, statuses {result['statuses']}")
    print(f"traceback in stderr: {traceback}; 'internal error' lines: {internal}")
    print(
        f"verify: exit {ver.returncode}: {ver.stderr.strip().splitlines()[0] if ver.stderr.strip() else ''}"
    )
    print("reasons (not released):")
    for (status, reason), n in result["reasons"].most_common():
        print(f"  {n:4d}  {status}: {reason}")
    if proc.returncode not in (0, 1) or traceback:
        print("\n".join(tail))
    report = {
        "sdists": counts,
        "exit": proc.returncode,
        "seconds": round(seconds, 1),
        "traceback": traceback,
        "internal_errors": internal,
        "verify_exit": ver.returncode,
        **{k: v for k, v in result.items() if k != "reasons"},
        "reasons": [[s, r, n] for (s, r), n in result["reasons"].most_common()],
    }
    (work / "realworld.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    ok = proc.returncode in (0, 1) and not traceback and not internal and ver.returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
