"""OCR of scanned pages with Tesseract's Dutch model: word boxes in pdfplumber coordinates.

The ``tesseract`` command line is used rather than tesserocr: it needs no compiled Python
binding (tesserocr builds against libtesseract headers that a plain Debian install lacks),
the benchmark's "bare tesseract" figure is then the very same program, and a crash in
Tesseract takes down a child process, not the worker.  Its cost, loading the Dutch model
per call (~0.1 s), is measured in benchmarks/ocr.py.

Each page is rendered at 300 dpi (pypdfium2, the visible CropBox in reading orientation,
as pdfplumber presents the page), deskewed (a 1.5 degree skew made Tesseract drop whole
paragraphs in a trial), and binarised by Tesseract with Sauvola (``thresholding_method=2``,
robust to noisy and unevenly lit scans).  Word boxes from the TSV output are mapped back
through the deskew rotation to the page: a box is the bounding box of the rotated word
rectangle, so it always covers the ink.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from math import cos, radians, sin

DPI = 300
LANG = "nld"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-nld"
# Tesseract options: whole-page layout analysis, Sauvola binarisation, TSV word boxes.
TESS_ARGS = ("--psm", "3", "-c", "thresholding_method=2")
MAX_SKEW = 5.0  # degrees searched either way; beyond that a page is rotated, not skewed
MIN_SKEW = 0.1  # below this a rotation costs more than it gains
TIMEOUT = 300  # seconds per page: a runaway Tesseract fails the page, not the batch
MAX_PIXELS = 40_000_000  # a render larger than this (A2 at 300 dpi) gets a lower resolution


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word: NFKC-normalised text, box in pdfplumber coordinates, confidence 0..100.

    ``line`` numbers Tesseract's text lines on the page in reading order; ``chars`` are
    per-character boxes (the word box split evenly in the deskewed image, mapped back).
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    line: int
    chars: tuple[tuple[float, float, float, float], ...]


@dataclass(slots=True)
class PageOcr:
    """What OCR found on one page."""

    index: int  # 0-based page index
    words: list[Word]
    skew: float  # degrees the page image was rotated before recognition

    @property
    def confidence(self) -> float:
        """Mean word confidence (0..100); 0 for a page without words."""
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 0.0


class OcrError(RuntimeError):
    """Tesseract failed on a page (crash, timeout, unreadable output)."""


def executable() -> str | None:
    """The tesseract program: ``$WOO_REDACT_TESSERACT`` (a name or path) or ``tesseract`` on the PATH."""
    return shutil.which(os.environ.get("WOO_REDACT_TESSERACT") or "tesseract")


def unavailable() -> str | None:
    """Why OCR cannot run here (one line with what to install), or None when it can."""
    return _unavailable(executable())


@functools.lru_cache(maxsize=4)
def _unavailable(exe: str | None) -> str | None:
    if exe is None:
        return f"Tesseract is not installed: {INSTALL_HINT}"
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return f"Tesseract does not run: {INSTALL_HINT}"
    if LANG not in out.split():
        return f"Tesseract has no Dutch model ({LANG}): {INSTALL_HINT}"
    return None


def page_dpi(pdf, index: int, dpi: float = DPI) -> float:
    """``dpi``, lowered for pages so large that the render would exceed MAX_PIXELS (memory)."""
    page = pdf[index]
    try:
        w, h = page.get_size()
    finally:
        page.close()
    pixels = (w / 72 * dpi) * (h / 72 * dpi)
    return dpi if pixels <= MAX_PIXELS else dpi * (MAX_PIXELS / pixels) ** 0.5


def render(pdf, index: int, dpi: float = DPI, grayscale: bool = True):
    """Page ``index`` of an open pypdfium2 document as a PIL image (CropBox, reading orientation)."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=grayscale, draw_annots=False)
        return bitmap.to_pil()
    finally:
        page.close()


def estimate_skew(image) -> float:
    """Degrees to rotate ``image`` (counter-clockwise, as PIL does) to make its text lines level.

    Projection profile on a reduced copy: ink pixels are sheared by each candidate angle
    and binned by row; level lines give the sharpest profile (largest sum of squares).
    """
    import numpy as np

    gray = image.convert("L")
    factor = max(1, gray.width // 800)
    small = np.asarray(gray.reduce(factor) if factor > 1 else gray, dtype=np.uint8)
    threshold = min(128, int(np.median(small)) * 0.6)
    ys, xs = np.nonzero(small < threshold)
    if len(xs) < 50:
        return 0.0
    if len(xs) > 200_000:  # plenty for a profile; keeps the search cheap on dark pages
        step = len(xs) // 200_000 + 1
        ys, xs = ys[::step], xs[::step]
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64)
    rows = small.shape[0]
    pad = int(abs(np.tan(radians(MAX_SKEW + 1))) * small.shape[1]) + 2

    def score(angle: float) -> float:
        # a line turned ``angle`` degrees counter-clockwise (rising to the right) becomes level
        shifted = ys + xs * np.tan(radians(angle))
        hist = np.bincount((shifted + pad).astype(np.int64), minlength=rows + 2 * pad)
        return float(np.dot(hist, hist))

    coarse = [a / 4 for a in range(int(-MAX_SKEW * 4), int(MAX_SKEW * 4) + 1)]
    best = max(coarse, key=score)
    fine = [best + a / 20 for a in range(-5, 6)]
    best = max(fine, key=score)
    # the content is turned ``best`` degrees counter-clockwise: turn it back
    return -round(best, 2) if abs(best) >= MIN_SKEW else 0.0


def tesseract_tsv(image, timeout: float = TIMEOUT, dpi: float = DPI) -> str:
    """Tesseract's TSV for a PIL image (sent as PGM/PPM on stdin; one thread, see OMP_THREAD_LIMIT)."""
    import io

    exe = executable()
    if exe is None:
        raise OcrError(f"Tesseract is not installed: {INSTALL_HINT}")
    buf = io.BytesIO()
    image.save(buf, format="PPM")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [exe, "stdin", "stdout", "-l", LANG, "--dpi", str(round(dpi)), *TESS_ARGS, "tsv"]
    try:
        proc = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"Tesseract took longer than {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise OcrError(f"Tesseract failed (exit {proc.returncode})")
    return proc.stdout.decode("utf-8", errors="replace")


def parse_tsv(tsv: str) -> list[tuple[str, float, float, float, float, float, tuple[int, int, int]]]:
    """Word rows of Tesseract TSV: (text, left, top, width, height, conf, (block, par, line)) in pixels."""
    out = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = unicodedata.normalize("NFKC", cols[11]).strip()
        if not text:
            continue
        try:
            left, top, width, height = (float(c) for c in cols[6:10])
            conf = max(0.0, float(cols[10]))
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
        except ValueError:
            continue
        out.append((text, left, top, width, height, conf, key))
    return out


def ocr_image(image, origin: tuple[float, float] = (0.0, 0.0), dpi: float = DPI) -> tuple[list[Word], float]:
    """OCR a page image; words in points, ``origin`` being where the image's top-left lies on the page.

    Returns the words and the deskew angle applied.
    """
    gray = image.convert("L")
    angle = estimate_skew(gray)
    if angle:
        from PIL import Image

        work = gray.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    else:
        work = gray
    rows = parse_tsv(tesseract_tsv(work, dpi=dpi))
    # rotated (expanded) image -> original image: p = R(-angle)(q - c') + c, image axes (y down)
    cx, cy = gray.width / 2, gray.height / 2
    qx, qy = work.width / 2, work.height / 2
    ca, sa = cos(radians(angle)), sin(radians(angle))
    scale = 72.0 / dpi
    ox, oy = origin

    def to_page(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        xs, ys = [], []
        for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            dx, dy = x - qx, y - qy
            xs.append(dx * ca - dy * sa + cx)
            ys.append(dx * sa + dy * ca + cy)
        return (ox + min(xs) * scale, oy + min(ys) * scale, ox + max(xs) * scale, oy + max(ys) * scale)

    words: list[Word] = []
    lines: dict[tuple[int, int, int], int] = {}
    for text, left, top, width, height, conf, key in rows:
        line = lines.setdefault(key, len(lines))
        n = len(text)
        chars = tuple(
            to_page(left + width * i / n, top, left + width * (i + 1) / n, top + height) for i in range(n)
        )
        x0, t0, x1, b1 = to_page(left, top, left + width, top + height)
        words.append(Word(text, x0, t0, x1, b1, conf, line, chars))
    return words, angle


def ocr_page(pdf, index: int, origin: tuple[float, float] = (0.0, 0.0)) -> PageOcr:
    """Render page ``index`` of an open pypdfium2 document at 300 dpi and OCR it.

    ``origin``: the CropBox's top-left in pdfplumber coordinates (what the render shows).
    """
    dpi = page_dpi(pdf, index)
    image = render(pdf, index, dpi)
    words, angle = ocr_image(image, origin, dpi)
    return PageOcr(index=index, words=words, skew=angle)
