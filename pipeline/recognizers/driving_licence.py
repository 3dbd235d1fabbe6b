"""Dutch driving-licence numbers (NL_DRIVING_LICENCE), only when labelled.

The number on a Dutch rijbewijs (field 5 of the card) is ten digits, with no public
check digit; ten digits are also a phone number without its zero, an invoice or a
case number.  So a number is returned only after a label such as "rijbewijs",
"rijbewijsnummer" or "rijbewijsnr." on the same line ("Rijbewijs: 5123456789",
"rijbewijs met nummer 5123 456 789").  A course name such as "Rijbewijs BE in 1 dag"
has no ten-digit number after it.
"""

from __future__ import annotations

import regex as re

from pipeline.recognizers._base import LabelledNumberRecognizer

_NUMBER = r"(?<![\w.,/-])(?:\d{10}|\d{4}[ .]\d{3}[ .]\d{3}|\d{2}(?:[ .]\d{2}){4})(?![\w]|[-./,]\d)"
_LABEL = re.compile(
    r"\b(?:rijbewijs(?:nummer|nr\.?|no\.?|documentnummer)?|rijbewijzen)\b[ \t:.#]*"
    r"(?:\([^)\n]{0,20}\)[ \t:]*)?(?:(?:is|was|luidt|met|nummer|nr\.?|no\.?|van|de|het|betrokkene|"
    r"documentnummer|\(?nr\.?\)?)[ \t:]+){0,3}$",
    re.IGNORECASE,
)


class NlDrivingLicenceRecognizer(LabelledNumberRecognizer):
    """Ten-digit numbers right after a driving-licence label on the same line."""

    ENTITY = "NL_DRIVING_LICENCE"
    PATTERNS = (("nl_driving_licence", _NUMBER, 0.85),)
    CONTEXT = ("rijbewijs", "rijbewijsnummer", "rijbewijsnr")
    LABEL = _LABEL

    def has_hint(self, text: str) -> bool:
        """Only pages that say "rijbewijs" can hold a labelled number."""
        return "rijbewijs" in text.lower()
