"""Text to PDF: how e-mails, plain-text attachments and the hidden-content appendix become pages.

Everything is escaped into a small HTML document of our own and laid out with PyMuPDF's
Story (no network, no scripts, no remote images): the PDF holds real text that the
pipeline extracts, redacts and verifies like any other document.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

CSS = """
body {font-family: sans-serif; font-size: 10pt; line-height: 1.3;}
table {border-collapse: collapse; margin-bottom: 8pt;}
td {vertical-align: top; padding: 1pt 6pt 1pt 0;}
td.k {font-weight: bold; white-space: nowrap;}
h1 {font-size: 13pt; margin: 0 0 6pt 0;}
h2 {font-size: 11pt; margin: 10pt 0 4pt 0;}
p {margin: 0 0 5pt 0;}
"""


LONGEST_WORD = 60  # characters: a longer run without spaces is broken, or it would run off the page
LONGEST_ADDRESS = 90  # an e-mail address is kept whole up to here (broken, it would not be recognised)
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}[>,;.)]*", re.IGNORECASE)


def _break(word: str) -> str:
    if len(word) <= LONGEST_ADDRESS and _ADDRESS.fullmatch(word):
        return word
    parts = []
    while len(word) > LONGEST_WORD:
        window = word[:LONGEST_WORD]
        cut = max(window.rfind(c) for c in "/?&=#;,") + 1  # after a URL separator when there is one
        cut = cut if cut > LONGEST_WORD // 2 else LONGEST_WORD
        parts.append(word[:cut])
        word = word[cut:]
    return "\n".join([*parts, word])


def _wrap_long_words(text: str) -> str:
    """Break very long words (URLs, encoded data) over lines: text past the page edge is lost to readers."""
    return re.sub(rf"\S{{{LONGEST_WORD + 1},}}", lambda m: _break(m.group(0)), text)


def paragraphs(text: str) -> str:
    """Plain text as escaped HTML paragraphs, line breaks kept."""
    text = _wrap_long_words(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = [b for b in text.split("\n\n") if b.strip()]
    return "".join("<p>" + "<br/>".join(html.escape(ln) for ln in b.split("\n")) + "</p>" for b in blocks)


def header_table(rows: Sequence[tuple[str, str]]) -> str:
    """Label/value rows (an e-mail's Van, Aan, ...) as an escaped HTML table."""
    cells = "".join(
        f"<tr><td class='k'>{html.escape(k)}:</td><td>{html.escape(v)}</td></tr>" for k, v in rows if v
    )
    return f"<table>{cells}</table>" if cells else ""


def renderer() -> dict[str, str]:
    """The tool and version that rendered a PDF here, for the audit log."""
    import pymupdf

    return {"tool": "woo-redact text rendering (PyMuPDF Story)", "version": f"PyMuPDF {pymupdf.VersionBind}"}


def write_pdf(body_html: str, dst: Path, title: str = "") -> Path:
    """Lay out ``body_html`` (already escaped) on A4 pages and write it to ``dst``."""
    import pymupdf

    story = pymupdf.Story(html=f"<html><body>{body_html}</body></html>", user_css=CSS)
    page = pymupdf.paper_rect("a4")
    frame = page + (56, 56, -56, -56)
    tmp = dst.with_name(f".{dst.name}.part")
    writer = pymupdf.DocumentWriter(str(tmp))
    more = 1
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(frame)
        story.draw(device)
        writer.end_page()
    writer.close()
    doc = pymupdf.open(str(tmp))
    doc.set_metadata({"title": "", "author": "", "creator": "woo-redact", "producer": "woo-redact"})
    doc.subset_fonts()
    doc.save(str(dst), garbage=3, deflate=True)
    doc.close()
    tmp.unlink(missing_ok=True)
    return dst


def text_pdf(text: str, dst: Path, heading: str = "") -> Path:
    """A plain text as a PDF (a .txt attachment, for example)."""
    head = f"<h1>{html.escape(heading)}</h1>" if heading else ""
    return write_pdf(head + paragraphs(text), dst)
