"""The forms of an output's text in which redacted strings are searched.

One definition for the run's own verification (pipeline.verify) and for the auditor's
re-check of an output folder (``woo-redact verify DIR``, pipeline.audit_check), so the
two leak checks read the same text the same way and cannot drift apart.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

_HYPHEN_JOINED = re.compile(r"(\w)-[ \t]*\n\s*(\w)")
_HYPHEN_KEPT = re.compile(r"-[ \t]*\n\s*")
_SPACE = re.compile(r"\s+")


def pdfium_page_texts(path: Path) -> list[str]:
    """The text of each page as PDFium (pypdfium2) reads it, independent of the pipeline's extractor."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


def pdftotext_page_texts(path: Path) -> list[str] | None:
    """The text of each page as Poppler's pdftotext reads it; None if it is not installed."""
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    res = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120, check=True)
    return res.stdout.decode("utf-8", "replace").split("\f")


def clean(text: str) -> str:
    """Line ends, NULs and byte-order marks out; PDFium's line-end hyphen marks as "-" + line break."""
    text = text.replace("\r", "\n").replace("\x00", "").replace("\ufeff", "")
    # pdfium marks a line-end hyphen as U+FFFE (or U+0002) and drops the line break.
    return text.replace("\ufffe", "-\n").replace("\x02", "-\n").replace("\xad", "-")


def forms(text: str) -> list[str]:
    """The text as read, in NFKC and as it shows (zero-width characters out: pipeline.textnorm),
    each with line-end hyphenation joined and kept (no duplicates)."""
    from pipeline.textnorm import visible_text

    text = clean(text)
    out: list[str] = []
    for t in dict.fromkeys((text, unicodedata.normalize("NFKC", text), visible_text(text))):
        for v in (_HYPHEN_JOINED.sub(r"\1\2", t), _HYPHEN_KEPT.sub("-", t)):
            if v not in out:
                out.append(v)
    return out


def collapse(text: str) -> str:
    """Every run of white space one space."""
    return _SPACE.sub(" ", text)


__all__ = ["clean", "collapse", "forms", "pdfium_page_texts", "pdftotext_page_texts"]
