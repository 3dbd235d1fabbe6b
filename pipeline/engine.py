"""The loaded detection stack: rules, spaCy model, recognizers and the Presidio analyzer.

Loading the model is the expensive part, so an Engine is built once per worker
process and reused for every document that worker handles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.analyzer import ModelInfo, build_analyzer, load_spacy
from pipeline.rules import Rules, load_rules


@dataclass
class Engine:
    rules: Rules
    model: ModelInfo
    analyzer: Any
    recognizers: list[str]

    @classmethod
    def load(cls, rules_path: Path | None = None, rules: Rules | None = None) -> Engine:
        """Load rules (unless given) and the model they name; raises ConfigError/ModelError."""
        from pipeline.recognizers import all_recognizers

        rules = rules or load_rules(rules_path)
        nlp, info = load_spacy(rules.model, base=rules.base)
        recs = all_recognizers()
        analyzer = build_analyzer(nlp, recs)
        names = sorted({r.name for r in analyzer.registry.recognizers})
        return cls(rules=rules, model=info, analyzer=analyzer, recognizers=names)

    @property
    def entities(self) -> list[str]:
        return sorted(self.rules.entities)
