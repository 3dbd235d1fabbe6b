"""Writer and verifier on real-world PDFs with nothing to redact: what is held, removed and how long.

Every PDF under the given folders is written with no redaction areas (sanitize only) and
verified (pypdfium2 + pdftotext, raw bytes, drawn text): the outcome per file, the
content the sanitizer removed, and the seconds.  A file that passes is one the writer
and verifier would release when detection finds nothing; "failed" lines carry the
reason a coordinator sees.

    pip download --no-deps --no-binary :all: pypdf==5.1.0 pdfminer.six==20240706 -d /tmp/corpus
    (cd /tmp/corpus && for f in *.tar.gz; do tar xzf "$f"; done)
    python benchmarks/channels.py /tmp/corpus ../shared/data/nl-gov-woo/scans
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # this checkout's pipeline, not an installed one
    sys.path.insert(0, str(ROOT))

from pipeline.errors import DocumentError  # noqa: E402
from pipeline.redact import redact_pdf  # noqa: E402
from pipeline.verify import FAST, verify_pdf  # noqa: E402


def _alarm(*_args) -> None:
    raise TimeoutError


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per file")
    args = ap.parse_args()
    files = sorted(p for folder in args.folders for p in folder.rglob("*.pdf"))
    signal.signal(signal.SIGALRM, _alarm)
    outcomes: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.pdf"
        for f in files:
            t = time.perf_counter()
            signal.alarm(args.timeout)
            try:
                report = redact_pdf(f, out, [])
                removed.update(report.content)
                if report.unsupported:
                    status, why = "failed", "; ".join(report.unsupported)
                else:
                    result = verify_pdf(out, [], extractors=FAST)
                    status = "released" if result.passed else "failed"
                    why = "; ".join(result.problems)
            except DocumentError as exc:
                status, why = exc.status, str(exc)
            except Exception as exc:  # noqa: BLE001 - what the batch would call an internal error
                status, why = "internal-error", type(exc).__name__
            finally:
                signal.alarm(0)
            seconds = time.perf_counter() - t
            total += seconds
            outcomes[status] += 1
            print(f"{seconds:6.1f}s  {status:14} {f.name[:48]:48} {why[:160]}", flush=True)
    print(f"\n{len(files)} files, {total:.0f} s: " + ", ".join(f"{n} {s}" for s, n in outcomes.most_common()))
    print("removed: " + (", ".join(f"{n} {k}" for k, n in removed.most_common()) or "nothing"))


if __name__ == "__main__":
    main()
