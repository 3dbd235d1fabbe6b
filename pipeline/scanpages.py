"""Scanned pages: which pages need OCR, and their OCR words as the page's glyphs and text.

A page is scanned when it shows an image but has no text layer, or when its only text
is invisible (render mode 3) over a page-size image: an OCR layer made by ocrmypdf or a
scanner.  Such a layer is dropped and the page read again, because its boxes are not
where the words are in the pixels (line boxes much taller than the glyphs): blanking
pixels under them would miss ink, and invisible text would stay over blanked areas.

After ``ocr_document`` the OCR'd pages hold the recognised words as glyphs (one box per
character) and text, so detect -> decide run on them unchanged; the writer
(pipeline.redact_scan) and the verification (pipeline.ocr_verify) use the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.model import Box, Char, Document, Page, RedactionArea
from pipeline.ocr import OcrError, PageOcr, Word, ocr_image, page_dpi, render, unavailable
from pipeline.signatures import find as find_signatures

# A page whose mean word confidence is below this is not released by ``run``: too much
# of its text may have been misread for detection to be trusted.
LOW_CONFIDENCE = 60.0
# ... judged only with at least this many words (a blank back page or a photo has none).
MIN_WORDS = 8
# Image area (fraction of the page) above which invisible text is taken for an OCR layer.
OCR_LAYER_COVERAGE = 0.5
SIGNATURE_GROUND = "5.1.2e"  # a signature is personal data of the signer
# A word read with less confidence than this, within NEAR characters of a finding, flags the
# finding for the reviewer (``scan``): a name next to it may have been misread or cut.
UNCERTAIN = 60.0
NEAR = 30
FLAG = "low OCR confidence nearby"


@dataclass(frozen=True)
class PageStats:
    """What the audit log and the hold rule need of a page's OCR (no text)."""

    words: int
    confidence: float  # mean word confidence, 0..100
    skew: float  # degrees the page was rotated before recognition


@dataclass
class ScanState:
    """The document's scanned pages and what OCR made of them."""

    pages: dict[int, PageStats] = field(default_factory=dict)  # OCR'd pages by index
    scanned: list[int] = field(default_factory=list)  # every page that needed OCR
    replaced_layer: list[int] = field(default_factory=list)  # pages whose OCR layer was dropped
    problem: str = ""  # why the document stays needs-ocr (OCR missing or failed)
    # handwriting near an anchor word, per page (pipeline.signatures): redacted as 5.1.2e
    signatures: dict[int, list[tuple[float, ...]]] = field(default_factory=dict)
    # text spans of words read with low confidence, per page (for the review flag)
    uncertain: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def low_confidence(self) -> list[int]:
        pages = sorted(self.pages.items())
        return [i for i, p in pages if p.words >= MIN_WORDS and p.confidence < LOW_CONFIDENCE]

    def hold_reason(self) -> str:
        """Why ``run`` must not release the document, or ""."""
        if self.problem:
            return self.problem
        low = self.low_confidence
        if low:
            detail = ", ".join(f"{i + 1} ({self.pages[i].confidence:.0f}%)" for i in low[:10])
            return f"low OCR confidence on page(s) {detail}: check the scan or review it with `scan`"
        return ""

    def record(self) -> dict[str, Any]:
        """The audit record: which pages were OCR'd, with mean word confidence (no text)."""
        return {
            "type": "ocr",
            "engine": "tesseract",
            "language": "nld",
            "pages": [
                {
                    "page": i + 1,
                    "words": p.words,
                    "confidence": round(p.confidence, 1),
                    "skew": p.skew,
                    "replaced_ocr_layer": i in self.replaced_layer,
                    "signatures": len(self.signatures.get(i, [])),
                }
                for i, p in sorted(self.pages.items())
            ],
            **({"problem": self.problem} if self.problem else {}),
        }

    def to_dict(self) -> dict[str, Any]:
        """For the second pass of a batch run (JSON), which reads the OCR'd pages from storage."""
        return {
            "pages": [[i, p.words, p.confidence, p.skew] for i, p in sorted(self.pages.items())],
            "scanned": self.scanned,
            "replaced_layer": self.replaced_layer,
            "problem": self.problem,
            "signatures": [[i, [list(b) for b in boxes]] for i, boxes in sorted(self.signatures.items())],
            "uncertain": [[i, [list(s) for s in spans]] for i, spans in sorted(self.uncertain.items())],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScanState:
        pages = {int(i): PageStats(int(n), float(c), float(s)) for i, n, c, s in d["pages"]}
        signatures = {int(i): [tuple(b) for b in boxes] for i, boxes in d.get("signatures", [])}
        uncertain = {int(i): [(int(s), int(e)) for s, e in spans] for i, spans in d.get("uncertain", [])}
        scanned, layered, problem = list(d["scanned"]), list(d["replaced_layer"]), str(d["problem"])
        return cls(pages, scanned, layered, problem, signatures, uncertain)

    def flag_rows(self, rows: list[dict[str, Any]]) -> None:
        """Mark review rows (``scan``) whose finding lies next to a word OCR was unsure of."""
        for row in rows:
            page, start, end = (int(v) for v in str(row.get("span", "")).split(":"))
            near = any(s < end + NEAR and start - NEAR < e for s, e in self.uncertain.get(page, []))
            row["ocr_flag"] = FLAG if near else ""

    def signature_areas(self) -> list[RedactionArea]:
        """The signatures as redaction areas (ground 5.1.2e, labelled)."""
        return [
            RedactionArea(Box(i, *b), SIGNATURE_GROUND)
            for i, boxes in sorted(self.signatures.items())
            for b in boxes
        ]

    def summary(self) -> str:
        """For the inventory: "p. 3 (91%), p. 4 (88%)"."""
        return ", ".join(f"p. {i + 1} ({p.confidence:.0f}%)" for i, p in sorted(self.pages.items()))


def scanned_pages(doc: Document, src: Path) -> tuple[list[int], list[int]]:
    """(pages that need OCR, of which those that carry an invisible OCR layer)."""
    without = doc.pages_without_text
    candidates = [
        p.index for p in doc.pages if p.index not in without and p.image_coverage >= OCR_LAYER_COVERAGE
    ]
    layered = _invisible_text_pages(src, candidates) if candidates else []
    return sorted(without + layered), layered


def _invisible_text_pages(src: Path, candidates: list[int]) -> list[int]:
    """Candidate pages whose text objects are all invisible (render mode 3)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    pdf = pdfium.PdfDocument(str(src))
    try:
        for i in candidates:
            page = pdf[i]
            try:
                modes = _text_modes(raw, page.raw)
            finally:
                page.close()
            if modes and all(m == raw.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes):
                out.append(i)
    finally:
        pdf.close()
    return out


def _text_modes(raw, parent, form: bool = False, level: int = 0) -> list[int]:
    """Render mode of every text object on a page, Form XObjects included."""
    count = (raw.FPDFFormObj_CountObjects if form else raw.FPDFPage_CountObjects)(parent)
    get = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
    modes = []
    for k in range(max(count, 0)):
        obj = get(parent, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            modes.append(raw.FPDFTextObj_GetTextRenderMode(obj))
        elif kind == raw.FPDF_PAGEOBJ_FORM and level < 14:
            modes.extend(_text_modes(raw, obj, True, level + 1))
    return modes


def ocr_document(doc: Document, src: Path, done: dict[str, Any] | None = None) -> ScanState | None:
    """OCR the scanned pages of ``doc`` in place; None when it has none.

    Without Tesseract (or its Dutch model) nothing changes and ``problem`` says what to
    install; the caller keeps the document ``needs-ocr``.  ``done``: the first pass's
    ScanState.to_dict() for a document it stored with its pages OCR'd already.
    """
    if done:
        return ScanState.from_dict(done)
    scanned, layered = scanned_pages(doc, src)
    if not scanned:
        return None
    state = ScanState(scanned=scanned, replaced_layer=layered)
    missing = unavailable()
    if missing:
        state.problem = f"page(s) {_pages(scanned)} have no text layer (scanned) and need OCR: {missing}"
        return state
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    try:
        for i in scanned:
            page = doc.pages[i]
            crop = page.cropbox or (0.0, 0.0, page.width, page.height)
            try:
                dpi = page_dpi(pdf, i)
                image = render(pdf, i, dpi)
                words, angle = ocr_image(image, (crop[0], crop[1]), dpi)
            except OcrError as exc:
                state.problem = f"OCR of page {i + 1} failed: {exc}"
                return state
            result = PageOcr(index=i, words=words, skew=angle)
            found = find_signatures(image, words, (crop[0], crop[1]), dpi)
            if found:
                state.signatures[i] = found
            state.pages[i] = PageStats(len(result.words), round(result.confidence, 2), result.skew)
            low: list[tuple[int, int]] = []
            doc.pages[i] = page_from_ocr(page, result, low)
            if low:
                state.uncertain[i] = low
    finally:
        pdf.close()
    return state


def page_from_ocr(old: Page, result: PageOcr, uncertain: list[tuple[int, int]] | None = None) -> Page:
    """A page whose glyphs and text are the OCR words: a space between words, a newline between lines.

    OCR often splits an e-mail address at its "@" ("j.jansen@ uwv.nl", "j.jansen @ uwv.nl"):
    words on one line that end or start with "@" are joined without a space, or the address
    would escape the e-mail recognizer.  ``uncertain`` collects the text spans of the words
    read with less than UNCERTAIN confidence.
    """
    chars: list[Char] = []
    parts: list[str] = []
    cmap: list[int] = []
    prev: Word | None = None
    for w in result.words:
        if prev is not None:
            if w.line != prev.line:
                parts.append("\n")
                cmap.append(-1)
            elif not (prev.text.endswith("@") or w.text.startswith("@")):
                parts.append(" ")
                cmap.append(-1)
        prev = w
        if uncertain is not None and w.conf < UNCERTAIN:
            uncertain.append((len(cmap), len(cmap) + len(w.text)))
        for ch, (x0, top, x1, bottom) in zip(w.text, w.chars, strict=True):
            cmap.append(len(chars))
            parts.append(ch)
            chars.append(Char(ch, x0, top, x1, bottom, bottom - top, True, w.line))
    return Page(
        index=old.index,
        width=old.width,
        height=old.height,
        chars=chars,
        text="".join(parts),
        char_map=cmap,
        image_count=old.image_count,
        image_coverage=old.image_coverage,
        cropbox=old.cropbox,
    )


def _pages(indices: list[int]) -> str:
    shown = ", ".join(str(i + 1) for i in indices[:10])
    return shown + (", ..." if len(indices) > 10 else "")
