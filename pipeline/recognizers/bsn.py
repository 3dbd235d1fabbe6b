"""Burgerservicenummer (NL_BSN), validated with the elfproef.

Nine digits, also written "1234.56.782" or "123 456 782".  A number failing the
11-check is never returned; a valid one without context gets a moderate score (one
in eleven random nine-digit numbers passes), and context words such as "BSN" or
"burgerservicenummer" lift it via Presidio's context enhancer.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer

_NOT_BEFORE = r"(?<![\w.,€/-]|[.,/-]\d)"
_NOT_AFTER = r"(?![\w]|[.,/-]\d)"


def elfproef(digits: str) -> bool:
    """The BSN 11-check: sum(d_i * w_i) with weights 9..2 and -1 must be a non-zero multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


class NlBsnRecognizer(DutchPatternRecognizer):
    """BSN numbers; checksum-invalid numbers are dropped."""

    ENTITY = "NL_BSN"
    PATTERNS = (
        ("bsn_plain", _NOT_BEFORE + r"\d{9}" + _NOT_AFTER, 0.5),
        ("bsn_dotted", _NOT_BEFORE + r"\d{4}\.\d{2}\.\d{3}" + _NOT_AFTER, 0.5),
        ("bsn_spaced", _NOT_BEFORE + r"\d{3} \d{3} \d{3}" + _NOT_AFTER, 0.45),
    )
    CONTEXT = ("bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "sofi", "burgerservice")

    def invalidate_result(self, pattern_text: str) -> bool:
        """True (drop) when the digits fail the elfproef or are a filler like 111111110."""
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        return not elfproef(digits) or len(set(digits)) <= 2

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Amounts ("€ 123 456 782") are not BSNs."""
        before = text[max(0, result.start - 3) : result.start]
        return "€" not in before
