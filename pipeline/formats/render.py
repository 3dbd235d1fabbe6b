"""Text to PDF: how e-mails, plain-text attachments and the hidden-content appendix become pages.

Everything is escaped into a small HTML document of our own and laid out with WeasyPrint
(no network: its URL fetcher refuses every URL; no scripts, no remote images): the PDF
holds real text that the pipeline extracts, redacts and verifies like any other document.

WeasyPrint, not PyMuPDF's Story, because documents the pipeline makes itself must be
accessible (issue 19): with ``pdf_variant="pdf/ua-1"`` it writes a tagged PDF (structure
tree Document/H1/P/Table, every glyph in marked content, page furniture as artifacts,
``/Lang``, ``/Title`` with DisplayDocTitle, embedded subset fonts, real space glyphs so no
extractor glues words together), which pipeline.tags keeps and redacts like any tagged input.
Story has no tagging; adding marked content and a tree to its output afterwards would mean
parsing our own content streams back into the HTML's structure.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

CSS = """
@page {size: A4; margin: 56pt;}
body {font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.3;}
table {border-collapse: collapse; margin-bottom: 8pt;}
th, td {vertical-align: top; padding: 1pt 6pt 1pt 0; text-align: left;}
th {font-weight: bold; white-space: nowrap;}
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


def heading(text: str) -> str:
    """An escaped top heading: a screen reader's first landmark on the page (PDF/UA: H1)."""
    return f"<h1>{html.escape(text)}</h1>" if text.strip() else ""


def header_table(rows: Sequence[tuple[str, str]]) -> str:
    """Label/value rows (an e-mail's Van, Aan, ...) as an escaped HTML table."""
    cells = "".join(  # row headers, so a screen reader says which value is the sender (PDF/UA tables)
        f"<tr><th scope='row'>{html.escape(k)}:</th><td>{html.escape(v)}</td></tr>" for k, v in rows if v
    )
    return f"<table>{cells}</table>" if cells else ""


def renderer() -> dict[str, str]:
    """The tool and version that rendered a PDF here, for the audit log."""
    from importlib.metadata import version

    return {
        "tool": "woo-redact text rendering (WeasyPrint, PDF/UA-1)",
        "version": f"WeasyPrint {version('weasyprint')}",
    }


def _no_fetch():
    """A URL fetcher that fetches nothing: the HTML is ours, a URL in it would be a leak to the network."""
    from weasyprint.urls import URLFetcher

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"woo-redact fetches nothing: {url[:40]}")

    return NoFetch()


def write_pdf(body_html: str, dst: Path, title: str = "", lang: str = "nl") -> Path:
    """Lay out ``body_html`` (already escaped) on A4 pages as a tagged PDF (PDF/UA-1) at ``dst``.

    ``title`` is shown as the document title (DisplayDocTitle); the pipeline replaces it by
    the redacted title of the document on output.
    """
    import weasyprint

    page = (
        f"<!DOCTYPE html><html lang='{html.escape(lang)}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title or 'Document')}</title></head><body>{body_html}</body></html>"
    )
    fetcher = _no_fetch()
    tmp = dst.with_name(f".{dst.name}.part")
    weasyprint.HTML(string=page, base_url=None, url_fetcher=fetcher).write_pdf(
        str(tmp),
        stylesheets=[weasyprint.CSS(string=CSS, url_fetcher=fetcher)],
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
    )
    _scope_row_headers(tmp)
    tmp.replace(dst)
    return dst


def _scope_row_headers(path: Path) -> None:
    """Give each /TH the /Scope /Row its HTML ``scope`` says: WeasyPrint leaves it out (PDF/UA 7.5)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen and node.is_indirect:
                continue
            seen.add(node.objgen)
            if node.get("/S") == "/TH":
                attrs = node.get("/A")
                table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Row)
                if isinstance(attrs, pikepdf.Dictionary) and attrs.get("/O") == "/Table":
                    attrs.Scope = pikepdf.Name.Row
                elif attrs is None:
                    node.A = table
                else:
                    node.A = pikepdf.Array([*(attrs if isinstance(attrs, pikepdf.Array) else [attrs]), table])
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)
        pdf.save(path)


def text_pdf(text: str, dst: Path, title: str = "") -> Path:
    """A plain text as a PDF (a .txt attachment, for example)."""
    return write_pdf(heading(title) + paragraphs(text), dst, title=title)
