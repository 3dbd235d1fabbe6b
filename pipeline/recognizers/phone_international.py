"""Telephone numbers with a foreign country code, and Dutch numbers written "(0)20 ...", as PHONE_NUMBER.

``DutchPhoneRecognizer`` reads Dutch numbers (national, +31, 0031).  A Belgian, German,
Polish or Turkish number ("+32 2 555 12 34", "0049 (0)30 1234567") is personal data
just the same; this recognizer finds where one starts ("+" or "00" and a country code
other than 31) and lets libphonenumber's matcher read and validate the number from
there, so the digit count and grouping of every country are its problem, not ours
(also for "(+31) 6 ...", which the Dutch recognizer does not read).
A "+" number scores above the threshold on its own; a "00" number (which could be the
start of a long figure) only at the threshold, and not at all after a case-number label.
A number written with the Dutch trunk prefix in brackets but without "+31" ("(0)20 123
4567", "(0)6 12345678") is read as a Dutch number.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchLocalRecognizer, window_before
from pipeline.recognizers.phone import _LABEL, _OTHER_NUMBER, _read_digits

try:  # a dependency of presidio-analyzer
    import phonenumbers
except ImportError:  # pragma: no cover
    phonenumbers = None  # type: ignore[assignment]

# "+32", "0049": not inside a word, number, amount or code; not the Dutch code (phone.py's job).
# "(+31) 6 ..." in brackets is ours too: the Dutch recognizer reads +31 only without them.
_INTL_START = re.compile(r"(?<![\w+€$.,/:\-)])(?:\((?:\+|00)[1-9]|(?:\+|00)(?!31)[1-9])")
_TRUNK_START = re.compile(r"(?<![\w+€$.,/:\-)])\(0\)\s?-?\s?(?=\d)")
_AFTER_COUNTRY_CODE = re.compile(r"(?:\+|\b00)\d{1,3}\s?$")
_WINDOW = 40  # characters read from a start: the longest written international number and more


class InternationalPhoneRecognizer(DutchLocalRecognizer):
    """Foreign numbers (+32, 0049, ...) validated by libphonenumber, and Dutch "(0)20 ..." numbers."""

    ENTITY = "PHONE_NUMBER"
    PLUS_SCORE = 0.75
    DOUBLE_ZERO_SCORE = 0.5
    TRUNK_SCORE = 0.6
    CONTEXT_SCORE = 0.95
    CONTEXT = ["telefoon", "telefoonnummer", "tel", "mobiel", "gsm", "bellen", "bereikbaar", "whatsapp"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Foreign numbers at each "+"/"00" start, then "(0)" Dutch numbers."""
        if phonenumbers is None:  # pragma: no cover
            return []
        results = []
        pos = 0
        for m in _INTL_START.finditer(text):
            start = m.start()
            if start < pos:
                continue
            end = self._international_end(text, start)
            if end is not None and text[start] == "(" and ")" not in text[start:end]:
                start += 1  # "(+48 512 345 678)": the number inside brackets, not "(+32) 2 ..."
                end = self._international_end(text, start)
            if end is None:
                continue
            result = self._scored(text, start, end, international=True)
            if result is not None:
                results.append(result)
                pos = end
        for m in _TRUNK_START.finditer(text):
            if _AFTER_COUNTRY_CODE.search(text[max(0, m.start() - 6) : m.start()]):
                continue  # "+31 (0)20 ...": the country code's recognizer has it
            end = _read_digits(text, m.end(), 9)
            if end is None or not _clean_end(text, end):
                continue
            national = "0" + "".join(ch for ch in text[m.end() : end] if ch.isdigit())
            if not _valid(national, "NL"):
                continue
            result = self._scored(text, m.start(), end, international=False)
            if result is not None:
                results.append(result)
        return results

    @staticmethod
    def _international_end(text: str, start: int) -> int | None:
        """End of the valid foreign number libphonenumber reads from ``start``, or None."""
        window = text[start : start + _WINDOW].split("\n", 1)[0]
        for match in phonenumbers.PhoneNumberMatcher(window, "NL", leniency=phonenumbers.Leniency.VALID):
            dutch = match.number.country_code == 31 and text[start] != "("
            if match.start != 0 or dutch or re.search(r"[^\W\d]", match.raw_string):
                return None  # elsewhere in the window; Dutch; or read with a letter ("x1") as extension
            end = start + match.end
            return end if _clean_end(text, end) else None
        return None

    def _scored(self, text: str, start: int, end: int, international: bool) -> RecognizerResult | None:
        """Score by the label before the number; a bare "00" number after a case-number label is dropped."""
        before = window_before(text, start, 40, lines=0)
        if "€" in before[-3:]:
            return None  # an amount
        label = _LABEL.search(before)
        if label:
            score = self.CONTEXT_SCORE
        elif not international:
            score = self.TRUNK_SCORE
        elif text[start] in "+(":
            score = self.PLUS_SCORE
        elif _OTHER_NUMBER.search(before):
            return None
        else:
            score = self.DOUBLE_ZERO_SCORE
        rule = "intl_phone" if international else "nl_phone_trunk"
        return self.result(start, end, rule, score=score, word=label.group(0).strip() if label else None)


def _valid(number: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _clean_end(text: str, end: int) -> bool:
    """Not followed by more of a code, amount, time or date."""
    after = text[end : end + 2]
    return not (after[:1].isalnum() or (after[:1] in "-/.,:" and after[1:2].isdigit()))
