"""Site-specific pattern recognizers declared in the rules file, without code.

Why: a municipality's case numbers or a ministry's file references are personal data in
context, but no two sites write them alike.  Like Presidio's ``type: custom`` recognizers,
each entry under ``recognizers:`` in the rules file is a name, an entity, a regular
expression, a score and optional context words::

    recognizers:
      - name: ZaaknummerRecognizer
        entity: NL_CASE_NUMBER        # must also be listed under entities: (its ground)
        regex: '\\bZK-\\d{6}\\b'
        score: 0.6
        context: [zaaknummer, zaak]   # optional: Presidio lifts the score near these words
        ignore_case: false            # optional, default false (Dutch patterns are case-sensitive)

Entries are checked when the rules load (``parse``): a regex that does not compile, a
missing field or an entity without a ground is a configuration error (exit 2) before any
document is touched.  The recognizer classes are made when the engine loads (``build``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from pipeline.errors import ConfigError

_NAME = regex.compile(r"[A-Za-z_]\w{0,63}")
_ENTITY = regex.compile(r"[A-Z][A-Z0-9_]{1,63}")
_FIELDS = {"name", "entity", "regex", "score", "context", "ignore_case"}


@dataclass(frozen=True)
class CustomPattern:
    """One validated ``recognizers:`` entry of the rules file."""

    name: str
    entity: str
    regex: str
    score: float
    context: tuple[str, ...] = ()
    ignore_case: bool = False


def parse(items: Any, where: str, entities: set[str], taken: set[str]) -> tuple[CustomPattern, ...]:
    """Validate the ``recognizers:`` list of a rules file; ConfigError names the entry and the fault.

    ``entities``: the entity types the rules file gives a ground; ``taken``: recognizer
    names already registered (a custom one may not shadow them).
    """
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ConfigError(f"{where}: 'recognizers' must be a list")
    out: list[CustomPattern] = []
    for n, item in enumerate(items, 1):
        at = f"{where}: recognizers[{n}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{at} must be a mapping with name, entity, regex and score")
        unknown = set(item) - _FIELDS
        missing = {"name", "entity", "regex", "score"} - set(item)
        if unknown or missing:
            bad = [f"unknown key(s) {', '.join(sorted(unknown))}"] if unknown else []
            bad += [f"missing {', '.join(sorted(missing))}"] if missing else []
            raise ConfigError(f"{at}: {'; '.join(bad)}")
        name, entity, pattern = str(item["name"]), str(item["entity"]), item["regex"]
        if not _NAME.fullmatch(name) or name in taken or name in {p.name for p in out}:
            raise ConfigError(f"{at}: name {name!r} must be a unique identifier")
        if not _ENTITY.fullmatch(entity):
            raise ConfigError(f"{at}: entity {entity!r} must be upper case, like NL_CASE_NUMBER")
        if entity not in entities:
            raise ConfigError(f"{at}: entity {entity} has no ground: add it under 'entities'")
        score = item["score"]
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 < score <= 1:
            raise ConfigError(f"{at}: score must be a number in (0, 1]")
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(f"{at}: regex must be a non-empty string")
        ignore_case = item.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            raise ConfigError(f"{at}: ignore_case must be true or false")
        try:
            compiled = regex.compile(pattern, _flags(ignore_case))
        except regex.error as exc:
            raise ConfigError(f"{at}: bad regex {pattern!r}: {exc}") from exc
        if compiled.search(""):
            raise ConfigError(f"{at}: regex {pattern!r} matches the empty string")
        context = item.get("context") or []
        if not isinstance(context, list) or not all(isinstance(c, str) and c.strip() for c in context):
            raise ConfigError(f"{at}: context must be a list of words")
        out.append(CustomPattern(name, entity, pattern, float(score), tuple(context), ignore_case))
    return tuple(out)


def _flags(ignore_case: bool) -> int:
    from pipeline.recognizers._base import CASE_INSENSITIVE, CASE_SENSITIVE

    return CASE_INSENSITIVE if ignore_case else CASE_SENSITIVE


def build(spec: CustomPattern) -> Any:
    """A fresh Presidio recognizer for ``spec`` (named ``spec.name``), like the built-in pattern ones."""
    from pipeline.recognizers._base import DutchPatternRecognizer

    cls = type(
        spec.name,
        (DutchPatternRecognizer,),
        {
            "ENTITY": spec.entity,
            "PATTERNS": ((spec.name, spec.regex, spec.score),),
            "CONTEXT": spec.context,
            "FLAGS": _flags(spec.ignore_case),
            "__module__": __name__,
        },
    )
    return cls()
