"""IBANs whose mod-97 checksum fails (IBAN_CODE, flagged): a mistyped account number is still personal data.

``IbanRecognizer`` drops a number that fails the check, so a typo ("NL91 ABNA 0417 1643
01", a digit lost or doubled) would be released readable.  This recognizer returns those
numbers at a lower score than a valid IBAN (still above the rules' threshold, so they are
redacted) under its own name, which the review CSV shows in its ``recognizer`` column,
and with ``iban_checksum_failed`` in the result's recognition metadata.

A Dutch IBAN has its own shape (NL, two digits, a four-letter bank code, ten digits), so a
Dutch number with nine to eleven account digits is enough on its own.  Other countries'
numbers are only digits after a country code and need a label ("IBAN", "rekening",
"bank", "t.n.v.") on the same line.
"""

from __future__ import annotations

from typing import Any

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer, window_after, window_before
from pipeline.recognizers.iban import _IBAN, iban_valid

CHECKSUM_FAILED_KEY = "iban_checksum_failed"

# A Dutch IBAN with one account digit lost or added ("NL91 ABNA 0417 1643 0").
_NL_TYPO = r"(?<![A-Za-z0-9])NL\d{2} ?[A-Z]{4}(?: ?\d){9,11}(?![A-Za-z0-9])"
_LABEL = re.compile(r"\b(?:iban|rekening\w*|bankrekening\w*|bank|t\.?n\.?v\.?|giro\w*)\b", re.IGNORECASE)

_HINT = re.compile(r"[A-Z]{2}\d{2}")


class IbanChecksumFailedRecognizer(DutchPatternRecognizer):
    """IBAN-shaped numbers that fail mod-97: returned at a review-worthy score, never dropped silently."""

    ENTITY = "IBAN_CODE"
    SCORE = 0.6  # above IBAN_CODE's min_score (0.5), below a valid IBAN's 1.0
    PATTERNS = (("iban_checksum_failed", _IBAN, SCORE), ("iban_nl_length_typo", _NL_TYPO, SCORE))
    CONTEXT = ("iban", "rekeningnummer", "bankrekening", "bankrekeningnummer")

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop valid IBANs (``IbanRecognizer`` returns them) and fillers like NL00 XXXX 0000 0000 00."""
        compact = "".join(pattern_text.split())
        account = compact[4:]
        return iban_valid(compact) or len(set(ch for ch in account if ch.isdigit())) <= 1

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Nothing on a page without a country code and check digits ("NL91"): skip the long alternation."""
        if not _HINT.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Dutch shape on its own; other countries only with a bank label on the line; flag it."""
        value = text[result.start : result.end]
        if not value.startswith("NL"):
            line = window_before(text, result.start, 60, lines=0) + " " + window_after(text, result.end, 30)
            if not _LABEL.search(line):
                return False
        if result.recognition_metadata is None:
            result.recognition_metadata = {}
        result.recognition_metadata[CHECKSUM_FAILED_KEY] = True
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return True
