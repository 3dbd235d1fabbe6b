"""Detect: run the Presidio analyzer over every page's analysis text.

Detection proposes; it never decides.  Every result becomes a Finding that the
decide stage accepts or rejects with a named rule, so the audit log can explain
both what was redacted and what was deliberately left readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.analyzer import LANGUAGE
from pipeline.model import Document

# Entities detected only to protect other text (organisation names, places).
CONTEXT_ENTITIES = ["ORGANIZATION", "LOCATION"]


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
    for page in doc.pages:
        if not page.text.strip():
            continue
        results = analyzer.analyze(text=page.text, language=LANGUAGE, entities=wanted)
        for r in sorted(results, key=lambda r: (r.start, r.end)):
            meta = r.recognition_metadata or {}
            findings.append(
                Finding(
                    id=f"p{page.index + 1}-{len(findings) + 1}",
                    page=page.index,
                    start=r.start,
                    end=r.end,
                    text=page.text[r.start : r.end],
                    entity=r.entity_type,
                    score=round(float(r.score), 4),
                    recognizer=str(meta.get("recognizer_name", "unknown")),
                )
            )
    return findings
