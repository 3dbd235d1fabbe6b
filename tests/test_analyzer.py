"""The analyzer's own NLP engine: same lemmas, keywords and findings as Presidio's, in every process."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.analyzer import LANGUAGE, build_nlp_engine, first_of_equal, load_spacy
from pipeline.detect import CONTEXT_ENTITIES, analysis_text, detect
from pipeline.extract import extract

ROOT = Path(__file__).resolve().parents[1]

TEXT = (
    "De medewerkers hebben gisteren gebeld met mevrouw De Vries (tel: 06-12345678, "
    "https://www.uwv.nl/contact). Zij heeft haar BSN en geboortedatum doorgegeven; "
    "de aanvragen worden behandeld door het team Bezwaar. Groeten, Jan."
)


@pytest.fixture(scope="module")
def nlp():
    return load_spacy({"path": "models/nl_woo_ner"}, base=ROOT)[0]


def test_lemmas_and_keywords_equal_those_of_spacys_lemmatizer(nlp):
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    stock = SpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "preloaded"}])
    stock.nlp = {LANGUAGE: nlp}
    ours = build_nlp_engine(nlp)
    assert ours.lemma_lookup is not None  # the fast path is the one under test

    want = stock.process_text(TEXT, LANGUAGE)
    got = ours.process_text(TEXT, LANGUAGE)
    assert got.lemmas == want.lemmas
    assert list(got.keywords) == want.keywords
    assert "medewerker" in got.lemmas and "bellen" in got.lemmas  # real lemmas, not just lower case
    assert "https" in got.keywords and "de" not in got.keywords
    assert [(e.start, e.end, e.label_) for e in got.entities] == [
        (e.start, e.end, e.label_) for e in want.entities
    ]
    # the engine skips the component at call time; the loaded pipeline is not changed
    assert "lemmatizer" in nlp.pipe_names
    assert [t.lemma_ for t in nlp("De medewerkers")] == ["de", "medewerker"]


def test_batched_pages_give_the_same_artifacts_as_one_call_per_page(nlp):
    ours = build_nlp_engine(nlp)
    texts = [TEXT, "Van: Sanne Bakker\nAan: Piet de Vries", "", TEXT.upper()]
    batched = list(ours.process_batch(texts, LANGUAGE, batch_size=16))
    assert [t for t, _ in batched] == texts
    for text, (_, art) in zip(texts, batched, strict=True):
        one = ours.process_text(text, LANGUAGE)
        assert isinstance(art, NlpArtifacts)
        assert art.lemmas == one.lemmas and list(art.keywords) == list(one.keywords)
        assert [(e.start, e.end, e.label_) for e in art.entities] == [
            (e.start, e.end, e.label_) for e in one.entities
        ]


def test_detect_equals_presidio_analyzing_each_page_alone():
    from pipeline.engine import Engine

    engine = Engine.load()
    doc = extract(ROOT / "samples" / "email-thread.pdf")
    assert len(doc.pages) >= 2
    found = {
        (f.page, f.start, f.end, f.entity, f.score) for f in detect(doc, engine.analyzer, engine.entities)
    }
    wanted = sorted(set(engine.entities) | set(CONTEXT_ENTITIES))
    alone = set()
    for page in doc.pages:
        for r in engine.analyzer.analyze(text=analysis_text(page), language=LANGUAGE, entities=wanted):
            alone.add((page.index, r.start, r.end, r.entity_type, round(float(r.score), 4)))
    assert found == alone
    assert any(e == "PERSON" for *_, e, _ in found)


def _result(start: int, end: int, score: float, recognizer: str) -> RecognizerResult:
    return RecognizerResult("PERSON", start, end, score, recognition_metadata={"recognizer_name": recognizer})


def test_equal_results_credit_the_rule_recognizer_in_any_order():
    results = [
        _result(10, 20, 0.85, "SpacyNerRecognizer"),
        _result(10, 20, 0.85, "DutchPersonRecognizer"),
        _result(10, 20, 0.6, "SpacyNerRecognizer"),  # another score: not a duplicate
        _result(0, 4, 0.85, "SpacyNerRecognizer"),
    ]
    for seed in range(6):
        shuffled = results[:]
        random.Random(seed).shuffle(shuffled)
        kept = first_of_equal(shuffled)
        got = [(r.start, r.score, r.recognition_metadata["recognizer_name"]) for r in kept]
        assert got == [
            (0, 0.85, "SpacyNerRecognizer"),
            (10, 0.85, "DutchPersonRecognizer"),
            (10, 0.6, "SpacyNerRecognizer"),
        ]


_DUMP = """
import json, sys
from pathlib import Path
from pipeline.engine import Engine
from pipeline.detect import detect
from pipeline.extract import extract
engine = Engine.load()
doc = extract(Path(sys.argv[1]))
print(json.dumps([[f.id, f.start, f.end, f.entity, f.score, f.recognizer]
                  for f in detect(doc, engine.analyzer, engine.entities)]))
"""


def test_findings_and_their_recognizers_are_the_same_in_every_process():
    """Presidio's set order follows string hashes, which differ per process (PYTHONHASHSEED)."""
    runs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _DUMP, str(ROOT / "samples" / "email-thread.pdf")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append(json.loads(out))
    assert runs[0] == runs[1] == runs[2]
    # spans that the person recognizer and the NER model both found are credited to the rule
    assert any(r[5] == "DutchPersonRecognizer" for r in runs[0])
