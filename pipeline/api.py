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

import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import EXIT_ATTENTION, EXIT_OK, ConfigError
from pipeline.layout import OutputLayout
from pipeline.options import RunOptions
from pipeline.process import PROPOSED, RELEASED, Job
from pipeline.recorder import Recorder, still_valid
from pipeline.triage import discover, triage
from pipeline.twopass import TwoPasses

if TYPE_CHECKING:
    from pipeline.executors import Executor

Options = RunOptions  # the name earlier versions used


@dataclass
class RunSummary:
    out_dir: Path
    skipped: int = 0
    results: list[dict] = field(default_factory=list)
    # input key -> (status, redactions) of its latest record in this run
    latest: dict[str, tuple[str, int]] = field(default_factory=dict)
    _counts: Counter | None = None  # scan: counted directly
    finish_errors: list[str] = field(default_factory=list)  # inventory/manifest/report not written

    @property
    def counts(self) -> Counter:
        if self._counts is not None:
            return self._counts
        return Counter(status for status, _ in self.latest.values())

    @property
    def partly_redacted(self) -> int:
        """Released documents with at least one redaction (Beoordeling "deels openbaar")."""
        return sum(1 for status, n in self.latest.values() if status == RELEASED and n)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> int:
        if self.finish_errors:
            return EXIT_ATTENTION
        return EXIT_OK if self.counts and set(self.counts) == {RELEASED} else EXIT_ATTENTION


def _prepare(layout: OutputLayout, rules: str | Path | None, key_file: str | Path | None):
    """Load the engine (fails fast with exit 2), create the output folders and the key."""
    from pipeline.engine import Engine

    loaded, rules_path = _load_rules(rules)
    engine = Engine.load(rules_path, rules=loaded)
    return engine, rules_path, _prepare_state(layout, key_file)


def _load_rules(rules: str | Path | None):
    """The rules (a broken rules file fails here, before any folder is made) and their path."""
    from pipeline.rules import DEFAULT_RULES, load_rules

    rules_path = Path(rules).resolve() if rules else DEFAULT_RULES
    return load_rules(rules_path), rules_path


def _prepare_state(layout: OutputLayout, key_file: str | Path | None) -> Path:
    """Create the output folders and the fingerprint key; return the key's path."""
    from pipeline.audit import Fingerprinter

    layout.create()
    layout.remove_stale_parts()
    key_path = Path(key_file).resolve() if key_file else layout.default_key
    try:
        Fingerprinter.from_file(key_path)  # create the key once, before the workers race for it
    except OSError as exc:
        raise ConfigError(f"cannot read or create the key file {key_path}: {exc.strerror}") from exc
    return key_path


def _worker_config(layout: OutputLayout, rules_path: Path, key_path: Path, options: RunOptions):
    from pipeline.batch import WorkerConfig

    return WorkerConfig(
        rules_path=str(rules_path),
        key_path=str(key_path),
        tmp_dir=str(layout.tmp),
        options=options,
        memory_limit_mb=options.max_memory_mb if options.workers != 0 else 0,
        run_id=uuid.uuid4().hex,
    )


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    rules: str | Path | None = None,
    *,
    options: RunOptions | None = None,
    log: Callable[[str], None] | None = None,
    **settings: Any,
) -> RunSummary:
    """Redact, verify and record every input document; see the module docstring for outputs.

    ``options`` (pipeline.options.RunOptions) or its fields as keyword arguments
    (``workers=2, verify="thorough"``).
    """
    from pipeline.analyzer import check_model
    from pipeline.diwoo import release_config
    from pipeline.engine import Engine
    from pipeline.executors import make_executor

    opts = RunOptions.build(options, mode="run", **settings)
    layout = OutputLayout(Path(out_dir))
    found = discover(inputs, exclude=layout.root)
    loaded_rules, rules_path = _load_rules(rules)
    check_model(loaded_rules.model, loaded_rules.base)  # a missing model: stop before making any folder
    release_config(loaded_rules.release, opts.publisher, opts.categories)  # DiWoo values: check before work
    key_path = _prepare_state(layout, opts.key_file)
    cfg = _worker_config(layout, rules_path, key_path, opts)
    with make_executor(cfg, opts) as executor:  # local workers start loading the model now
        jobs = triage(found, layout.converted)  # (while e-mails and Office files convert)
        # With local workers, this process only describes the engine (the workers load it,
        # and report a model that does not load); it loads it only if it must check a
        # file name itself (a worker crashed on that document).
        if executor.loads_engine_itself:
            engine = Engine.describe(rules_path, rules=loaded_rules)
        else:
            engine = Engine.load(rules_path, rules=loaded_rules)
        return _execute(jobs, layout, engine, opts, executor, log)


def apply(
    out_dir: str | Path,
    reviewer: str,
    rules: str | Path | None = None,
    *,
    options: RunOptions | None = None,
    log: Callable[[str], None] | None = None,
    **settings: Any,
) -> RunSummary:
    """Write the documents of a scanned batch from the reviewed decisions in review/findings.csv."""
    from pipeline.executors import make_executor
    from pipeline.review import load_review

    if not reviewer.strip():
        raise ConfigError("--reviewer needs the name of the person who reviewed the proposals")
    opts = RunOptions.build(options, mode="apply", reviewer=reviewer.strip(), executor="local", **settings)
    layout = OutputLayout(Path(out_dir))
    engine, rules_path, key_path = _prepare(layout, rules, opts.key_file)
    payloads = load_review(layout.root, reviewer.strip())
    for p in payloads:
        for span, (_, ground) in p["overrides"]["spans"].items():
            if ground and ground not in engine.rules.grounds:
                raise ConfigError(
                    f"review/findings.csv: unknown Woo ground {ground!r} ({p['output']}, {span})"
                )
        for *_, ground in p["overrides"]["redact_everywhere"] + p["overrides"].get("areas", []):
            if ground not in engine.rules.grounds:
                raise ConfigError(f"review/findings.csv: unknown Woo ground {ground!r} in redact-everywhere")
    from pipeline.formats.store import prepared_from_dict

    jobs = [
        Job(
            number=p["number"],
            src=p["src"],
            rel=p["document"],
            review=p,
            origin=prepared_from_dict(p.get("origin")),
        )
        for p in payloads
    ]
    if not jobs:
        raise ConfigError(f"the scan in {layout.root} holds no documents")
    cfg = _worker_config(layout, rules_path, key_path, opts)
    with make_executor(cfg, opts, start_early=False) as executor:
        return _execute(jobs, layout, engine, opts, executor, log)


def scan(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    rules: str | Path | None = None,
    *,
    options: RunOptions | None = None,
    log: Callable[[str], None] | None = None,
    **settings: Any,
) -> RunSummary:
    """Propose redactions only: review/findings.csv and review/<document>.html, nothing released."""
    from pipeline.executors import make_executor
    from pipeline.progress import Progress
    from pipeline.review import write_findings_csv

    layout = OutputLayout(Path(out_dir))
    opts = RunOptions.build(
        options,
        mode="scan",
        review_dir=str(layout.review),
        state_dir=str(layout.scan_state),
        executor="local",
        **settings,
    )
    found = discover(inputs, exclude=layout.root)
    engine, rules_path, key_path = _prepare(layout, rules, None)
    jobs = triage(found, layout.converted)
    if layout.scan_state.exists():
        shutil.rmtree(layout.scan_state)  # a new scan replaces the previous proposal
    cfg = _worker_config(layout, rules_path, key_path, opts)
    summary = RunSummary(out_dir=layout.root, _counts=Counter())
    progress = Progress(len(jobs), quiet=opts.quiet)
    log = log or progress.message
    rows: list[dict] = []
    with make_executor(cfg, opts, start_early=False) as executor:
        for res in executor.results(jobs, engine):
            rows.extend(res.proposals)
            summary.counts[res.status] += 1
            progress.update(res.pages)
            if res.status != PROPOSED:
                log(f"{res.out_rel}: {res.status}: {res.reason}")
    write_findings_csv(layout.review, rows)
    return summary


def _verification(options: RunOptions) -> dict[str, Any]:
    """What the verification of this run really uses (a missing pdftotext is replaced, and said)."""
    from pipeline.verify import FAST, THOROUGH, effective_extractors

    extractors = effective_extractors(FAST if options.fast_verify else THOROUGH)
    return {"mode": options.verify, "extractors": list(extractors), "raw_bytes": True}


def _execute(
    jobs: list[Job],
    layout: OutputLayout,
    engine,
    options: RunOptions,
    executor: Executor,
    log: Callable[[str], None] | None,
) -> RunSummary:
    """Redact, verify and record ``jobs`` on ``executor``: both passes, audit log, inventory, report."""
    from pipeline.audit import KEY_CHECK_TEXT, AuditLog, Fingerprinter
    from pipeline.finish import finish_batch
    from pipeline.inventory import last_document_records
    from pipeline.manifest import build_manifest, manifest_sha256, now, write_manifest
    from pipeline.progress import Progress

    out = layout.root
    progress = Progress(len(jobs), quiet=options.quiet)
    log = log or progress.message
    if options.log_text:
        log(
            "warning: --log-text stores the original personal data in audit.jsonl: the log itself is now "
            "personal data; keep it internal"
        )
    manifest = build_manifest(engine, now())
    if options.reviewer:
        manifest["reviewer"] = options.reviewer
    manifest["extractor"] = options.extractor
    manifest["verification"] = _verification(options)
    if "pdftotext" not in manifest["verification"]["extractors"]:
        log(
            "warning: pdftotext (poppler-utils) is not installed: verification reads the output with "
            "pdfplumber instead; install poppler-utils for two independent C/C++ extractors"
        )
    msha = manifest_sha256(manifest)
    write_manifest(layout.manifest, manifest)
    summary = RunSummary(out_dir=out)

    fp = Fingerprinter.from_file(Path(executor.cfg.key_path))
    previous = last_document_records(layout.audit)
    # Output names already given to other inputs (two inputs may redact to the same name).
    names = {str(rec["output"]): key for key, rec in previous.items() if rec.get("output")}
    todo: list[Job] = []
    skipped: list[tuple[str, Job]] = []  # (input sha256, job) of the documents a resumed run keeps
    for job in jobs:
        prev = previous.get(fp(job.rel))
        if job.review is None and prev and still_valid(prev, job, engine, layout):
            summary.latest[fp(job.rel)] = (RELEASED, int(prev.get("redactions") or 0))
            summary.skipped += 1
            skipped.append((prev["input_sha256"], job))
        else:
            todo.append(job)

    with AuditLog(layout.audit, msha) as audit:
        if audit.repaired:
            log("audit.jsonl: a torn last record from an interrupted run was removed")
        audit.write(
            {
                "type": "run",
                "manifest": manifest,
                "documents": len(jobs),
                "resumed": summary.skipped,
                "key_check": fp(KEY_CHECK_TEXT),  # lets verify tell a wrong key from a clean output
            }
        )
        recorder = Recorder(layout, audit, engine, summary, log, fp, names)
        try:
            # apply (reviewed findings) and rules without consistency need no batch pass
            if any(j.review is not None for j in todo) or not engine.rules.consistency:
                progress.phase("redacting", len(jobs), done=summary.skipped)
                for res in executor.results(todo, engine):
                    recorder.record(res)
                    progress.update(res.pages)
            else:
                batch = TwoPasses(layout.work, engine, options, keep_documents=executor.name != "dask")
                first = batch.start(todo, skipped)
                progress.phase("detecting", len(first))

                terms: list = []  # sent to the workers with their first job of the second pass

                def second_pass() -> Iterator[Job]:
                    progress.phase("redacting", len(jobs), done=len(jobs) - len(batch.ready))
                    terms.extend(batch.terms)
                    return batch.second()

                for res in executor.results(first, engine, terms, second_pass):
                    progress.update(res.pages)
                    if not (res.job.detect_only and batch.detected(res)):
                        recorder.record(res)  # a final result (also a document that failed on the first pass)
                for line in batch.unheard:
                    log(f"warning: {line}; its names were not applied to the documents redone in this run")
                batch.finish()
        except KeyboardInterrupt:
            log("interrupted: finished documents are kept; run the same command again to resume")
            raise
        finally:
            finish_batch(out, engine, manifest, summary, audit, log, options)  # each step guarded on its own
    return summary
