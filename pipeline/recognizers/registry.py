"""The recognizer registry: which recognizers run, read from ``registry.yaml`` beside this module.

Why data: a recognizer's metadata (its entities, usual ground, whether its findings carry
across the batch, its review colour) belongs next to its registration, not in the places
that use it (decide's batch terms, the engine's manifest names, the review).  This module
reads only YAML, so the engine can name the recognizers without importing Presidio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class Entry:
    """One recognizer as registered."""

    target: str  # "module:ClassName"
    entities: tuple[str, ...]
    ground: str
    batch: bool
    colour: str

    @property
    def name(self) -> str:
        """The recognizer's stable name: its class name (Presidio's ``name``)."""
        return self.target.rsplit(":", 1)[1]


_TARGET = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")
_FIELDS = {"class", "entities", "ground", "batch", "colour"}


REGISTRY_FILE = resources.files(__package__).joinpath("registry.yaml")


@cache
def entries() -> tuple[Entry, ...]:
    """The registered recognizers in registration order; ConfigError if the file is malformed."""
    return parse(REGISTRY_FILE.read_text(encoding="utf-8"))


def parse(text: str) -> tuple[Entry, ...]:
    """The entries of a registry file's text, checked."""
    data = yaml.safe_load(text) or {}
    out = []
    for n, item in enumerate(data.get("recognizers") or [], 1):
        where = f"pipeline/recognizers/registry.yaml entry {n}"
        if not isinstance(item, dict) or set(item) - _FIELDS or not {"class", "entities"} <= set(item):
            raise ConfigError(f"{where}: needs class and entities (known keys: {', '.join(sorted(_FIELDS))})")
        if not _TARGET.fullmatch(str(item["class"])):
            raise ConfigError(f"{where}: class must be 'module:ClassName'")
        entities = item["entities"]
        if not isinstance(entities, list) or not entities:
            raise ConfigError(f"{where}: entities must be a non-empty list")
        out.append(
            Entry(
                str(item["class"]),
                tuple(str(e) for e in entities),
                str(item.get("ground", "5.1.2e")),
                bool(item.get("batch", False)),
                str(item.get("colour", "#d62728")),
            )
        )
    names = [e.name for e in out]
    if len(set(names)) != len(names):
        raise ConfigError("pipeline/recognizers/registry.yaml: a recognizer is registered twice")
    return tuple(out)


def names() -> tuple[str, ...]:
    """The registered recognizers' names, in registration order."""
    return tuple(e.name for e in entries())


def batch_entities() -> frozenset[str]:
    """Entity types whose redacted findings are searched for in the rest of the batch."""
    return frozenset(x for e in entries() if e.batch for x in e.entities)
