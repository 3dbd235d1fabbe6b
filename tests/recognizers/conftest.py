"""One real analyzer (blank Dutch spaCy + all Dutch recognizers) shared by the recognizer tests."""

from __future__ import annotations

import pytest

from pipeline.analyzer import build_analyzer, load_spacy
from pipeline.recognizers import all_recognizers


@pytest.fixture(scope="session")
def analyzer():
    nlp, _ = load_spacy({"blank": "nl"})
    return build_analyzer(nlp, all_recognizers())


@pytest.fixture(scope="session")
def found(analyzer):
    """found(text, entity) -> {span text: score} for that entity, via analyzer.analyze(language="nl")."""

    def _found(text: str, entity: str) -> dict[str, float]:
        results = analyzer.analyze(text, language="nl")
        return {text[r.start : r.end]: r.score for r in results if r.entity_type == entity}

    return _found
