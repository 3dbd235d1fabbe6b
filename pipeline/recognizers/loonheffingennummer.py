"""Loonheffingennummer of a person (NL_LOONHEFFINGENNUMMER): a BSN followed by "L01".."L99".

An employer's payroll-tax number is its fiscal number plus a subnumber, "123456782L01".
For a natural person (a sole trader, a household employing a carer) the fiscal number
is the BSN, so the number carries a BSN and is redacted like one.  A company's RSIN
passes the same 11-check and cannot be told apart by its digits; over-redacting a
company's number is the lesser harm (in UWV letters the employer's number is even the
reference, "Ons kenmerk 123456782L01", whether the employer is a company or a person).
A site adds its own number to the rules' allow list.  The BSN recognizer does not see these numbers
(the "L" glued to the digits makes them part of a larger token).
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer, mark_context_applied, window_before
from pipeline.recognizers.bsn import elfproef

_NOT_BEFORE = r"(?<![\w.,€/-]|[.,/-]\d)"
_NOT_AFTER = r"(?![\w]|[.,/-]\d)"
# BSN part plain, dotted or spaced; "L" with an optional space or dot; a subnumber 01..99.
_BSN_PART = r"(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{4} \d{2} \d{3})"
_LHN = _NOT_BEFORE + _BSN_PART + r"[ .]?L[ .]?(?!00)\d{2}" + _NOT_AFTER
_LABEL = re.compile(
    r"\b(?:loonheffing(?:en)?s?nummer\w*|loonheffing(?:en)?nr\.?|lh-?nr\.?|lhnr\.?|loonheffingen|"
    r"werkgeversnummer|aansluitnummer)\b[^\n]{0,40}$",
    re.IGNORECASE,
)


def loonheffingennummer_valid(candidate: str) -> bool:
    """The nine digits before the "L" pass the 11-check and are not a filler like 111111110."""
    head = re.split(r"[ .]?L", candidate.upper(), maxsplit=1)[0]
    digits = "".join(ch for ch in head if ch.isdigit())
    return elfproef(digits) and len(set(digits)) > 2


class NlLoonheffingennummerRecognizer(DutchPatternRecognizer):
    """BSN + L-subnumber; numbers whose BSN part fails the 11-check are dropped."""

    ENTITY = "NL_LOONHEFFINGENNUMMER"
    BASE_SCORE = 0.75  # the L-suffix shape plus a valid 11-check is rarely anything else
    CONTEXT_SCORE = 0.95
    PATTERNS = (("loonheffingennummer", _LHN, BASE_SCORE),)
    CONTEXT = ("loonheffingennummer", "loonheffingnummer", "loonheffingen", "aansluitnummer")

    def invalidate_result(self, pattern_text: str) -> bool:
        """True (drop) when the BSN part fails the 11-check."""
        return not loonheffingennummer_valid(pattern_text)

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Always kept once valid; a label before it raises the score."""
        label = _LABEL.search(window_before(text, result.start, 60, lines=1))
        if label:
            result.score = self.CONTEXT_SCORE
            mark_context_applied(result, label.group(0).split()[0])
        return True
