"""The run manifest: which tool, rules, model and recognizers produced this output."""

from __future__ import annotations

import hashlib
import json
import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.rules import rules_source

LIBRARIES = ["spacy", "presidio-analyzer", "presidio-anonymizer", "pdfplumber", "pymupdf", "pypdfium2"]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def build_manifest(engine, started: str) -> dict[str, Any]:
    libs: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libs[name] = None
    return {
        "tool": "woo-redact",
        "version": __version__,
        "started": started,
        "rules": {
            "path": str(engine.rules.path),
            "source": rules_source(engine.rules.path),
            "sha256": engine.rules.sha256,
        },
        "model": {
            "name": engine.model.name,
            "version": engine.model.version,
            "sha256": engine.model.sha256,
            "source": engine.model.source,
            "ner": engine.model.ner,
        },
        "recognizers": engine.recognizers,
        "entities": {
            k: {"ground": v.ground, "min_score": v.min_score} for k, v in engine.rules.entities.items()
        },
        "python": platform.python_version(),
        "libraries": libs,
    }


def manifest_sha256(manifest: dict[str, Any]) -> str:
    """Hash of the run configuration (everything but the end-of-run fields)."""
    core = {k: v for k, v in manifest.items() if k not in ("finished", "summary", "audit_head")}
    return hashlib.sha256(json.dumps(core, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
