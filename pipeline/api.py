"""The Python API; the command line mirrors it one to one.

    from pipeline.api import run
    summary = run(["in/"], "out/")
    summary.exit_code  # 0 all released, 1 some need attention

Output layout (a contract other tools read; see README):
    out/documents/<rel>.pdf   redacted, verified documents
    out/text/<rel>.txt        their redacted text, "[5.1.2e]" in place of each redaction
    out/audit.jsonl           hash-chained audit log (fingerprints, no personal data)
    out/inventory.csv/.xlsx   inventarislijst, one row per input
    out/manifest.json         tool, rules, model and recognizers of the run
    out/.woo-redact/          private: fingerprint key, temporary files (never publish)
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import EXIT_ATTENTION, EXIT_OK, ConfigError
from pipeline.process import RELEASED, DocResult, Job, sha256_file

STATE_DIR = ".woo-redact"


@dataclass
class RunSummary:
    out_dir: Path
    counts: Counter = field(default_factory=Counter)
    skipped: int = 0
    results: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.counts and set(self.counts) == {RELEASED} else EXIT_ATTENTION


def collect_jobs(inputs: Iterable[str | Path]) -> list[Job]:
    """Expand files and folders (recursively, ``*.pdf``) into jobs with unique relative paths."""
    jobs: list[Job] = []
    seen: set[str] = set()
    for raw in inputs:
        root = Path(raw)
        if not root.exists():
            raise ConfigError(f"input not found: {root}")
        if root.is_dir():
            files = sorted(
                p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf" and STATE_DIR not in p.parts
            )
            pairs = [(p, p.relative_to(root).as_posix()) for p in files]
        else:
            pairs = [(root, root.name)]
        for path, rel in pairs:
            if rel in seen:  # the same name from two inputs: keep them apart
                rel = f"{root.resolve().name}/{rel}"
            n = 2
            base = rel
            while rel in seen:
                rel = f"{base[:-4]}-{n}.pdf"
                n += 1
            seen.add(rel)
            jobs.append(Job(number=len(jobs) + 1, src=str(path.resolve()), rel=rel))
    if not jobs:
        raise ConfigError("no PDF files found in the given input(s)")
    return jobs


def _atomic_move(src: str, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.part")
    shutil.move(src, tmp)  # same filesystem: a rename; otherwise a copy to a temp name first
    os.replace(tmp, dst)


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    rules: str | Path | None = None,
    *,
    workers: int | None = None,
    timeout: float = 900.0,
    key_file: str | Path | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    log: Callable[[str], None] | None = None,
) -> RunSummary:
    """Redact, verify and record every input document; see the module docstring for outputs."""
    from pipeline.audit import AuditLog, Fingerprinter
    from pipeline.batch import WorkerConfig, run_local, run_serial
    from pipeline.engine import Engine
    from pipeline.inventory import last_document_records, write_inventory
    from pipeline.manifest import build_manifest, manifest_sha256, now, write_manifest
    from pipeline.rules import DEFAULT_RULES

    log = log or (lambda msg: print(msg, file=sys.stderr))
    out = Path(out_dir)
    jobs = collect_jobs(inputs)
    rules_path = Path(rules).resolve() if rules else DEFAULT_RULES
    engine = Engine.load(rules_path)  # fail fast on configuration and model errors (exit 2)

    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE_DIR
    tmp_dir = state / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    key_path = Path(key_file).resolve() if key_file else state / "fingerprint.key"
    Fingerprinter.from_file(key_path)  # create the key once, before the workers race for it

    manifest = build_manifest(engine, now())
    msha = manifest_sha256(manifest)
    write_manifest(out / "manifest.json", manifest)
    audit_path = out / "audit.jsonl"
    summary = RunSummary(out_dir=out)

    previous = last_document_records(audit_path)
    todo: list[Job] = []
    for job in jobs:
        prev = previous.get(job.rel)
        if prev and _still_valid(prev, job, engine, out):
            summary.counts[RELEASED] += 1
            summary.skipped += 1
        else:
            todo.append(job)

    with AuditLog(audit_path, msha) as audit:
        if audit.repaired:
            log("audit.jsonl: a torn last record from an interrupted run was removed")
        audit.write({"type": "run", "manifest": manifest, "documents": len(jobs), "resumed": summary.skipped})
        cfg = WorkerConfig(rules_path=str(rules_path), key_path=str(key_path), tmp_dir=str(tmp_dir))
        if executor == "dask":
            from pipeline.dask_executor import run_dask

            results = run_dask(todo, cfg, scheduler)
        elif workers == 0:
            results = run_serial(todo, cfg)
        else:
            results = run_local(todo, cfg, workers or os.cpu_count() or 1, timeout)
        try:
            for res in results:
                _record(res, out, audit, engine, summary, log)
        except KeyboardInterrupt:
            log("interrupted: finished documents are kept; run the same command again to resume")
            raise
        finally:
            write_inventory(out, engine.rules.grounds)
            manifest["finished"] = now()
            manifest["summary"] = dict(summary.counts)
            write_manifest(out / "manifest.json", manifest)
    return summary


def _still_valid(prev: dict, job: Job, engine, out: Path) -> bool:
    """A previous verified output can be reused if nothing that produced it has changed."""
    if prev.get("status") != RELEASED:
        return False
    if prev.get("rules_sha256") != engine.rules.sha256 or prev.get("model_sha256") != engine.model.sha256:
        return False
    target = out / "documents" / prev.get("output", "")
    if not target.is_file() or sha256_file(target) != prev.get("output_sha256"):
        return False
    return sha256_file(Path(job.src)) == prev.get("input_sha256")


def _record(res: DocResult, out: Path, audit, engine, summary: RunSummary, log) -> None:
    if res.released and res.tmp_pdf:
        _atomic_move(res.tmp_pdf, out / "documents" / res.out_rel)
        if res.tmp_txt:
            _atomic_move(res.tmp_txt, out / "text" / (res.out_rel[:-4] + ".txt"))
    for rec in res.records:
        audit.write(rec)
    doc_rec = {
        "type": "document",
        "document": res.job.rel,
        "number": res.job.number,
        "output": res.out_rel,
        "status": res.status,
        "reason": res.reason,
        "pages": res.pages,
        "input_sha256": res.input_sha256,
        "output_sha256": res.output_sha256,
        "grounds": res.grounds,
        "redactions": res.redactions,
        "seconds": res.seconds,
        "stage_seconds": {k: round(v, 3) for k, v in res.stage_seconds.items()},
        "rules_sha256": engine.rules.sha256,
        "model_sha256": engine.model.sha256,
        "title": "",
        "date": "",
    }
    audit.write(doc_rec)
    audit.sync()
    summary.counts[res.status] += 1
    summary.results.append(doc_rec)
    if not res.released:
        log(f"{res.out_rel}: {res.status}: {res.reason}")
