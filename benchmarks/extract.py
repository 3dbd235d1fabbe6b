"""Extraction speed: pdfplumber (reference) against the pypdfium2 fast path, same files.

    python benchmarks/extract.py [--pages 200] [--repeat 3]

Builds a realistic batch (e-mail threads and memos, A4, 40-50 lines a page) with
reportlab in a temporary folder, extracts it with both engines on one core, checks
that both produce the same text, and prints pages per second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.extract import ENGINES, extract  # noqa: E402

LINES = [
    "Van: Bakker, Sanne <sanne.bakker@minszw.nl>",
    "Verzonden: dinsdag 14 maart 2023 16:42",
    "Aan: Kees de Vries <kees.devries@minszw.nl>; Dijkstra, Ahmed <ahmed.dijkstra@minszw.nl>",
    "Onderwerp: RE: Kamervragen pilot jongeren met een arbeidsbeperking",
    "Beste Kees,",
    "Dank voor je snelle reactie. Ik heb de conceptbeantwoording vanochtend telefonisch met Petra",
    "besproken; zij vraagt of UWV de cijfers over 2022 nog voor vrijdag kan aanleveren. Ahmed neemt",
    "daarover contact op met Yvonne El Amrani van UWV. De minister wil de brief uiterlijk 24 maart",
    "tekenen. Vragen van burgers over de pilot kunnen naar info@minszw.nl of naar 070 333 44 44.",
    "Met vriendelijke groet,",
    "Sanne Bakker",
    "Senior beleidsmedewerker | Directie Participatie en Decentrale Voorzieningen",
    "T 070 333 44 55 | M 06-12345678",
]


def build(folder: Path, pages: int) -> list[Path]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    files = []
    per_doc = 10
    for d in range(max(1, pages // per_doc)):
        path = folder / f"doc{d:04d}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        for _ in range(per_doc):
            c.setFont("Helvetica", 10)
            y = A4[1] - 60
            for i in range(45):
                c.drawString(60, y, LINES[i % len(LINES)])
                y -= 16
            c.showPage()
        c.save()
        files.append(path)
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp), args.pages)
        n_pages = sum(extract(f, engine="pdfium").page_count for f in files)
        texts: dict[str, list[str]] = {}
        print(f"{len(files)} documents, {n_pages} pages, best of {args.repeat} runs, one core")
        for engine in ENGINES:
            best = float("inf")
            for _ in range(args.repeat):
                t = time.perf_counter()
                docs = [extract(f, engine=engine) for f in files]
                best = min(best, time.perf_counter() - t)
            texts[engine] = [p.text for d in docs for p in d.pages]
            print(f"{engine:>10}: {n_pages / best:7.1f} pages/s  ({best:.2f} s)")
        same = texts["pdfium"] == texts["pdfplumber"]
        print(f"same text from both engines: {same}")


if __name__ == "__main__":
    main()
