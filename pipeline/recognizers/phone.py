"""Dutch telephone numbers (PHONE_NUMBER) in the forms people actually write.

Like Presidio's own PhoneRecognizer this is an EntityRecognizer with its own search:
a candidate starts at "0", "(0", "+31" or "0031" and is read group by group until it
has exactly the national digit count (10, or 9 after the country code), so a number
followed by another figure is cut at the right place instead of being lost.  The
digits are then checked with Google's libphonenumber (via the ``phonenumbers``
package Presidio already depends on) for a real Dutch area/mobile prefix.  Dates,
amounts, case numbers, postcodes, BSNs and IBANs fail one of those steps.

A number of the right shape that libphonenumber does not know (an unassigned range
such as 060 or 069, used in examples and test data alike) is personal data all the
same for a privacy tool: with a phone label before it ("Tel.", "Mobiel:", "M", "Bel me
op") it scores high; a mobile shape (06 + 8 digits) without a label scores just at the
default threshold; any other unknown range without a label is not returned.  After a
case-number label ("kenmerk", "zaaknummer", ...) a shape-only number is not returned.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchLocalRecognizer, window_before

try:  # a dependency of presidio-analyzer; degrade to digit counts if ever absent
    import phonenumbers
except ImportError:  # pragma: no cover
    phonenumbers = None  # type: ignore[assignment]

# Where a candidate may start: not inside a word, a number, an amount or a code.
_START = re.compile(r"(?<![\w+€$.,/:\-)])(?:(?:\+|00)31|\(0\d{1,3}\)|0(?=\d))")
_SEP = re.compile(r"\s?-\s?|\s{1,2}|\s?/\s?|\.(?=\d)")
# "T:", "M", "tel.", "telefoon", "mobiel" ... right before the number.
_LABEL = re.compile(
    r"(?:(?<!\w)(?-i:[TMF])(?!\w)\s*[:.]?|\b(?:tel|telnr|telefoon\w*|mobiel\w*|mob|gsm|fax|bel|bellen|"
    r"bereikbaar\w*|nummer|doorkiesnummer|doorkies|telefonisch\w*|whatsapp|sms|"
    r"telephone|phone)\b\.?:?)[^\n\d]{0,25}$",
    re.IGNORECASE,
)
# The same labels minus the generic "nummer": evidence for a number libphonenumber does not know.
_PHONE_LABEL = re.compile(
    r"(?:(?<!\w)(?-i:[TMF])(?!\w)\s*[:.]?|\b(?:tel|telnr|telefoon\w*|mobiel\w*|mob|gsm|fax|bel|bellen|"
    r"bereikbaar\w*|doorkiesnummer|doorkies|telefonisch\w*|whatsapp|sms|"
    r"telephone|phone)\b\.?:?)[^\n\d]{0,25}$",
    re.IGNORECASE,
)
# Labels of other numbers: a shape-only number after them is a case, client or account number.
_OTHER_NUMBER = re.compile(
    r"\b(?:kenmerk|zaak\w*|dossier\w*|referentie\w*|ref|factuur\w*|klant\w*|relatie\w*|bsn|"
    r"burgerservicenummer|iban|rekening\w*|polis\w*|order\w*|registratie\w*|kvk|btw|nr|no)\b"
    r"[^\n\d]{0,15}$",
    re.IGNORECASE,
)
# How people write a number (groups of two or more digits, one kind of separator): the test a
# number libphonenumber does not know must pass.
_USUAL_GROUPS = re.compile(
    r"(?:\+31|0031)[ -]?(?:\(0\)[ -]?)?\d{1,3}(?:[ -]?\d{2,4}){1,4}"
    r"|\(0\d{1,3}\)[ -]?\d{2,4}(?:[ -]?\d{2,4}){0,3}"
    r"|0\d{1,3}(?:[ -]|[ ]?-[ ]?)?\d{2,8}(?:[ -]\d{2,4}){0,3}"
)
_DATE_LIKE = re.compile(r"^\(?\d{1,2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{2,4}")


def _read_digits(text: str, pos: int, needed: int) -> int | None:
    """From ``pos``, consume digit groups and separators until ``needed`` digits; return end or None."""
    count = 0
    i = pos
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isdigit():
            count += 1
            i += 1
            if count == needed:
                return i
            continue
        if count == 0 and ch in " -":
            i += 1
            continue
        m = _SEP.match(text, i)
        if m and m.end() < n and text[m.end()].isdigit():
            i = m.end()
            continue
        return None
    return None


class DutchPhoneRecognizer(DutchLocalRecognizer):
    """Dutch fixed and mobile numbers, national or with +31 / 0031."""

    ENTITY = "PHONE_NUMBER"
    BASE_SCORE = 0.6
    CONTEXT_SCORE = 0.95
    SHAPE_CONTEXT_SCORE = 0.85  # right shape, range unknown to libphonenumber, phone label before it
    SHAPE_MOBILE_SCORE = 0.5  # 06 + 8 digits in an unknown range, no label
    CONTEXT = [
        "telefoon",
        "telefoonnummer",
        "tel",
        "telnr",
        "mobiel",
        "mobielnummer",
        "bereikbaar",
        "gsm",
        "doorkiesnummer",
        "doorkies",
        "bellen",
        "fax",
        "telefonisch",
        "whatsapp",
    ]

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Find candidates, cut them at the right digit count, validate, score by label context."""
        results: list[RecognizerResult] = []
        pos = 0
        for m in _START.finditer(text):
            if m.start() < pos:
                continue
            span = self._match_at(text, m)
            if span is None:
                continue
            start, end, national, known = span
            if not known and not _USUAL_GROUPS.fullmatch(text[start:end]):
                continue  # "06 06 0.00 2 00" in a table of amounts: digits, not a written number
            before = window_before(text, start, 40, lines=0)
            label = _LABEL.search(before) if known else _PHONE_LABEL.search(before)
            if label:
                score = self.CONTEXT_SCORE if known else self.SHAPE_CONTEXT_SCORE
            elif known:
                score = self.BASE_SCORE
            elif national.startswith("06") and not _OTHER_NUMBER.search(before):
                score = self.SHAPE_MOBILE_SCORE
            else:
                continue
            rule = "nl_phone" if known else "nl_phone_shape"
            word = label.group(0).strip() if label else None
            results.append(self.result(start, end, rule, score=score, word=word, mark=label is not None))
            pos = end
        return results

    def _match_at(self, text: str, m: re.Match) -> tuple[int, int, str, bool] | None:
        """(start, end, national number, known to libphonenumber) of a well-shaped number at ``m``."""
        start = m.start()
        token = m.group(0)
        if token in ("+31", "0031"):
            i = m.end()
            trunk = re.match(r"\s?\(0\)\s?|\s?-\s?|\s", text[i:])
            if trunk:
                i += trunk.end()
            end = _read_digits(text, i, 9)
            if end is None:
                return None
            national = "0" + "".join(ch for ch in text[i:end] if ch.isdigit())
        elif token.startswith("("):
            close = re.match(r"\(0(\d{1,3})\)\s?-?\s?", text[start:])
            if not close:
                return None
            end = _read_digits(text, start + close.end(), 9 - len(close.group(1)))
            if end is None:
                return None
            national = (
                "0" + close.group(1) + "".join(ch for ch in text[start + close.end() : end] if ch.isdigit())
            )
        else:
            end = _read_digits(text, start + 1, 9)
            if end is None:
                return None
            national = "".join(ch for ch in text[start:end] if ch.isdigit())
            first_group = re.match(r"\d+", text[start:end]).group(0)
            # A two-digit first group is only "06"; "01-03-2024 12" is a date, not 0103202412.
            if len(first_group) < 10 and len(first_group) <= 2 and first_group != "06":
                return None
        candidate = text[start:end]
        if not self._plausible(text, start, end, candidate, national):
            return None
        return start, end, national, self._known(national)

    @staticmethod
    def _known(national: str) -> bool:
        """Whether libphonenumber knows the range (a real Dutch area code or mobile block)."""
        if phonenumbers is None:
            return True
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(national, "NL"))
        except phonenumbers.NumberParseException:
            return False

    @staticmethod
    def _plausible(text: str, start: int, end: int, candidate: str, national: str) -> bool:
        """The shape of a Dutch number, and not part of a date, amount, code or IBAN."""
        if len(national) != 10 or national[1] == "0":
            return False
        after = text[end : end + 2]
        if after[:1].isalnum() or (after[:1] in "-/.,:" and after[1:2].isdigit()):
            return False  # part of a longer code, amount, time or date
        if _DATE_LIKE.match(candidate):
            return False
        before = text[max(0, start - 6) : start]
        if re.search(r"[A-Z]{4}\s?$|[A-Z]{2}\d{2}\s?$", before):
            return False  # inside a spaced IBAN ("NL91 ABNA 0417 1643 00")
        return True
