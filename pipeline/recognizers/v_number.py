"""Vreemdelingennummer (NL_V_NUMBER): the IND/BVV number of a foreign national, only when labelled.

The v-nummer is ten digits without a published check digit, so a number counts only
right after "v-nummer", "V-nr.", "vreemdelingennummer" (on the same line, a few words
in between at most).  It is an identification number prescribed by law
(Vreemdelingenwet 2000, Basisvoorziening Vreemdelingen) and redacted like a BSN.
"""

from __future__ import annotations

import regex as re

from pipeline.recognizers._base import LabelledNumberRecognizer

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


class NlVNumberRecognizer(LabelledNumberRecognizer):
    """Ten-digit numbers right after a v-nummer label."""

    ENTITY = "NL_V_NUMBER"
    PATTERNS = (("nl_v_number", _NUMBER, 0.85),)
    CONTEXT = ("v-nummer", "vreemdelingennummer", "vnummer")
    LABEL = _LABEL

    def has_hint(self, text: str) -> bool:
        """Only pages with a v-nummer label word can hold a labelled number."""
        return _HINT.search(text) is not None
