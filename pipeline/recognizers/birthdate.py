"""Dates of birth (DATE_OF_BIRTH): a date only counts when the text says it is a birth date.

Dates stay readable in Woo releases, so unlike Presidio's DateRecognizer this one
returns nothing for a bare date: the date must follow a birth label ("geboren (op)",
"geboortedatum", "geb.", "d.d. geboorte") on the same line or the line before, or be
followed by "(geboortedatum)".  The context test is done on the raw text because
"geb." is too short for the lemma enhancer's substring matching ("gebied", "gebruik").
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline import vocab
from pipeline.recognizers._base import DutchLocalRecognizer, window_after, window_before

# Month names and abbreviations -> month number.
MONTHS = {m: n for n, m in enumerate(vocab.ordered("months"), 1)} | vocab.mapping("month_abbreviations")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d>\d{1,2})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<y>(?:19|20)\d{2}|\d{2})"
    r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<td>\d{1,2})(?:e)?\s+(?P<tm>" + _MONTH_ALT + r")\.?\s+(?P<ty>(?:19|20)\d{2})"
    r")(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
# "geb." needs its dot (or a colon) and lower/title case: "GEB check" is a privacy assessment.
_GEB = r"(?-i:\b[Gg]eb(?:\.|\s*:))"
_LABEL_BEFORE = re.compile(
    r"(?:\bgeboren\b|\bgeboortedatum\b|" + _GEB + r"|\bgeboorte\b|\bgeboortedag\b|"
    r"\bdate of birth\b|(?-i:\bDOB\b))[^\n\d]{0,30}$|"
    r"(?:\bgeboren\b|\bgeboortedatum\b|" + _GEB + r")\s*:?\s*\n[ \t]*$",
    re.IGNORECASE,
)
_LABEL_AFTER = re.compile(r"^\s*\((?:geboortedatum|geb\.?|geboren)\)", re.IGNORECASE)


class DutchBirthDateRecognizer(DutchLocalRecognizer):
    """Dates directly labelled as birth dates; all other dates are left alone."""

    ENTITY = "DATE_OF_BIRTH"
    SCORE = 0.85
    CONTEXT = ["geboren", "geboortedatum", "geb", "geboorte"]

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return labelled, calendar-valid dates only."""
        results = []
        for m in _DATE.finditer(text):
            if not _valid(m):
                continue
            before = _LABEL_BEFORE.search(window_before(text, m.start(), 50, lines=1))
            after = _LABEL_AFTER.match(window_after(text, m.end(), 20))
            if not (before or after):
                continue
            word = (before or after).group(0).strip()
            results.append(self.result(m.start(), m.end(), "birth_date", word=word))
        return results


def _valid(m: re.Match) -> bool:
    if m.group("d"):
        day, month = int(m.group("d")), int(m.group("m"))
    elif m.group("iy"):
        day, month = int(m.group("id")), int(m.group("im"))
    else:
        day, month = int(m.group("td")), MONTHS[m.group("tm").lower()]
    return 1 <= day <= 31 and 1 <= month <= 12
