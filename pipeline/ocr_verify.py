"""Verification by reading again: OCR each redacted scanned page of the output; fail closed.

The text extractors of pipeline.verify read the invisible text layer of a scanned page
(pdfplumber, pypdfium2 and pdftotext all extract render-mode-3 text), but only OCR reads
the pixels.  Each output page that is scanned and carries a redaction is rendered at
300 dpi from the *output file* and recognised again; no redacted string (NFKC,
case-insensitive, whole words, whitespace collapsed) may be found more often than the
page's kept OCR text legitimately holds it (the same name kept readable on purpose).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline.model import Secret


def norm(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the form both sides are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def count(text: str, target: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(target) + r"(?!\w)", text)) if target in text else 0


def reread(
    pdf_path: Path, pages: Sequence[int], secrets: Sequence[Secret], kept: Mapping[int, str]
) -> tuple[list[str], list[str]]:
    """(problems, checks) of the OCR re-read of ``pages`` (0-based) of the output PDF.

    ``kept``: per page, the OCR text the writer left readable (its invisible layer).
    """
    import pypdfium2 as pdfium

    from pipeline.ocr import OcrError, ocr_page

    problems: list[str] = []
    if not pages:
        return problems, []
    texts: dict[int, str] = {}
    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except Exception as exc:  # noqa: BLE001 - unreadable output: not verified
        return [f"OCR re-read could not open the output ({type(exc).__name__})"], []
    try:
        for i in pages:
            try:
                result = ocr_page(pdf, i)
            except OcrError as exc:
                problems.append(f"OCR re-read of page {i + 1} failed: {exc}")
                continue
            texts[i] = norm(" ".join(w.text for w in result.words))
    finally:
        pdf.close()
    kept_norm = {i: norm(kept.get(i, "")) for i in pages}
    for secret in secrets:
        target = norm(secret.text)
        if len(target) < 2:
            continue
        for i, text in texts.items():
            found = count(text, target)
            if found > count(kept_norm[i], target):
                problems.append(f"{secret.ref} read {found}x by OCR on page {i + 1} of the output")
    checks = [f"ocr re-read: {len(texts)} scanned page(s) recognised again and searched"]
    return problems, checks
