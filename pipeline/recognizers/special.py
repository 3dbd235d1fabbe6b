"""Special personal data (NL_SPECIAL_DATA, ground 5.1.1d): health, religion, criminal records of a person.

Such words are ordinary in policy texts ("klanten met psychische klachten"), so a term
only counts when the same sentence points at one person: "u", "uw", "hij", "zij",
"zijn", "haar", "mevrouw", "de heer", "betrokkene", "cliënt", "werknemer", or a name
title.  The term itself is redacted (the diagnosis, the faith, the conviction), not the
whole sentence.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import LocalRecognizer, RecognizerResult

from pipeline import vocab
from pipeline.recognizers._base import LANGUAGE, make_result, mark_context_applied

HEALTH = list(vocab.ordered("special_health"))
RELIGION = list(vocab.ordered("special_religion"))
CRIMINAL = list(vocab.ordered("special_criminal"))

_TERMS = re.compile(
    r"(?i)(?<![\w-])(?:"
    + "|".join(re.escape(t) for t in sorted(HEALTH + RELIGION + CRIMINAL, key=len, reverse=True))
    + r")(?![\w-])"
)
_PERSON_REF = re.compile(
    r"(?i)(?<![\w-])(?:u|uw|hij|zij|zijn|haar|mevrouw|mevr\.|mw\.|de heer|dhr\.|betrokkene|cliënt|client|"
    r"werknemer|aanvrager|verzoeker|belanghebbende)(?![\w-])"
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]|\n|$)")


class DutchSpecialDataRecognizer(LocalRecognizer):
    """Health, religion and criminal-record terms about one person."""

    ENTITY = "NL_SPECIAL_DATA"
    SCORE = 0.7

    def __init__(self, supported_language: str = LANGUAGE) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
            context=["u", "uw", "mevrouw", "heer", "betrokkene"],
        )

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Terms in sentences that refer to a single person."""
        results = []
        for sentence in _SENTENCE.finditer(text):
            chunk = sentence.group(0)
            if not chunk.strip() or not _PERSON_REF.search(chunk):
                continue
            for m in _TERMS.finditer(chunk):
                start, end = sentence.start() + m.start(), sentence.start() + m.end()
                result = make_result(self, self.ENTITY, start, end, self.SCORE, "special_data")
                results.append(mark_context_applied(result, "person reference"))
        return results
