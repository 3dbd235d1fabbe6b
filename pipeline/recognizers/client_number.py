"""Customer, client, staff and registration numbers (NL_CLIENT_NUMBER), only when labelled.

A bare digit sequence could be anything (an amount, a case number, a year), so a
number is returned only right after a label such as "klantnummer", "cliëntnummer",
"personeelsnummer", "registratienummer" or "relatienummer".
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer, mark_context_applied, window_before

_NUMBER = r"(?<![\w.,/-])\d{2,}(?:[-./]\d{2,}){0,3}(?![\w]|[-./,]\d)"
_LABEL = re.compile(
    r"\b(?:klant|cli[eë]nt|personeels|registratie|relatie|medewerker|debiteur|polis|lid|"
    r"werknemer|deelnemer)(?:nummer|nr\.?|no\.?)s?"
    r"[ \t:.#]*(?:\([^)\n]{0,15}\)[ \t:]*)?(?:(?:is|was|luidt|van|u|uw|nr\.?)[ \t:]+){0,3}$",
    re.IGNORECASE,
)


class NlClientNumberRecognizer(DutchPatternRecognizer):
    """Digit sequences directly after a client/staff/registration number label."""

    ENTITY = "NL_CLIENT_NUMBER"
    PATTERNS = (("labelled_number", _NUMBER, 0.85),)
    CONTEXT = (
        "klantnummer",
        "cliëntnummer",
        "clientnummer",
        "personeelsnummer",
        "registratienummer",
        "relatienummer",
    )

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Keep numbers with at least four digits that follow a label on the same line."""
        value = text[result.start : result.end]
        if sum(ch.isdigit() for ch in value) < 4:
            return False
        label = _LABEL.search(window_before(text, result.start, 50, lines=0))
        if not label:
            return False
        mark_context_applied(result, label.group(0).split()[0])
        return True
