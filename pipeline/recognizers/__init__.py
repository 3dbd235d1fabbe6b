"""Dutch Presidio recognizers for Woo redaction, one module per entity type.

Which recognizers run is data: ``registry.yaml`` lists each with its entities, usual
ground, batch consistency and review colour (pipeline.recognizers.registry reads it).
``all_recognizers()`` builds a fresh instance of each; ``RECOGNIZER_ENTITIES`` maps each
recognizer's stable name (its class name) to the entities it returns, which the rules
file maps to Woo grounds.  ``RECOGNIZER_CLASSES`` is imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from pipeline.recognizers import registry

RECOGNIZER_ENTITIES: dict[str, list[str]] = {e.name: list(e.entities) for e in registry.entries()}


def _classes(entries: tuple[registry.Entry, ...] | None = None) -> tuple[type, ...]:
    """The classes of ``entries`` (default: the registry's), imported by their ``module:Class``."""
    if entries is None:
        return _registered()
    out = []
    for e in entries:
        module, name = e.target.split(":")
        cls = getattr(importlib.import_module(module), name)
        if cls.__name__ != e.name:
            raise TypeError(f"registry.yaml: {e.target} is {cls.__name__}")  # an alias would rename it
        out.append(cls)
    return tuple(out)


@cache
def _registered() -> tuple[type, ...]:
    return _classes(registry.entries())


def __getattr__(name: str) -> Any:
    if name == "RECOGNIZER_CLASSES":
        return _classes()
    raise AttributeError(name)


def all_recognizers(options: Mapping[str, Any] | None = None) -> list[Any]:
    """Fresh instances of every Dutch recognizer (``options`` is reserved for per-site tuning)."""
    return [cls() for cls in _classes()]


__all__ = ["RECOGNIZER_CLASSES", "RECOGNIZER_ENTITIES", "all_recognizers"]
