"""Review app: how long a 10-page document's page images take to load (the target: under 1 s).

    python benchmarks/review_pages.py [--pages 10] [--repeat 3]

Scans one realistic document (A4, 45 lines a page, names and e-mail addresses on every
line) in a temporary folder, starts the review server in-process on 127.0.0.1, and times
what a browser does when the document page opens: the document data (/api/doc: extraction
and boxes) and then every page image, fetched over 6 connections as a browser does. "Cold"
is the first open (nothing rendered yet), "warm" the reopen (cached images).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract import build  # noqa: E402  (benchmarks/extract.py: the same synthetic pages)

from pipeline import api  # noqa: E402
from pipeline.review_app.render import PageRenderer  # noqa: E402
from pipeline.review_app.server import ReviewServer  # noqa: E402
from pipeline.review_app.store import ReviewStore  # noqa: E402
from pipeline.rules import load_rules  # noqa: E402


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as r:
        return len(r.read())


def open_document(base: str, token: str, pages: int) -> tuple[float, float, int]:
    """Seconds for /api/doc, seconds until every page image has arrived, image bytes."""
    t0 = time.perf_counter()
    fetch(f"{base}/api/doc?t={token}&d=1")
    t1 = time.perf_counter()
    with ThreadPoolExecutor(6) as pool:
        sizes = list(pool.map(fetch, [f"{base}/page?t={token}&d=1&p={p}" for p in range(pages)]))
    return t1 - t0, time.perf_counter() - t0, sum(sizes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cold, warm = [], []
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        pdf = build(src, args.pages)[0]
        api.scan([src], out, workers=0, quiet=True)
        pages = len(__import__("pypdfium2").PdfDocument(str(pdf)))
        for _ in range(args.repeat):
            store = ReviewStore(out, load_rules().grounds)
            server = ReviewServer(store, PageRenderer({n: d["src"] for n, d in store.docs.items()}))
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            base = f"http://127.0.0.1:{server.server_address[1]}"
            cold.append(open_document(base, server.token, pages))
            warm.append(open_document(base, server.token, pages))
            server.shutdown()
            server.server_close()
            server.renderer.close()
    for name, runs in (("cold", cold), ("warm", warm)):
        doc_s = statistics.median(r[0] for r in runs)
        all_s = statistics.median(r[1] for r in runs)
        mb = runs[0][2] / 1e6
        print(f"{name}: {pages} pages, document data {doc_s:.3f} s, all images {all_s:.3f} s ({mb:.1f} MB)")


if __name__ == "__main__":
    main()
