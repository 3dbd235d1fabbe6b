"""Scanned pages: speed against bare Tesseract, and quality on a software print-and-scan corpus.

Why separate from the tests: figures, not pass/fail.  Three parts (``--part``):

- ``quality``: a subset of the development corpus (``benchmarks/corpus.py``, gold from its
  generator) is "printed and scanned" in software: each page rendered at 200 or 300 dpi,
  rotated 0.3-1.5 degrees, noise, blur, JPEG (every third document 1-bit instead).  The
  pipeline runs on the born-digital and on the scanned PDFs; both outputs are scored with
  ``benchmarks/quality.py``'s scorer, the scanned ones twice: from their text layer
  (pypdfium2) and from what a reader sees (the output pages rendered by Poppler and read
  by a bare ``tesseract -l nld``, independent of the pipeline's OCR).
- ``speed``: the same scanned PDFs through ``python -m pipeline run --workers 2`` against
  bare ``tesseract -l nld`` on the same pages pre-rendered at 300 dpi, two at a time, in
  one run (OMP_THREAD_LIMIT=1); peak RSS of the largest worker.
- ``real``: the pipeline on the real scanned decisions in ../shared (statuses, OCR
  confidence per page); no page may end ``needs-ocr``.

Usage: python benchmarks/ocr.py [--part quality,speed,real] [--docs N] [--work DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import quality  # noqa: E402
from corpus import build_corpus, read_gold  # noqa: E402

WORK = Path("/work/tmp-ocr")
# ../shared next to the repository, or next to the folder of worktrees
REAL_SCANS = (
    next(
        (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "data"
    / "nl-gov-woo"
    / "scans"
)
ENV1 = {**os.environ, "OMP_THREAD_LIMIT": "1"}


# ------------------------------------------------------------------ print and scan in software


def scan_page(image, rng: random.Random, dpi: int, bitonal: bool):
    """One page as a cheap office scanner would give it back (PIL image)."""
    from PIL import Image, ImageFilter

    gray = image.convert("L")
    gray = gray.rotate(rng.uniform(0.3, 1.5) * rng.choice((-1, 1)), Image.Resampling.BILINEAR, fillcolor=255)
    gray = gray.filter(ImageFilter.GaussianBlur(0.4 if dpi < 250 else 0.6))
    import numpy as np

    arr = np.asarray(gray, dtype=np.int16)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 12, arr.shape)
    gray = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
    if bitonal:
        return gray.point(lambda v: 255 if v > 150 else 0).convert("1")
    buf = io.BytesIO()
    gray.save(buf, format="JPEG", quality=rng.choice((60, 75, 85)))
    return Image.open(io.BytesIO(buf.getvalue()))


def scan_pdf(src: Path, dst: Path, seed: int, bitonal: bool) -> int:
    """Write an image-only copy of ``src``; returns its page count."""
    import pikepdf
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    dpi = rng.choice((200, 300))
    pdf = pdfium.PdfDocument(str(src))
    out = pikepdf.new()
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            img = scan_page(page.render(scale=dpi / 72, grayscale=True).to_pil(), rng, dpi, bitonal)
            page.close()
            if img.mode == "1":
                data, bpc, filt = img.tobytes(), 1, None
                # PIL's 1-bit rows: 1 = white; DeviceGray 1-bit: 1 = white too
            else:
                buf = io.BytesIO()
                img.save(buf, format="JPEG", quality=90)
                data, bpc, filt = buf.getvalue(), 8, pikepdf.Name.DCTDecode
            stream = pikepdf.Stream(out, data)
            stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
            stream.Width, stream.Height = img.width, img.height
            stream.ColorSpace, stream.BitsPerComponent = pikepdf.Name.DeviceGray, bpc
            if filt:
                stream.Filter = filt
            pg = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=pikepdf.Array([0, 0, w, h]),
                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream)),
                Contents=out.make_stream(f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q".encode()),
            )
            out.pages.append(pikepdf.Page(out.make_indirect(pg)))
        dst.parent.mkdir(parents=True, exist_ok=True)
        out.save(dst)
        return len(out.pages)
    finally:
        pdf.close()


def make_scans(corpus: Path, docs: list, born: Path, scans: Path) -> int:
    """Copy the chosen born-digital PDFs and write their scanned twins; total pages."""
    pages = 0
    for n, doc in enumerate(docs):
        (born / doc.name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / doc.name, born / doc.name)
        pages += scan_pdf(corpus / doc.name, scans / doc.name, seed=n, bitonal=n % 3 == 2)
    return pages


# ------------------------------------------------------------------ scoring


def ocr_text(pdf: Path) -> str:
    """What a reader sees: every page rendered by Poppler at 300 dpi, read by bare tesseract."""
    with_pages = []
    tmp = WORK / "render"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", "300", "-gray", str(pdf), str(tmp / "p")], check=True)
    for img in sorted(tmp.glob("p*.pgm")):
        out = subprocess.run(["tesseract", str(img), "stdout", "-l", "nld"], capture_output=True, env=ENV1)
        with_pages.append(out.stdout.decode("utf-8", errors="replace"))
    return "\n".join(with_pages)


def score(docs: list, folder: Path, run: Path, reader=None) -> dict:
    original = quality.pdf_text
    if reader is not None:
        quality.pdf_text = reader
    try:
        outputs = quality.outputs_by_input(run)
        sc = quality.Score()
        for doc in docs:
            rel = outputs.get(quality.sha256(folder / doc.name))
            quality.score_doc(doc, run / "documents" / rel if rel else None, sc, rel or "")
        return quality.report(sc)[1]
    finally:
        quality.pdf_text = original


def pipeline_run(src: Path, out: Path, workers: int) -> tuple[float, int, int]:
    """(seconds, exit code, peak RSS in MB of the largest process of the run)."""
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            for p in [parent, *parent.children(recursive=True)]:
                try:
                    peak = max(peak, p.memory_info().rss)
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        time.sleep(0.5)
    return time.perf_counter() - t0, proc.returncode, peak >> 20


def statuses(run: Path) -> dict[str, str]:
    out = {}
    for ln in (run / "audit.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(ln)
        if rec.get("type") == "document":
            out[rec["output"]] = rec["status"] + (f" ({rec['reason']})" if rec.get("reason") else "")
    return out


# ------------------------------------------------------------------ parts


def part_quality(args, docs: list) -> None:
    born, scans = args.work / "born", args.work / "scans"
    if not scans.exists():
        pages = make_scans(args.corpus, docs, born, scans)
        print(f"corpus: {len(docs)} documents, {pages} pages scanned in software", flush=True)
    for name, src in (("born-digital", born), ("scanned", scans)):
        out = args.work / f"run-{name}"
        secs, rc, peak = pipeline_run(src, out, args.workers)
        print(f"{name}: exit {rc}, {secs:.0f} s, peak RSS {peak} MB", flush=True)
        bad = {k: v for k, v in statuses(out).items() if not v.startswith("released")}
        if bad:
            print(f"  not released: {bad}")
        print(f"  {name} (text layer, pypdfium2): {fmt(score(docs, src, out))}", flush=True)
        if name == "scanned":
            print(f"  {name} (bare OCR of the output): {fmt(score(docs, src, out, ocr_text))}", flush=True)
    # The reading ceiling: bare OCR of the scanned *inputs* scored as if they were outputs
    # (leaks are then everything; keep/other say how much OCR itself loses).
    print(f"  scanned inputs read by bare OCR (keep/other ceiling): {fmt(score_inputs(docs, scans))}")


def score_inputs(docs: list, scans: Path) -> dict:
    sc = quality.Score()
    original = quality.pdf_text
    quality.pdf_text = ocr_text
    try:
        for doc in docs:
            quality.score_doc(doc, scans / doc.name, sc, "")
    finally:
        quality.pdf_text = original
    return quality.report(sc)[1]


def fmt(f: dict) -> str:
    text = "leak={leak:.2f}% names={names:.2f}% email={email:.2f}% keep={keep:.2f}% other={other:.2f}%"
    return text.format(**f) + f" released={f['released']}/{f['documents']}"


def part_speed(args, docs: list) -> None:
    scans = args.work / "scans"
    if not scans.exists():
        make_scans(args.corpus, docs, args.work / "born", scans)
    images = args.work / "speed-images"
    shutil.rmtree(images, ignore_errors=True)
    images.mkdir(parents=True)
    pdfs = sorted(scans.rglob("*.pdf"))
    for k, pdf in enumerate(pdfs):
        subprocess.run(["pdftoppm", "-r", "300", "-gray", str(pdf), str(images / f"d{k:03d}")], check=True)
    pages = sorted(images.glob("*.pgm"))

    def bare(img: Path) -> None:
        subprocess.run(["tesseract", str(img), "stdout", "-l", "nld", "tsv"], capture_output=True, env=ENV1)

    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(bare, pages))
        bare_s = time.perf_counter() - t0
        secs, rc, peak = pipeline_run(scans, args.work / "run-speed", args.workers)
        print(
            f"speed: {len(pages)} scanned pages, {args.workers} workers: "
            f"bare tesseract {len(pages) / bare_s:.3f} pages/s ({bare_s:.0f} s), "
            f"pipeline {len(pages) / secs:.3f} pages/s ({secs:.0f} s, exit {rc}), "
            f"ratio {bare_s / secs:.2f}, peak RSS {peak} MB",
            flush=True,
        )
        stages: dict[str, float] = {}
        for ln in (args.work / "run-speed" / "audit.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(ln)
            if rec.get("type") == "document":
                for k, v in rec.get("stage_seconds", {}).items():
                    stages[k] = stages.get(k, 0.0) + v
        sums = json.dumps({k: round(v) for k, v in stages.items()})
        print(f"  pipeline stage seconds (sum over documents): {sums}")


def part_real(args) -> None:
    if not REAL_SCANS.is_dir():
        print(f"real: {REAL_SCANS} not found, skipped")
        return
    out = args.work / "run-real"
    secs, rc, peak = pipeline_run(REAL_SCANS, out, args.workers)
    st = statuses(out)
    ocr_pages = []
    for ln in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(ln)
        if rec.get("type") == "ocr":
            ocr_pages += [p["confidence"] for p in rec["pages"]]
    released = sum(v.startswith("released") for v in st.values())
    print(f"real: {len(st)} documents, {released} released, {secs:.0f} s, exit {rc}, peak RSS {peak} MB")
    print(
        f"  OCR'd pages: {len(ocr_pages)}, mean confidence {sum(ocr_pages) / max(len(ocr_pages), 1):.1f}, "
        f"lowest {min(ocr_pages, default=0):.1f}"
    )
    for k, v in sorted(st.items()):
        if not v.startswith("released"):
            print(f"  {k[:60]}: {v[:200]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", default="quality,speed,real")
    ap.add_argument("--corpus", type=Path, default=WORK / "corpus", help="built if gold.jsonl is missing")
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--docs", type=int, default=12, help="corpus documents to scan (every k-th)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    parts = set(args.part.split(","))
    docs = []
    if parts & {"quality", "speed"}:
        if not (args.corpus / "gold.jsonl").is_file():
            build_corpus(args.corpus, REAL_SCANS.parents[1] / "uwv-woo-texts")
        every = read_gold(args.corpus)
        step = max(1, len(every) // args.docs)
        docs = every[::step][: args.docs]
    if "quality" in parts:
        part_quality(args, docs)
    if "speed" in parts:
        part_speed(args, docs)
    if "real" in parts:
        part_real(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
