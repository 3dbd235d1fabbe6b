"""The end of a batch: inventory, manifest (with the log's anchored end) and report.

Every document of a batch may already be processed when one of these fails (a Title
openpyxl refuses, a full disk): each step is therefore guarded on its own, so one
failure costs only its own file, never the others.  A failure is one line on the log
(stderr) and makes the run's exit code 1 (``RunSummary.finish_errors``); ``verify``
fails on a run whose manifest has no ``audit_head``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def _guarded(what: str, step: Callable[[], Any], errors: list[str], log: Callable[[str], None]) -> None:
    try:
        step()
    except Exception as exc:  # noqa: BLE001 - one broken output file must not cost the others
        msg = f"{what} could not be written: {type(exc).__name__}: {str(exc)[:200]}"
        errors.append(msg)
        log(f"error: {msg}")


def finish_batch(
    out: Path, engine, manifest: dict, summary, audit, log: Callable[[str], None], options=None
) -> None:
    """Write inventory, DiWoo metadata, manifest and report; a failing step goes in
    ``summary.finish_errors``."""
    from pipeline.diwoo import publish_metadata
    from pipeline.inventory import write_inventory
    from pipeline.manifest import now, write_manifest
    from pipeline.report import write_report

    errors = summary.finish_errors
    _guarded("inventory", lambda: write_inventory(out, engine.rules.grounds), errors, log)
    if options is not None:
        _guarded("DiWoo metadata", lambda: publish_metadata(out, engine.rules, options, log), errors, log)

    def manifest_step() -> None:
        manifest["finished"] = now()
        manifest["summary"] = dict(summary.counts)
        audit.sync()
        manifest["audit_head"] = {"seq": audit.seq, "sha256": audit.prev}  # anchors the log's end
        write_manifest(out / "manifest.json", manifest)

    _guarded("manifest.json", manifest_step, errors, log)
    _guarded("report.html", lambda: write_report(out), errors, log)
