"""Organisations a name or number belongs to, recognised from their form rather than a list.

- A company with its legal form (``Jansen Logistiek B.V.``, ``Bakker & Zn. V.O.F.``) is an
  organisation even though it contains a surname: batch consistency must not black out
  ``Jansen`` inside it because a Petra Jansen was redacted elsewhere.  These spans join
  the NER's ORGANIZATION findings in pipeline.decide (inside-organisation, consistency).
- An organisation's service line is named as one: ``UWV Telefoon Werknemers: 088 - ...``,
  ``DUO Klantenservice 050 ...``.  Such a number is the organisation's, not a person's
  direct line (samples/README.md: brief-burger.pdf).
"""

from __future__ import annotations

import regex as re

from pipeline.detect import Finding
from pipeline.model import Document

# Words of a company name: the first capitalised (or a digit), then also "&" and "en".
_FIRST = r"[\p{Lu}\d][\p{L}\d&'’.-]*"
_WORD = r"(?:[\p{Lu}\d][\p{L}\d&'’.-]*|&|en)"
_LEGAL_FORM = re.compile(
    rf"\b{_FIRST}(?:[ \t]+{_WORD}){{0,5}}?[ \t]+"
    r"(?:B\.\s?V\.|N\.\s?V\.|V\.\s?O\.\s?F\.|C\.\s?V\.|U\.\s?A\.|(?:BV|NV|VOF|CV|GmbH|Ltd\.?|Inc\.?)\b)"
)
# An acronym ("UWV", "DUO", "SVB") naming its service line; never a direct or mobile line.
_SERVICE_LINE = re.compile(
    r"\b\p{Lu}{2,8}[ \t]+(?:[Tt]elefoon|[Kk]lantenservice|[Ss]ervicedesk|[Ss]ervicelijn|"
    r"[Ii]nformatielijn|[Ii]nformatienummer|[Hh]elpdesk)\b"
    r"(?:(?!(?i:direct|mobiel|privé|prive|persoonlijk|doorkies))[^:.;?!]){0,30}:?[ \t]*$"
)


def legal_entity_findings(doc: Document) -> list[Finding]:
    """Company names ending in a legal form, as ORGANIZATION findings (score 1.0)."""
    out: list[Finding] = []
    for page in doc.pages:
        for m in _LEGAL_FORM.finditer(page.text):
            start = m.start()
            out.append(
                Finding(
                    f"org-p{page.index + 1}-{start}",
                    page.index,
                    start,
                    m.end(),
                    m.group(0),
                    "ORGANIZATION",
                    1.0,
                    "LegalFormRecognizer",
                )
            )
    return out


def service_number(text: str, start: int) -> bool:
    """Whether the phone number at ``start`` directly follows an organisation's service-line label.

    The label may be wrapped over the line before ("Bel dan UWV Telefoon\nWerknemers: 088 ...").
    """
    if re.match(r"(?:\+31[ \t]?|0031[ \t]?|0)6", text[start : start + 6]):
        return False  # a mobile number is a person's, never a service line
    line_start = text.rfind("\n", 0, start) + 1
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    # The acronym and the service word on one line ("UWV Telefoon"): a signature's "UWV" on
    # one line and "Telefoon: 088 ..." on the next is a person's direct line.
    before = text[max(prev_start, start - 80) : start]
    return _SERVICE_LINE.search(before) is not None
