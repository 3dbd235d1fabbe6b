"""The redacted text of a released document, each redaction replaced by "[ground]".

Made with presidio-anonymizer's replace operator from the very same redaction
spans as the PDF, so the text and the PDF can never disagree about what was
removed.  Pages are separated by a form feed.
"""

from __future__ import annotations

from pipeline.decide import Redaction
from pipeline.model import Document


def redacted_text(doc: Document, redactions: list[Redaction]) -> str:
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    engine = AnonymizerEngine()
    pages = []
    for page in doc.pages:
        spans = [r for r in redactions if r.page == page.index]
        if not spans:
            pages.append(page.text)
            continue
        # The ground code is used as the "entity type" so one operator per ground prints it.
        results = [RecognizerResult(r.ground, r.start, r.end, 1.0) for r in spans]
        operators = {g: OperatorConfig("replace", {"new_value": f"[{g}]"}) for g in {r.ground for r in spans}}
        pages.append(engine.anonymize(text=page.text, analyzer_results=results, operators=operators).text)
    return "\f".join(pages) + "\n"
