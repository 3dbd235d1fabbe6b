"""Publication benchmark: share of outputs that pass the PDF/UA checks, time the tags and the check add.

    python benchmarks/publication.py [--weasy 10] [--libre 5] [--pages 4] [--out /tmp/pub-bench]

Builds tagged inputs (WeasyPrint pdf/ua-1, LibreOffice tagged export of a .docx) with
fictitious names on every page, plus the untagged samples/, runs ``python -m pipeline run``
and reports from the audit log: per producer, how many outputs pass pdfua's error rules,
how many are no worse than their input, and the accessibility stage's seconds per page.
The time pipeline.tags adds to the writer is measured by redacting each tagged input
twice with the run's own areas: as released, and with the tree dropped (the old writer).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's pipeline

NAMES = ["Sanne Bakker", "Petra Jansen", "Kees de Vries", "Joyce Timmermans", "Ahmed el Amrani"]
PARA = (
    "Op {d} maart 2023 sprak de afdeling met {n} over de aanvraag. De minister wil de brief "
    "voor het einde van de maand tekenen. Het project loopt volgens planning en de kosten blijven binnen "
    "de begroting. {n} stuurt de cijfers voor het overleg van volgende week."
)


def weasy(path: Path, k: int, pages: int) -> None:
    import weasyprint

    body = "".join(
        f"<h2>Deel {p + 1}</h2>"
        + "".join(f"<p>{PARA.format(d=p + 1, n=NAMES[(k + p + i) % len(NAMES)])}</p>" for i in range(8))
        + '<p style="page-break-after: always"></p>'
        for p in range(pages)
    )
    head = f'<html lang="nl"><head><title>Notitie {k}</title></head>'
    html = f"{head}<body><h1>Notitie {k}</h1>{body}</body></html>"
    weasyprint.HTML(string=html).write_pdf(str(path), pdf_variant="pdf/ua-1")


def libre(path: Path, k: int, pages: int) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = f"Verslag {k}"
    d.add_heading(f"Verslag {k}", 1)
    for p in range(pages):
        for i in range(8):
            d.add_paragraph(PARA.format(d=p + 1, n=NAMES[(k + p + i) % len(NAMES)]))
        d.add_page_break()
    src = path.with_suffix(".docx")
    d.save(src)
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    subprocess.run(
        ["soffice", "--headless", "--convert-to", export, "--outdir", str(path.parent), str(src)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    src.unlink()


def tag_overhead(src_dir: Path, out_dir: Path) -> tuple[float, float, int]:
    """Writer seconds with and without pipeline.tags for every released tagged input, and their pages."""
    import pikepdf

    from pipeline import tags
    from pipeline.decide import decide
    from pipeline.detect import detect
    from pipeline.engine import Engine
    from pipeline.extract import extract
    from pipeline.process import describe
    from pipeline.redact import redact_pdf

    engine = Engine.load()
    with_tags = without = 0.0
    pages = 0
    placed = [0, 0, 0]  # labels in the sentence, after text the name ended, labels tagged
    original = tags.detach
    for pdf in sorted(src_dir.glob("*.pdf")):
        with pikepdf.open(pdf) as p:
            if not tags.is_tagged(p):
                continue
        doc = extract(pdf)
        outcome = decide(doc, detect(doc, engine.analyzer, engine.entities), engine.rules)
        areas = outcome.areas(doc)
        title = describe(doc)[0]
        tagging = tags.TagInput.build(title, outcome.redactions, (pg.text for pg in doc.pages))
        pages += doc.page_count
        t = time.perf_counter()
        report = redact_pdf(pdf, out_dir / "with.pdf", areas, tagging=tagging)
        with_tags += time.perf_counter() - t
        placed[0] += report.tags.labels_in_place
        placed[1] += report.tags.labels_at_end
        placed[2] += report.tags.labels_tagged

        def untagged(*args, **kwargs):
            kept = original(*args, **kwargs)
            kept.tagged = False
            return kept

        tags.detach = untagged
        try:
            t = time.perf_counter()
            redact_pdf(pdf, out_dir / "without.pdf", areas, tagging=tagging)
            without += time.perf_counter() - t
        finally:
            tags.detach = original
    print(
        f"labels read where the name was: {placed[0]} inside the sentence + {placed[1]} after the "
        f"text the name ended, of {placed[2]}"
    )
    return with_tags, without, pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--weasy", type=int, default=10)
    ap.add_argument("--libre", type=int, default=5)
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--out", type=Path, default=Path("/tmp/pub-bench"))
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    src = args.out / "in"
    src.mkdir(parents=True)
    for k in range(args.weasy):
        weasy(src / f"weasy-{k}.pdf", k, args.pages)
    for k in range(args.libre):
        libre(src / f"libre-{k}.pdf", k, args.pages)
    for f in (Path(__file__).parent.parent / "samples").glob("*.pdf"):
        shutil.copy(f, src / f"sample-{f.name}")
    out = args.out / "out"
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1", "-q"],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t
    docs = [
        r
        for r in map(json.loads, (out / "audit.jsonl").read_text(encoding="utf-8").splitlines())
        if r.get("type") == "document"
    ]
    print(f"run: exit {proc.returncode}, {len(docs)} documents, {wall:.1f} s wall")
    for kind in ("weasy", "libre", "sample"):
        group = [r for r in docs if str(r.get("output", "")).startswith(kind)]
        if not group:
            continue
        released = [r for r in group if r["status"] == "released"]
        acc = [r["accessibility"] for r in released if r.get("accessibility", {}).get("output")]
        passes = sum(1 for a in acc if a["output"]["passes"])
        inputs = sum(1 for a in acc if a.get("input") and a["input"]["passes"])
        no_worse = sum(1 for a in acc if not a["worse"] and not a["worse_warnings"])
        pages = sum(r["pages"] for r in released)
        check = sum(r["stage_seconds"].get("accessibility", 0) for r in released)
        print(
            f"{kind}: {len(released)}/{len(group)} released, {pages} pages; PDF/UA errors none: "
            f"output {passes}/{len(acc)}, input {inputs}/{len(acc)}; "
            f"no worse than input: {no_worse}/{len(acc)}; "
            f"accessibility check {1000 * check / max(pages, 1):.1f} ms/page"
        )
    with_tags, without, pages = tag_overhead(src, args.out)
    print(
        f"writer on tagged inputs: {1000 * with_tags / max(pages, 1):.1f} ms/page with pipeline.tags, "
        f"{1000 * without / max(pages, 1):.1f} ms/page dropping the tree ({pages} pages)"
    )


if __name__ == "__main__":
    main()
