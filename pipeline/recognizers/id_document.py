"""Dutch passport and identity card numbers (NL_ID_DOCUMENT), only when labelled.

The document number has nine characters: two letters, six letters or digits, and a
final digit; the letter O is not used ("SPECI2014" is the specimen).  Many codes in
government text have that shape, so a number is returned only after a label such as
"paspoort", "identiteitskaart", "ID-kaart" or "documentnummer" on the same line or
the line before.  Between label and number an abbreviation with its dot may stand
("identiteitskaart (nr. IR1234567)", "paspoort no. NW...") but no sentence end.
"""

from __future__ import annotations

import regex as re

from pipeline.recognizers._base import LabelledNumberRecognizer

_DOC = r"(?<![\w-])[A-NP-Z]{2}[A-NP-Z0-9]{6}\d(?![\w-])"
_LABEL = re.compile(
    r"\b(?:paspoort\w*|identiteitskaart\w*|identiteitsbewijs\w*|id-kaart\w*|idkaart\w*|id-bewijs|"
    r"legitimatie\w*|documentnummer\w*|documentnr\.?|reisdocument\w*|nummer\s+(?:van\s+)?(?:het|de)\s+"
    r"(?:paspoort|identiteitskaart|id-kaart))\b\.?(?:[^\n.!?;]|(?<=\b(?:nr|no|nummer))\.){0,40}$|"
    r"\b(?:paspoort\w*|identiteitskaart\w*|id-kaart\w*|documentnummer)\s*:?\s*\n[ \t]*$",
    re.IGNORECASE,
)


class NlIdDocumentRecognizer(LabelledNumberRecognizer):
    """Passport / ID-card numbers next to a document label; never without one."""

    ENTITY = "NL_ID_DOCUMENT"
    PATTERNS = (("nl_document_number", _DOC, 0.85),)
    CONTEXT = ("paspoort", "identiteitskaart", "id-kaart", "documentnummer", "paspoortnummer")
    LABEL = _LABEL
    LABEL_CHARS = 70
    LABEL_LINES = 1  # the label may stand on the line before
