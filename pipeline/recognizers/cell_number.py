"""Cell and room numbers of a detainee (NL_CELL_NUMBER) in custodial reports.

In an incident report "cel B1.23" or "kamer 114" points at one person as surely as a
house number.  Elsewhere the same words mean a spreadsheet cell ("cel B12") or an office
("kamer 2.14"), so a number after "cel", "celnummer", "kamer", "verblijfsruimte" is only
returned with a custodial word ("gedetineerde", "PI", "inrichting", ...) nearby.  The
wing ("afdeling C0") is not returned: it names a group, not a person.

The span is the label with the number ("cel 114"): the rules redact every other mention
of a redacted string, and a bare "114" or "2.14" would take page numbers and article
numbers with it, while "cel 114" finds only the same cell again.
"""

from __future__ import annotations

from typing import Any

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import (
    CASE_INSENSITIVE,
    DutchPatternRecognizer,
    make_result,
    mark_context_applied,
)
from pipeline.recognizers._custodial import custodial_context, custodial_page

_CELL = (
    r"(?<![\w-])(?P<all>(?P<label>(?:isoleer|straf|observatie|afzonderings)?cel(?:nummer|nr\.?)?|"
    r"kamer(?:nummer|nr\.?)?|verblijfsruimte|verblijfscel)"
    r"[ \t]*(?:nr\.?|nummer)?[ \t:]*"
    r"(?P<number>(?:(?-i:[A-Z]{1,2})[.-]?)?\d{1,4}(?:[.\-/](?-i:[A-Z])?\d{1,4}){0,2}(?-i:[a-z])?))(?![\w]|[-./,]\w)"
)
_YEAR = re.compile(r"^(?:19|20)\d\d(?:[-/]\d{2,4})?$")
_PARLIAMENT = re.compile(r"\b(?:tweede|eerste|1e|2e)\s*$", re.IGNORECASE)


class NlCellNumberRecognizer(DutchPatternRecognizer):
    """Labelled cell/room numbers ("cel 114"), only in custodial text."""

    ENTITY = "NL_CELL_NUMBER"
    SCORE = 0.85
    PATTERNS = (("cell_number", _CELL, SCORE),)
    CONTEXT = ("cel", "celnummer", "kamer", "gedetineerde")
    FLAGS = CASE_INSENSITIVE

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Each labelled number in custodial text, label included; not a year or "Tweede Kamer"."""
        results: list[RecognizerResult] = []
        if not custodial_page(text):
            return results  # most pages: no custodial word anywhere
        for m in re.finditer(_CELL, text, flags=self.FLAGS):
            start, end = m.span("all")
            number = m.group("number")
            if _YEAR.match(number) or _PARLIAMENT.search(text[max(0, m.start() - 12) : m.start()]):
                continue  # "Tweede Kamer 2023-2024"
            if not re.search(r"\d", number) or not custodial_context(text, start, end):
                continue
            result = make_result(self, self.ENTITY, start, end, self.SCORE, "cell_number")
            results.append(mark_context_applied(result, m.group("label")))
        return results

    def accept(self, text: str, result: RecognizerResult) -> bool:  # noqa: D102 - analyze decides
        return True
