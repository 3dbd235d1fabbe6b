"""Build Presidio's AnalyzerEngine for Dutch without ever touching the network.

Presidio's defaults reach for an English spaCy model and download it when it is
missing; a redaction tool in a closed network must instead load exactly the model
it was configured with, or stop.  So the spaCy pipeline is loaded here from a
path (or an installed package, by name) and handed to Presidio ready-made.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError

LANGUAGE = "nl"
NER_RECOGNIZER = "SpacyNerRecognizer"

# spaCy labels -> Presidio entities.  Our own model uses PER/LOC/ORG; the
# nl_core_news_* packages use PERSON/GPE/ORG/... (OntoNotes style).
ENTITY_MAPPING = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "ORG": "ORGANIZATION",
    "NORP": "NRP",
}


@dataclass(frozen=True)
class ModelInfo:
    """What the manifest records about the NLP model that ran."""

    name: str
    version: str
    sha256: str
    source: str  # path or package name, or "blank:nl"
    ner: bool  # whether the pipeline has an entity recognizer


def _dir_sha256(path: Path) -> str:
    """A stable digest over every file of a model directory (names and contents)."""
    h = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(f.relative_to(path).as_posix().encode())
        h.update(b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def check_model(model: dict[str, Any], base: Path | None = None) -> Path | None:
    """Raise ModelError now if a ``model: path:`` is missing (without loading it); return the path.

    A run checks this before it creates anything, then loads the model while its workers
    start (pipeline.api.run).
    """
    if "path" not in model:
        return None
    path = Path(model["path"])
    if not path.is_absolute() and base is not None:
        path = (base / path).resolve()
    if not (path / "meta.json").is_file() or not (path / "config.cfg").is_file():
        raise ModelError(
            f"NLP model not found at {path} (no meta.json/config.cfg); check 'model: path:' in the rules file"
        )
    return path


def load_spacy(model: dict[str, Any], base: Path | None = None):
    """Load the configured spaCy pipeline; raise ModelError with a clear reason if not possible.

    ``model`` is the ``model`` section of the rules file: ``{"path": ...}`` (relative
    to ``base``), ``{"package": "nl_core_news_md"}`` or ``{"blank": "nl"}``.
    """
    import spacy

    if "blank" in model:
        nlp = spacy.blank(model["blank"])
        try:
            nlp.add_pipe("lemmatizer", config={"mode": "rule"})
            nlp.initialize()
        except Exception as exc:  # lookups tables missing: still usable without lemmas
            raise ModelError(f"blank Dutch pipeline could not get its lemmatizer: {exc}") from exc
        info = ModelInfo(f"blank:{model['blank']}", spacy.__version__, "", f"blank:{model['blank']}", False)
        return nlp, info
    if "package" in model:
        name = model["package"]
        if not spacy.util.is_package(name):
            raise ModelError(
                f"spaCy package {name!r} is not installed; install it from your package "
                "mirror or point 'model: path:' in the rules file at a model directory"
            )
        try:
            nlp = spacy.load(name)
        except Exception as exc:
            raise ModelError(f"spaCy package {name!r} could not be loaded: {exc}") from exc
        path = Path(nlp.path) if getattr(nlp, "path", None) else None
        digest = _dir_sha256(path) if path and path.is_dir() else ""
        return nlp, ModelInfo(
            nlp.meta.get("name", name), nlp.meta.get("version", ""), digest, name, "ner" in nlp.pipe_names
        )
    if "path" in model:
        described = describe_model(model, base)
        assert described is not None
        info = described
        try:
            nlp = spacy.load(info.source)
        except Exception as exc:
            raise ModelError(f"NLP model at {info.source} is broken and could not be loaded: {exc}") from exc
        return nlp, replace(info, ner="ner" in nlp.pipe_names)
    raise ModelError("rules file: 'model' needs one of 'path', 'package' or 'blank'")


def describe_model(model: dict[str, Any], base: Path | None = None) -> ModelInfo | None:
    """What load_spacy records about a ``path:`` model, from its files, without loading it.

    A batch run's main process needs only this (for the manifest and to tell whether an
    earlier output is still valid); its workers load the model itself.  None for a
    ``package:`` or ``blank:`` model, which must be loaded to be described.
    """
    path = check_model(model, base)
    if path is None:
        return None
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    name = f"{meta.get('lang', 'nl')}_{meta.get('name', path.name)}"
    ner = "ner" in meta.get("pipeline", []) and "ner" not in meta.get("disabled", [])
    return ModelInfo(name, meta.get("version", ""), _dir_sha256(path), str(path), ner)


def build_nlp_engine(nlp) -> Any:
    """Wrap an already loaded spaCy pipeline in Presidio's engine without letting it load anything."""
    from presidio_analyzer.nlp_engine import NerModelConfiguration

    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping=ENTITY_MAPPING,
        labels_to_ignore=["MISC", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"],
        low_score_entity_names=[],
    )
    engine = _engine_class()(
        models=[{"lang_code": LANGUAGE, "model_name": "preloaded"}], ner_model_configuration=ner_config
    )
    engine.nlp = {LANGUAGE: nlp}  # bypasses SpacyNlpEngine.load(), which may download
    engine.lemma_lookup = _lookup_lemmas(nlp)
    return engine


def _lookup_lemmas(nlp) -> dict | None:
    """The table of the pipeline's Dutch lookup lemmatizer, or None for any other kind.

    Presidio only needs lemmas for its context words.  spaCy's component sets a lemma on
    every token of every page (about 15% of the model's time); the NLP engine below skips
    it and looks the same lemmas up itself, in the same table.  Other lemmatizers
    (rule-based, with part-of-speech tags) run as they are.
    """
    from spacy.lang.nl.lemmatizer import DutchLemmatizer

    if "lemmatizer" not in nlp.pipe_names:
        return None
    pipe = nlp.get_pipe("lemmatizer")
    if type(pipe).lookup_lemmatize is not DutchLemmatizer.lookup_lemmatize or pipe.mode != "lookup":
        return None
    return pipe.lookups.get_table("lemma_lookup", {})


_ENGINE_CLASS: list = []


def _engine_class() -> type:
    """SpacyNlpEngine with lemmas from the lookup table and keywords from a cache (built once)."""
    if _ENGINE_CLASS:
        return _ENGINE_CLASS[0]
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

    class _Keywords(list):
        """Presidio's keyword list, with a set for its ``in`` tests (a list is searched per context word)."""

        def __init__(self, words: list[str]) -> None:
            super().__init__(words)
            self._set = frozenset(words)

        def __contains__(self, word: object) -> bool:
            return word in self._set

    class _Artifacts(NlpArtifacts):
        @staticmethod
        def set_keywords(nlp_engine, lemmas: list[str], language: str) -> list[str]:
            # NlpArtifacts.set_keywords, with each lemma's stop word/punctuation test
            # remembered (two vocabulary look-ups per token otherwise)
            ok = nlp_engine.keyword_ok
            out: list[str] = []
            for k in lemmas:
                flag = ok.get(k)
                if flag is None:
                    if len(ok) > 500_000:
                        ok.clear()
                    flag = ok[k] = not (
                        nlp_engine.is_stopword(k, language)
                        or nlp_engine.is_punct(k, language)
                        or k in ("-PRON-", "be")
                    )
                if flag:
                    low = k.lower()
                    if ":" in low:
                        out.extend(low.split(":"))
                    else:
                        out.append(low)
            return _Keywords(out)

    class DutchNlpEngine(SpacyNlpEngine):
        lemma_lookup: dict | None = None

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.keyword_ok: dict[str, bool] = {}

        def _skip(self) -> list[str]:
            return ["lemmatizer"] if self.lemma_lookup is not None else []

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            return self._doc_to_nlp_artifact(self.nlp[language](text, disable=self._skip()), language)

        def process_batch(
            self, texts, language: str, batch_size: int = 1, n_process: int = 1, as_tuples=False
        ):
            if as_tuples or n_process != 1:
                yield from super().process_batch(texts, language, batch_size, n_process, as_tuples)
                return
            docs = self.nlp[language].pipe(
                (str(t) for t in texts), batch_size=batch_size, disable=self._skip()
            )
            for doc in docs:
                yield doc.text, self._doc_to_nlp_artifact(doc, language)

        def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
            table = self.lemma_lookup
            if table is None:
                lemmas = [token.lemma_ for token in doc]
            else:  # DutchLemmatizer.lookup_lemmatize, for every token
                lemmas = [table.get(w, w) for w in (token.text.lower() for token in doc)]
            entities, scores = self._get_updated_entities(
                self._get_entities(doc), self._get_scores_for_entities(doc)
            )
            return _Artifacts(
                entities=entities,
                tokens=doc,
                tokens_indices=[token.idx for token in doc],
                lemmas=lemmas,
                nlp_engine=self,
                language=language,
                scores=scores,
            )

    _ENGINE_CLASS.append(DutchNlpEngine)
    return DutchNlpEngine


def build_analyzer(nlp, recognizers: list) -> Any:
    """An AnalyzerEngine for Dutch with exactly the given recognizers (plus spaCy NER if the model has it)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    if not recognizers:
        # An empty registry makes Presidio load its English predefined recognizers.
        raise ModelError("no recognizers configured: refusing to run a detector that finds nothing")
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for rec in recognizers:
        registry.add_recognizer(rec)
    if "ner" in nlp.pipe_names:
        registry.add_recognizer(
            SpacyRecognizer(
                supported_language=LANGUAGE,
                supported_entities=["PERSON", "LOCATION", "ORGANIZATION"],
                name=NER_RECOGNIZER,
            )
        )

    class DutchAnalyzerEngine(AnalyzerEngine):
        def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            results = super()._enhance_using_context(text, raw_results, nlp_artifacts, recognizers, context)
            return first_of_equal(results)

    return DutchAnalyzerEngine(
        registry=registry,
        nlp_engine=build_nlp_engine(nlp),
        supported_languages=[LANGUAGE],
        context_aware_enhancer=_fast_context_enhancer(),
    )


def first_of_equal(results: list) -> list:
    """One of each group of results that Presidio counts as equal (same span, type and score).

    Presidio runs its recognizers in the order of a ``set`` and removes duplicates
    through another: both follow string hashes that change with every process, so the
    recognizer an audit log credits for a span that two of them found would change from
    run to run.  Here a rule recognizer (its pattern names the reason) wins over the NER
    model, then the first name in alphabetical order; the result comes out sorted.
    """

    def rank(r) -> tuple:
        name = str((r.recognition_metadata or {}).get("recognizer_name", ""))
        return (r.start, r.end, r.entity_type, -r.score, name == NER_RECOGNIZER, name)

    out = []
    last = None
    for r in sorted(results, key=rank):
        key = (r.entity_type, r.start, r.end, r.score)
        if key != last:
            out.append(r)
            last = key
    return out


def _fast_context_enhancer() -> Any:
    """Presidio's lemma context enhancer with a binary search for the token at a match.

    The stock version walks the spaCy Doc token by token for every result (quadratic on
    a page full of findings); this one gives the same token index from a bisect over the
    token end offsets, computed once per analysed text.
    """
    import bisect
    import copy

    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class _Enhancer(LemmaContextAwareEnhancer):
        _ends: tuple[Any, list[int]] = (None, [])

        def _find_index_of_match_token(self, word: str, start: int, tokens, tokens_indices: list[int]) -> int:
            # Keyed on the list object itself (held here, so its id cannot be reused).
            if self._ends[0] is not tokens_indices:
                ends = [i + len(t) for i, t in zip(tokens_indices, tokens, strict=True)]
                self._ends = (tokens_indices, ends)
            i = bisect.bisect_right(self._ends[1], start)
            if i >= len(tokens_indices):
                raise ValueError("Did not find word '" + word + "' in the list of tokens")
            return i

        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            # The stock method deep-copies every result with its explanation (a quarter of
            # the enhancer's time); a result and its explanation are all it changes, so
            # shallow copies of those two keep the input untouched the same way.
            results = []
            for r in raw_results:
                r = copy.copy(r)
                if r.analysis_explanation is not None:
                    r.analysis_explanation = copy.copy(r.analysis_explanation)
                if r.recognition_metadata is not None:
                    r.recognition_metadata = dict(r.recognition_metadata)
                results.append(r)
            return super().enhance_using_context(text, _NoCopy(results), nlp_artifacts, recognizers, context)

    return _Enhancer()


class _NoCopy(list):
    """A list that ``copy.deepcopy`` hands back as it is (its items are fresh copies already)."""

    def __deepcopy__(self, memo):
        return self
