"""Detect: run the Presidio analyzer over every page's analysis text.

Detection proposes; it never decides.  Every result becomes a Finding that the
decide stage accepts or rejects with a named rule, so the audit log can explain
both what was redacted and what was deliberately left readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.analyzer import LANGUAGE
from pipeline.model import Document, Page
from pipeline.namespans import whole_name

# Entities detected only to protect other text (organisation names, places).
CONTEXT_ENTITIES = ["ORGANIZATION", "LOCATION"]

# Pages per spaCy batch: larger batches gain little and hold more parsed pages in memory.
NLP_BATCH = 16


@dataclass
class Finding:
    """One detector result on one page's analysis text."""

    id: str
    page: int
    start: int
    end: int
    text: str
    entity: str
    score: float
    recognizer: str

    def overlaps(self, other: Finding) -> bool:
        return self.page == other.page and self.start < other.end and other.start < self.end


def detect(doc: Document, analyzer, entities: list[str]) -> list[Finding]:
    """All findings for ``entities`` (plus organisation/place context) on every page."""
    wanted = sorted(set(entities) | set(CONTEXT_ENTITIES))
    findings: list[Finding] = []
    pages = [page for page in doc.pages if page.text.strip()]
    texts = [analysis_text(page) for page in pages]
    # The spaCy model runs over the document's pages in batches (nlp.pipe): about a
    # fifth cheaper per page than one call per page.  A document always forms the same
    # batches, so its findings do not depend on the rest of the run.
    nlp_results = analyzer.nlp_engine.process_batch(texts, LANGUAGE, batch_size=NLP_BATCH)
    for page, text, (_, artifacts) in zip(pages, texts, nlp_results, strict=True):
        results = analyzer.analyze(text=text, language=LANGUAGE, entities=wanted, nlp_artifacts=artifacts)
        for r in sorted(results, key=_order):
            meta = r.recognition_metadata or {}
            start, end = r.start, r.end
            if r.entity_type == "PERSON":
                start, end = whole_name(page.text, start, end)  # "R. (Ruud" -> "R. (Ruud) Hermans"
            findings.append(
                Finding(
                    id=f"p{page.index + 1}-{len(findings) + 1}",
                    page=page.index,
                    start=start,
                    end=end,
                    text=page.text[start:end],
                    entity=r.entity_type,
                    score=round(float(r.score), 4),
                    recognizer=str(meta.get("recognizer_name", "unknown")),
                )
            )
    return findings


def _order(r) -> tuple:
    """Findings in text order; the same order in every run (Presidio's is set order)."""
    meta = r.recognition_metadata or {}
    return (r.start, r.end, r.entity_type, -r.score, str(meta.get("recognizer_name", "")))


# A line that reaches this fraction of the text block's width ended because it was full.
FULL_LINE = 0.8


def analysis_text(page: Page) -> str:
    """The page text with soft line breaks as spaces: same length, so offsets are unchanged.

    A prose line that runs to the right margin was wrapped, not ended; a name cut there
    ("Kun je Joëlle\nJanssen vragen") must reach the NER in one piece or neither half
    looks like a name.  Only breaks between two letters of the same size, after a line
    that runs from the left margin to the right one and before a line that starts at
    the left margin, are joined: headers, list items, signatures, headings and table
    cells end short, start indented or differ in size, and keep their breaks.
    """
    text = page.text
    upright = [c for c in page.chars if c.upright]
    if "\n" not in text or not upright:
        return text
    left = min(c.x0 for c in upright)
    width = max(c.x1 for c in upright) - left
    out = None
    start = text.find("\n", 1)
    while start != -1 and start < len(text) - 1:
        i, start = start, text.find("\n", start + 1)
        if not (text[i - 1].isalpha() and text[i + 1].isalpha()):
            continue
        before, after = page.char_map[i - 1], page.char_map[i + 1]
        if before < 0 or after < 0:
            continue
        a, b = page.chars[before], page.chars[after]
        first = _first_char(page, text.rfind("\n", 0, i) + 1, i)
        if (
            a.upright
            and b.upright
            and abs(a.size - b.size) < 0.5  # a heading or footnote is not the same paragraph
            and a.x1 >= left + FULL_LINE * width  # the line ran to the right margin...
            and first is not None
            and first.x0 <= left + 0.1 * width  # ...from the left one (not a table cell)
            and b.x0 <= left + 0.1 * width
        ):
            out = out or list(text)
            out[i] = " "
    return "".join(out) if out else text


def _first_char(page: Page, start: int, end: int):
    """The first glyph of ``page.text[start:end]`` (synthetic spaces have none)."""
    for k in range(start, end):
        if page.char_map[k] >= 0:
            return page.chars[page.char_map[k]]
    return None
