"""Shared plumbing for the Dutch recognizers.

Presidio's PatternRecognizer matches case-insensitively by default and maps a
successful ``validate_result`` to score 1.0; Dutch identifiers need case-sensitive
patterns, moderate scores for checksum-valid numbers without context, and context
tests that look at the raw text (labels like "T:" or "geb." are too short for the
lemma enhancer's substring matching).  These helpers keep that in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

import regex as re
from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult

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


class LabelledNumberRecognizer(DutchPatternRecognizer):
    """Numbers without a check digit that count only right after their label (driving licence, v-nummer).

    Subclasses set LABEL (a regex that must match at the end of the text before the number) and may
    override ``has_hint``: a cheap test that skips pages without the label word (most pages).
    """

    LABEL: ClassVar[Any] = None
    LABEL_CHARS: ClassVar[int] = 60
    LABEL_LINES: ClassVar[int] = 0

    def has_hint(self, text: str) -> bool:
        """Whether the page may hold a label at all; False skips the scan."""
        return True

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Nothing on a page without the label word: skip the scan for bare digit runs."""
        if not self.has_hint(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def accept(self, text: str, result: RecognizerResult) -> bool:
        """Keep only numbers right after the label; the label word is the supporting context."""
        label = self.LABEL.search(window_before(text, result.start, self.LABEL_CHARS, lines=self.LABEL_LINES))
        if not label:
            return False
        mark_context_applied(result, label.group(0).split()[0])
        return True


class DutchLocalRecognizer(LocalRecognizer):
    """A rule-based recognizer of one entity with class-level CONTEXT and SCORE and nothing to load.

    ``result`` builds a RecognizerResult the way every such recognizer returns one (its name and id,
    the rule name, the context flag); ``scan`` is the common loop: one result per regex match.
    """

    ENTITY: ClassVar[str] = ""
    SCORE: ClassVar[float] = 0.85
    CONTEXT: ClassVar[Sequence[str]] = ()

    def __init__(self, supported_language: str = LANGUAGE) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def result(
        self,
        start: int,
        end: int,
        rule: str,
        *,
        score: float | None = None,
        word: str | None = None,
        mark: bool = True,
    ) -> RecognizerResult:
        """A result for ``text[start:end]``; ``mark``: its score already reflects the context (``word``)."""
        found = make_result(self, self.ENTITY, start, end, self.SCORE if score is None else score, rule)
        return mark_context_applied(found, word) if mark else found

    def scan(
        self,
        text: str,
        patterns: Iterable[tuple[Any, str, Sequence[str]]],
        group: str,
        skip: Callable[[str, str], bool] | None = None,
        unique: bool = False,
    ) -> list[RecognizerResult]:
        """One result per match of each (regex, rule name, hint words) at ``group``'s span.

        A pattern whose hint words (lower case) are all absent from the page is not run (empty hints:
        always run); ``skip(rule, value)`` drops a match; ``unique`` returns each span once.
        """
        results: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        low = text.lower()
        for pattern, rule, hints in patterns:
            if hints and not any(h in low for h in hints):
                continue  # most pages hold none of the label words: skip the scan
            for m in pattern.finditer(text):
                span = m.span(group)
                if unique and span in seen:
                    continue
                if skip is not None and skip(rule, m.group(group)):
                    continue
                seen.add(span)
                results.append(self.result(span[0], span[1], rule, word=rule))
        return results
