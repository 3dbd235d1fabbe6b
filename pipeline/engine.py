"""The loaded detection stack: rules, spaCy model, recognizers and the Presidio analyzer.

Loading the model is the expensive part, so an Engine is built once per worker
process and reused for every document that worker handles.  A batch run's main
process only describes the engine (``Engine.describe``): its workers do the work, and
loading a third copy of the model would take CPU from them while they start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.analyzer import NER_RECOGNIZER, ModelInfo, build_analyzer, describe_model, load_spacy
from pipeline.errors import ModelError
from pipeline.recognizers import registry as recognizer_registry
from pipeline.rules import Rules, load_rules

# The names of pipeline.recognizers.all_recognizers(), without importing Presidio
# (tests/test_engine.py keeps the two equal).
RULE_RECOGNIZERS = tuple(sorted(recognizer_registry.names()))


@dataclass
class Engine:
    rules: Rules
    model: ModelInfo
    recognizers: list[str]
    loaded: Any = field(default=None, repr=False)  # the Presidio analyzer, once built

    @classmethod
    def load(cls, rules_path: Path | None = None, rules: Rules | None = None) -> Engine:
        """Load rules (unless given) and the model they name; raises ConfigError/ModelError."""
        from pipeline.recognizers import all_recognizers, custom

        rules = rules or load_rules(rules_path)
        nlp, info = load_spacy(rules.model, base=rules.base)
        recs = all_recognizers() + [custom.build(spec) for spec in rules.custom_recognizers]
        analyzer = build_analyzer(nlp, recs)
        names = sorted({r.name for r in analyzer.registry.recognizers})
        return cls(rules=rules, model=info, recognizers=names, loaded=analyzer)

    @classmethod
    def describe(cls, rules_path: Path | None = None, rules: Rules | None = None) -> Engine:
        """The engine's rules, model digest and recognizer names; the model loads on first use.

        Only a ``path:`` model can be described from its files; any other is loaded now.
        """
        rules = rules or load_rules(rules_path)
        info = describe_model(rules.model, rules.base)
        if info is None:
            return cls.load(rules=rules)
        custom = [spec.name for spec in rules.custom_recognizers]
        names = sorted({*RULE_RECOGNIZERS, *custom, *([NER_RECOGNIZER] if info.ner else [])})
        return cls(rules=rules, model=info, recognizers=names)

    @property
    def analyzer(self) -> Any:
        if self.loaded is None:
            full = Engine.load(rules=self.rules)
            if (full.model.sha256, full.recognizers) != (self.model.sha256, self.recognizers):
                raise ModelError("the NLP model or the recognizers changed during the run: run it again")
            self.loaded = full.loaded
        return self.loaded

    @property
    def entities(self) -> list[str]:
        return sorted(self.rules.entities)
