"""Dutch driving-licence numbers (NL_DRIVING_LICENCE), only when labelled.

The number on a Dutch rijbewijs (field 5 of the card) is ten digits, with no public
check digit; ten digits are also a phone number without its zero, an invoice or a
case number.  So a number is returned only after a label such as "rijbewijs",
"rijbewijsnummer" or "rijbewijsnr." on the same line ("Rijbewijs: 5123456789",
"rijbewijs met nummer 5123 456 789").  A course name such as "Rijbewijs BE in 1 dag"
has no ten-digit number after it.
"""

from __future__ import annotations

from typing import Any

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer, mark_context_applied, window_before

_NUMBER = r"(?<![\w.,/-])(?:\d{10}|\d{4}[ .]\d{3}[ .]\d{3}|\d{2}(?:[ .]\d{2}){4})(?![\w]|[-./,]\d)"
_LABEL = re.compile(
    r"\b(?:rijbewijs(?:nummer|nr\.?|no\.?|documentnummer)?|rijbewijzen)\b[ \t:.#]*"
    r"(?:\([^)\n]{0,20}\)[ \t:]*)?(?:(?:is|was|luidt|met|nummer|nr\.?|no\.?|van|de|het|betrokkene|"
    r"documentnummer|\(?nr\.?\)?)[ \t:]+){0,3}$",
    re.IGNORECASE,
)


class NlDrivingLicenceRecognizer(DutchPatternRecognizer):
    """Ten-digit numbers right after a driving-licence label on the same line."""

    ENTITY = "NL_DRIVING_LICENCE"
    PATTERNS = (("nl_driving_licence", _NUMBER, 0.85),)
    CONTEXT = ("rijbewijs", "rijbewijsnummer", "rijbewijsnr")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Nothing on a page without the label (most pages): skip the scan for ten-digit numbers."""
        if "rijbewijs" not in text.lower():
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Keep only numbers after a driving-licence label."""
        label = _LABEL.search(window_before(text, result.start, 60, lines=0))
        if not label:
            return False
        mark_context_applied(result, label.group(0).split()[0])
        return True
