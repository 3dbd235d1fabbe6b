"""What the inventory says of a document: its title and date, guessed from its text."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.model import Document

_SUBJECT = re.compile(r"^(?:Onderwerp|Subject)\s*:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_SENT = re.compile(r"^(?:Verzonden|Sent|Datum|Date)\s*:?\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(vocab.ordered("months"), 1)}


def describe(doc: Document) -> tuple[str, str]:
    """The inventory's Document (title) and Datum: metadata, e-mail subject, first heading."""
    first = doc.pages[0].text if doc.pages else ""
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", doc.metadata.get("Title", "").strip())
    if title.lower() in {"untitled", "(anonymous)", "anonymous", "document", "naamloos", "titel"}:
        title = ""  # placeholders that PDF writers put in
    if not title:
        m = _SUBJECT.search(first)
        title = m.group(1).strip() if m else ""
    if not title:
        title = next((ln.strip() for ln in first.splitlines() if len(ln.strip()) > 3), "")
    date = ""
    m = _SENT.search(first)
    if m:
        date = _parse_date(m.group(1))
    if not date:
        raw = doc.metadata.get("CreationDate", "")
        d = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", raw)
        if d and d.group(1) != "2000":  # reportlab's invariant placeholder is no date
            date = f"{d.group(1)}-{d.group(2)}-{d.group(3)}"
    return title[:200], date


def _parse_date(text: str) -> str:
    t = text.lower()
    m = re.search(r"(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})", t)
    if m:
        return f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
    m = re.search(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})", t)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", t)
    return m.group(0) if m else ""
