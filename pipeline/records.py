"""Audit records of a document's findings and decisions: fingerprints and boxes, no text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.audit import Fingerprinter
from pipeline.decide import Outcome
from pipeline.model import Document

if TYPE_CHECKING:
    from pipeline.process import DocResult


def record_decisions(
    doc: Document, outcome: Outcome, fp: Fingerprinter, res: DocResult, log_text: bool
) -> None:
    """Audit records: one per finding and one per decision, with fingerprints instead of text."""
    in_redaction: dict[str, int] = {}
    for ri, r in enumerate(outcome.redactions):
        for d in r.decisions:
            in_redaction[d.finding.id] = ri
    for d in outcome.decisions:
        f = d.finding
        page = doc.pages[f.page]
        ctx = page.text[max(0, f.start - 40) : f.end + 40]
        boxes = [b.as_list() for b in page.span_boxes(f.start, f.end)]
        res.records.append(
            {
                "type": "finding",
                "document": res.job.rel,
                "finding": f.id,
                "page": f.page + 1,
                "boxes": boxes,
                "entity": f.entity,
                "recognizer": f.recognizer,
                "score": f.score,
                "fingerprint": fp(f.text),
                "context_fingerprint": fp(ctx),
                "length": len(f.text),
                **({"text": f.text, "context": ctx} if log_text else {}),
            }
        )
        res.records.append(
            {
                "type": "decision",
                "document": res.job.rel,
                "finding": f.id,
                "accepted": d.accepted,
                "ground": d.ground,
                "rule": d.rule,
                "by": d.by,
                "change": d.change,
                "redaction": in_redaction.get(f.id),
            }
        )
