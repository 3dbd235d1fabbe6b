"""Vreemdelingennummer (NL_V_NUMBER): the IND/BVV number of a foreign national, only when labelled.

The v-nummer is ten digits without a published check digit, so a number counts only
right after "v-nummer", "V-nr.", "vreemdelingennummer" (on the same line, a few words
in between at most).  It is an identification number prescribed by law
(Vreemdelingenwet 2000, Basisvoorziening Vreemdelingen) and redacted like a BSN.
"""

from __future__ import annotations

from typing import Any

import regex as re
from presidio_analyzer import RecognizerResult

from pipeline.recognizers._base import DutchPatternRecognizer, mark_context_applied, window_before

_NUMBER = (
    r"(?<![\w.,/-])(?:\d{10}|\d{2}(?:[ .]\d{2}){4}|\d{4}[ .]\d{3}[ .]\d{3}|\d{3}[ .]\d{3}[ .]\d{4})"
    r"(?![\w]|[-./,]\d)"
)
_LABEL = re.compile(
    r"(?:(?<![\w-])v[ .-]?(?:nummer|nr\.?|no\.?)|\bvreemdelingen(?:nummer|nr\.?)|"
    r"\bvreemdelingennummer)(?![\w-])[ \t:.#]*(?:\([^)\n]{0,20}\)[ \t:]*)?"
    r"(?:(?:is|was|luidt|van|betrokkene|de|vreemdeling|aanvrager|verzoeker)[ \t:]+){0,3}$",
    re.IGNORECASE,
)

_HINT = re.compile(r"v[ .-]?(?:nummer|nr|no)|vreemdelingen", re.IGNORECASE)


class NlVNumberRecognizer(DutchPatternRecognizer):
    """Ten-digit numbers right after a v-nummer label."""

    ENTITY = "NL_V_NUMBER"
    PATTERNS = (("nl_v_number", _NUMBER, 0.85),)
    CONTEXT = ("v-nummer", "vreemdelingennummer", "vnummer")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Nothing on a page without a v-nummer label (most pages): skip the scan for ten-digit numbers."""
        if not _HINT.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Keep only numbers after a v-nummer label on the same line."""
        label = _LABEL.search(window_before(text, result.start, 60, lines=0))
        if not label:
            return False
        mark_context_applied(result, label.group(0).split()[0])
        return True
