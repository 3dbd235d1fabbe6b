"""One frozen options object for a run, built by the CLI or the API and sent to workers as it is.

Every setting a run is told lives here, validated once; the stages read what they need
from it instead of threading keyword arguments through every layer (OCRmyPDF's
``OcrOptions`` is the model).  Frozen and made of plain values, so it pickles to local
workers and Dask workers alike.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from pipeline.errors import ConfigError

EXTRACTORS = ("pdfium", "pdfplumber")
EXECUTORS = ("local", "dask")
VERIFY_MODES = ("fast", "thorough")
MODES = ("run", "scan", "apply")


@dataclass(frozen=True)
class RunOptions:
    """How a run treats its documents (README, The commands)."""

    mode: str = "run"  # "run" (redact, verify), "scan" (propose only) or "apply" (reviewed proposals)
    workers: int | None = None  # worker processes; None: one per CPU; 0: in this process
    timeout: float = 900.0  # seconds one document may take
    max_memory_mb: int = 4096  # per worker; 0: no limit
    key_file: str | None = None  # fingerprint key; None: OUT/.woo-redact/fingerprint.key
    executor: str = "local"  # "local" processes or "dask"
    scheduler: str | None = None  # Dask scheduler address; None: a local Dask cluster
    extractor: str = "pdfium"  # "pdfium" (fast) or "pdfplumber" (reference); same coordinates
    # "fast": pypdfium2 + pdftotext + raw bytes (two independent parsers); "thorough" adds pdfplumber
    verify: str = "fast"
    log_text: bool = False  # store original strings in the audit log (internal use only)
    quiet: bool = False  # problems only, no progress
    reviewer: str | None = None  # apply: who reviewed the proposals
    review_dir: str | None = None  # scan: where the review pages go
    state_dir: str | None = None  # scan: where the proposals are saved for apply
    publisher: str | None = None  # DiWoo publisher "URI label" (overrides the rules' release:)
    categories: tuple[str, ...] = ()  # DiWoo informatiecategorieën (override the rules' release:)

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("mode", self.mode, MODES),
            ("extractor", self.extractor, EXTRACTORS),
            ("executor", self.executor, EXECUTORS),
            ("verify", self.verify, VERIFY_MODES),
        ):
            if value not in allowed:
                raise ConfigError(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")
        if self.workers is not None and self.workers < 0:
            raise ConfigError("--workers must be 0 or more")
        if self.timeout <= 0:
            raise ConfigError("--timeout must be more than 0 seconds")

    @property
    def fast_verify(self) -> bool:
        return self.verify == "fast"

    @property
    def worker_count(self) -> int:
        import os

        return self.workers or os.cpu_count() or 1

    def with_(self, **changes: Any) -> RunOptions:
        return replace(self, **changes)

    @classmethod
    def build(cls, options: RunOptions | None = None, **settings: Any) -> RunOptions:
        """``options`` with ``settings`` applied; unknown settings are a usage error."""
        if "fast_verify" in settings:  # the older spelling
            fast = settings.pop("fast_verify")
            settings.setdefault("verify", "fast" if fast else "thorough")
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - names)
        if unknown:
            raise TypeError(f"unknown run option(s): {', '.join(unknown)}")
        return replace(options or cls(), **settings)


__all__ = ["EXECUTORS", "EXTRACTORS", "MODES", "VERIFY_MODES", "RunOptions"]
