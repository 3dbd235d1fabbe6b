"""Decide: turn findings into redaction decisions with a rule and a ground for each.

Split by concern (see each module's docstring): ``model`` (decisions, overrides, outcome),
``text`` (normalising and whole-word matching), ``names`` (name surgery), ``keep`` (keep
rules: allow list, public officials), ``consistency`` (other mentions, batch terms) and
``engine`` (the rule order itself).  The names below are the public interface; import
them from ``pipeline.decide``.
"""

from pipeline.decide.consistency import KnownTerms
from pipeline.decide.engine import decide
from pipeline.decide.keep import role_before
from pipeline.decide.model import WEAK_REJECTIONS, Decision, Outcome, Overrides, Redaction, SpanKey
from pipeline.decide.names import NAME_PARTS, ORDINARY_CAPITALISED, TITLES, place_mention
from pipeline.decide.text import ascii_probe, fold, might_contain, normalize, word_pattern

__all__ = [
    "NAME_PARTS",
    "ORDINARY_CAPITALISED",
    "TITLES",
    "WEAK_REJECTIONS",
    "Decision",
    "KnownTerms",
    "Outcome",
    "Overrides",
    "Redaction",
    "SpanKey",
    "ascii_probe",
    "decide",
    "fold",
    "might_contain",
    "normalize",
    "place_mention",
    "role_before",
    "word_pattern",
]
