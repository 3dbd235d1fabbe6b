"""Shared plumbing for the Dutch recognizers.

Presidio's PatternRecognizer matches case-insensitively by default and maps a
successful ``validate_result`` to score 1.0; Dutch identifiers need case-sensitive
patterns, moderate scores for checksum-valid numbers without context, and context
tests that look at the raw text (labels like "T:" or "geb." are too short for the
lemma enhancer's substring matching).  These helpers keep that in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

LANGUAGE = "nl"
CASE_SENSITIVE = re.MULTILINE | re.DOTALL
CASE_INSENSITIVE = re.MULTILINE | re.DOTALL | re.IGNORECASE


def window_before(text: str, start: int, chars: int = 60, lines: int = 1) -> str:
    """Text before ``start``: at most ``chars`` characters, crossing at most ``lines`` line breaks."""
    head = text[max(0, start - chars) : start]
    parts = head.split("\n")
    return "\n".join(parts[-(lines + 1) :])


def window_after(text: str, end: int, chars: int = 30) -> str:
    """Text after ``end`` on the same line, at most ``chars`` characters."""
    return text[end : end + chars].split("\n", 1)[0]


def mark_context_applied(result: RecognizerResult, word: str | None = None) -> RecognizerResult:
    """Tell Presidio's context enhancer that this score already reflects the context.

    Without the flag the LemmaContextAwareEnhancer would add its boost a second time.
    """
    if result.recognition_metadata is None:
        result.recognition_metadata = {}
    result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
    if word and result.analysis_explanation is not None:
        result.analysis_explanation.set_supportive_context_word(word)
        result.analysis_explanation.set_improved_score(result.score)
    return result


def make_result(
    recognizer: Any, entity: str, start: int, end: int, score: float, pattern_name: str, text: str = ""
) -> RecognizerResult:
    """A RecognizerResult carrying the recognizer's name and id like PatternRecognizer's own."""
    explanation = PatternRecognizer.build_regex_explanation(recognizer.name, pattern_name, "", score, None, 0)
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


class DutchPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer for Dutch with class-level patterns, case-sensitive by default.

    Subclasses set ENTITY, PATTERNS ((name, regex, score) triples) and CONTEXT, and may
    override ``accept`` to drop matches after looking at the surrounding text.
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[Sequence[tuple[str, str, float]]] = ()
    CONTEXT: ClassVar[Sequence[str]] = ()
    FLAGS: ClassVar[int] = CASE_SENSITIVE

    def __init__(self, supported_language: str = LANGUAGE, context: Iterable[str] | None = None) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language=supported_language,
            patterns=[Pattern(name, regex, score) for name, regex, score in self.PATTERNS],
            context=list(context) if context is not None else list(self.CONTEXT),
            global_regex_flags=self.FLAGS,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ):
        """Run the patterns (always with this recognizer's own flags), then ``accept``."""
        results = super().analyze(text, entities, nlp_artifacts, self.FLAGS)
        return [r for r in results if self.accept(text, r)]

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Hook: False drops the match (e.g. it is part of a larger, different token)."""
        return True
