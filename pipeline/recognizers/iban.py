"""Bank account numbers (IBAN_CODE), SEPA countries, mod-97 validated.

One regex per country with that country's exact IBAN length, so a following word
of four letters ("... 1643 00 TNV") is never swallowed and then lost at validation.
"""

from __future__ import annotations

from pipeline.recognizers._base import CASE_SENSITIVE, DutchPatternRecognizer

# ISO 13616 lengths for SEPA countries.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GI": 23,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "VA": 22,
}


def iban_valid(candidate: str) -> bool:
    """Country length and ISO 7064 mod-97 check."""
    iban = "".join(candidate.split()).upper()
    if len(iban) != IBAN_LENGTHS.get(iban[:2], -1) or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _country_regex(country: str, length: int) -> str:
    # Bank codes/accounts use upper-case letters and digits; one optional space between chars.
    return country + r"\d{2}(?: ?[A-Z0-9]){" + str(length - 4) + "}"


_IBAN = (
    r"(?<![A-Za-z0-9])(?:"
    + "|".join(_country_regex(c, n) for c, n in sorted(IBAN_LENGTHS.items()))
    + r")(?![A-Za-z0-9])"
)


class IbanRecognizer(DutchPatternRecognizer):
    """IBANs with or without spaces; invalid checksums are dropped, valid ones score 1.0."""

    ENTITY = "IBAN_CODE"
    PATTERNS = (("iban", _IBAN, 0.5),)
    CONTEXT = ("iban", "rekeningnummer", "bankrekening", "rekening", "bankrekeningnummer", "t.n.v")
    FLAGS = CASE_SENSITIVE

    def validate_result(self, pattern_text: str) -> bool:
        """Mod-97: True lifts the score to 1.0, False drops the match."""
        return iban_valid(pattern_text)
