"""Detainee registration numbers (NL_DETAINEE_NUMBER) in custodial reports, only when labelled.

DJI and police reports identify a detainee by a registration number ("reg.nr. 1234567"),
a strafrechtketennummer (SKN) or a number right after "gedetineerde".  Labels that name
the detainee's number ("gedetineerdennummer", "SKN", "strafrechtketennummer") are enough
on their own; generic ones ("registratienummer", "reg.nr.", "inschrijvingsnummer", as
used for companies and associations too) count only with a custodial word nearby.
"""

from __future__ import annotations

from typing import Any

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer, mark_context_applied, window_before
from pipeline.recognizers._custodial import custodial_context, custodial_page

_NUMBER = r"(?<![\w.,/-])\d{5,10}(?![\w]|[-./,]\d)|(?<![\w.,/-])\d{1,3}(?:\.\d{3}){1,3}(?![\w]|[-./,]\d)"
_TAIL = r"[ \t:.#]*(?:\([^)\n]{0,20}\)[ \t:]*)?(?:(?:is|was|luidt|van|nr\.?|nummer|betrokkene)[ \t:]+){0,3}$"
_OWN_LABEL = re.compile(
    r"\b(?:gedetineerden?(?:nummer|nr\.?)|detentienummer|detentienr\.?|(?-i:SKN)|strafrechtketen(?:nummer|nr\.?))"
    + _TAIL,
    re.IGNORECASE,
)
_GENERIC_LABEL = re.compile(
    r"(?:\bregistratie(?:nummer|nr\.?)|\breg\.? ?(?:nr|no|nummer)\.?|\bregnr\.?|"
    r"\binschrijvings?(?:nummer|nr\.?)|\bgedetineerde[ \t]*\(?)" + _TAIL,
    re.IGNORECASE,
)


class NlDetaineeNumberRecognizer(DutchPatternRecognizer):
    """Numbers after a detainee label, or after a generic registration label in custodial text."""

    ENTITY = "NL_DETAINEE_NUMBER"
    PATTERNS = (("detainee_number", _NUMBER, 0.85),)
    CONTEXT = ("gedetineerde", "registratienummer", "strafrechtketennummer", "skn")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Nothing on a page without a custodial word or a detainee label (most pages): skip the scan."""
        if "SKN" not in text and "strafrechtketen" not in text.lower() and not custodial_page(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Keep numbers after a detainee label, or a registration label with a custodial word nearby."""
        before = window_before(text, result.start, 60, lines=0)
        label = _OWN_LABEL.search(before)
        if not label:
            label = _GENERIC_LABEL.search(before)
            if not label or not custodial_context(text, result.start, result.end):
                return False
        mark_context_applied(result, label.group(0).split()[0])
        return True
