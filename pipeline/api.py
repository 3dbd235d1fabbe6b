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

import json
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import EXIT_ATTENTION, EXIT_OK, ConfigError
from pipeline.formats import FORMATS, InputFormat, format_for
from pipeline.process import DETECTED, PROPOSED, RELEASED, DocResult, Job, Options, sha256_file, work_path

STATE_DIR = ".woo-redact"


@dataclass
class RunSummary:
    out_dir: Path
    skipped: int = 0
    results: list[dict] = field(default_factory=list)
    # input key -> (status, redactions) of its latest record in this run
    latest: dict[str, tuple[str, int]] = field(default_factory=dict)
    _counts: Counter | None = None  # scan: counted directly

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
        return EXIT_OK if self.counts and set(self.counts) == {RELEASED} else EXIT_ATTENTION


def collect_jobs(
    inputs: Iterable[str | Path], exclude: Path | None = None, work: Path | None = None
) -> list[Job]:
    """Discover the inputs and triage them into jobs (one per PDF to redact, unique relative paths).

    ``exclude`` (the output folder) is skipped, so that ``run . --out out`` never feeds its
    own released documents back in as input on a rerun.  ``work``: where formats that
    convert (pipeline.formats) put their PDFs.
    """
    found = discover(inputs, exclude)
    return triage(found, work or (exclude or Path(".")) / STATE_DIR / "converted")


@dataclass(frozen=True)
class Found:
    """An input file as discovered: where it is, its path under its input root, its format."""

    path: Path
    rel: str  # relative to the input root (posix); a file given by name: its name
    root_name: str  # the input root's name, to tell two inputs' same-named files apart
    fmt: InputFormat


def discover(inputs: Iterable[str | Path], exclude: Path | None = None) -> list[Found]:
    """Files and folders (folders searched recursively for files a format claims)."""
    skip = exclude.resolve() if exclude else None
    found: list[Found] = []
    for raw in inputs:
        root = Path(raw)
        if not root.exists():
            raise ConfigError(f"input not found: {root}")
        if root.is_dir():
            files = sorted(
                p
                for p in root.rglob("*")
                if p.is_file()
                and format_for(p) is not None
                and STATE_DIR not in p.parts
                and not (skip and p.resolve().is_relative_to(skip))
            )
            pairs = [(p, p.relative_to(root).as_posix()) for p in files]
        else:
            pairs = [(root, root.name)]
        for path, rel in pairs:
            fmt = format_for(path) or FORMATS[0]  # a file named explicitly is tried as a PDF
            found.append(Found(path, rel, root.resolve().name, fmt))
    if not found:
        raise ConfigError("no PDF files found in the given input(s)")
    return found


def triage(found: list[Found], work: Path) -> list[Job]:
    """Turn each input into the PDFs its format makes, each with an output path of its own."""
    jobs: list[Job] = []
    seen: set[str] = set()
    for f in found:
        for prep in f.fmt.prepare(f.path.resolve(), f.rel, work):
            rel = prep.rel
            if rel in seen:  # the same name from two inputs: keep them apart
                rel = f"{f.root_name}/{rel}"
            n = 2
            base = rel
            while rel in seen:
                rel = f"{base[:-4]}-{n}.pdf"
                n += 1
            seen.add(rel)
            jobs.append(Job(number=len(jobs) + 1, src=prep.pdf, rel=rel))
    return jobs


def _atomic_move(src: str, dst: Path) -> None:
    """Put a finished file in place in one step: a reader sees the old file or the new, never half."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dst)  # the temp folder is inside the output folder: same filesystem
    except OSError:
        tmp = dst.with_name(f".{dst.name}.part")  # another filesystem: copy, then rename
        shutil.move(src, tmp)
        os.replace(tmp, dst)


def _remove_stale_parts(out: Path) -> None:
    """A copy interrupted between the two steps above leaves a hidden ``.part`` file: remove it."""
    for sub in ("documents", "text"):
        for part in (out / sub).rglob(".*.part") if (out / sub).is_dir() else ():
            part.unlink(missing_ok=True)


def _prepare(out: Path, rules: str | Path | None, key_file: str | Path | None):
    """Load the engine (fails fast with exit 2), create the output folders and the key."""
    from pipeline.engine import Engine

    loaded, rules_path = _load_rules(rules)
    engine = Engine.load(rules_path, rules=loaded)
    return engine, rules_path, _prepare_state(out, key_file)


def _load_rules(rules: str | Path | None):
    """The rules (a broken rules file fails here, before any folder is made) and their path."""
    from pipeline.rules import DEFAULT_RULES, load_rules

    rules_path = Path(rules).resolve() if rules else DEFAULT_RULES
    return load_rules(rules_path), rules_path


def _prepare_state(out: Path, key_file: str | Path | None) -> Path:
    """Create the output folders and the fingerprint key; return the key's path."""
    from pipeline.audit import Fingerprinter

    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE_DIR
    (state / "tmp").mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(out)
    key_path = Path(key_file).resolve() if key_file else state / "fingerprint.key"
    Fingerprinter.from_file(key_path)  # create the key once, before the workers race for it
    return key_path


def _worker_config(out: Path, rules_path: Path, key_path: Path, options: Options, memory_limit_mb: int):
    from pipeline.batch import WorkerConfig

    return WorkerConfig(
        rules_path=str(rules_path),
        key_path=str(key_path),
        tmp_dir=str(out / STATE_DIR / "tmp"),
        options=options,
        memory_limit_mb=memory_limit_mb,
        run_id=uuid.uuid4().hex,
    )


def _worker_count(workers: int | None) -> int:
    return workers or os.cpu_count() or 1


def _results(
    todo: list[Job],
    cfg,
    executor: str,
    workers: int | None,
    timeout: float,
    scheduler: str | None,
    engine=None,
    terms: list | None = None,
    then=None,
    started=None,
):
    """Results of ``todo``, then of the jobs ``then()`` returns once those are all in.

    ``terms``: the batch's terms, complete by the time ``then()`` returns (see run_local);
    ``started``: local workers already started (batch.Workers).
    """
    from pipeline.batch import run_local, run_serial

    if executor == "dask":
        from pipeline.dask_executor import run_dask

        expect = (engine.rules.sha256, engine.model.sha256) if engine else None

        def both():
            yield from run_dask(todo, cfg, scheduler, timeout=timeout, expect=expect)
            if then:
                more = then()
                yield from run_dask(more, cfg, scheduler, timeout=timeout, expect=expect, terms=terms)

        return both()
    if workers == 0:
        return run_serial(todo, cfg, engine, terms=terms, then=then)
    expect = (engine.rules.sha256, engine.model.sha256) if engine else None
    return run_local(
        todo, cfg, _worker_count(workers), timeout, terms=terms, then=then, started=started, expect=expect
    )


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
    log_text: bool = False,
    quiet: bool = False,
    extractor: str = "pdfium",
    max_memory_mb: int = 4096,
    fast_verify: bool = False,
    log: Callable[[str], None] | None = None,
) -> RunSummary:
    """Redact, verify and record every input document; see the module docstring for outputs."""
    from pipeline.analyzer import check_model
    from pipeline.batch import Workers
    from pipeline.engine import Engine

    out = Path(out_dir)
    jobs = collect_jobs(inputs, exclude=out)
    loaded_rules, rules_path = _load_rules(rules)
    check_model(loaded_rules.model, loaded_rules.base)  # a missing model: stop before making any folder
    key_path = _prepare_state(out, key_file)
    options = Options(log_text=log_text, extractor=extractor, fast_verify=fast_verify)
    cfg = _worker_config(out, rules_path, key_path, options, max_memory_mb if workers != 0 else 0)
    # Local workers start loading the model now.
    early = Workers(cfg, _worker_count(workers)) if executor == "local" and workers != 0 and jobs else None
    try:
        # With local workers, this process only describes the engine (the workers load it,
        # and report a model that does not load); it loads it only if it must check a
        # file name itself (a worker crashed on that document).
        if early is not None:
            engine = Engine.describe(rules_path, rules=loaded_rules)
        else:
            engine = Engine.load(rules_path, rules=loaded_rules)
        return _execute(
            jobs,
            out,
            engine,
            rules_path,
            key_path,
            workers=workers,
            timeout=timeout,
            executor=executor,
            scheduler=scheduler,
            log_text=log_text,
            quiet=quiet,
            log=log,
            extractor=extractor,
            max_memory_mb=max_memory_mb,
            fast_verify=fast_verify,
            cfg=cfg,
            started=early,
        )
    finally:
        if early is not None:
            early.close()


def apply(
    out_dir: str | Path,
    reviewer: str,
    rules: str | Path | None = None,
    *,
    workers: int | None = None,
    timeout: float = 900.0,
    key_file: str | Path | None = None,
    log_text: bool = False,
    quiet: bool = False,
    log: Callable[[str], None] | None = None,
) -> RunSummary:
    """Write the documents of a scanned batch from the reviewed decisions in review/findings.csv."""
    from pipeline.review import load_review

    if not reviewer.strip():
        raise ConfigError("--reviewer needs the name of the person who reviewed the proposals")
    out = Path(out_dir)
    engine, rules_path, key_path = _prepare(out, rules, key_file)
    payloads = load_review(out, reviewer.strip())
    for p in payloads:
        for span, (_, ground) in p["overrides"]["spans"].items():
            if ground and ground not in engine.rules.grounds:
                raise ConfigError(
                    f"review/findings.csv: unknown Woo ground {ground!r} ({p['output']}, {span})"
                )
        for _, ground in p["overrides"]["redact_everywhere"]:
            if ground not in engine.rules.grounds:
                raise ConfigError(f"review/findings.csv: unknown Woo ground {ground!r} in redact-everywhere")
    jobs = [Job(number=p["number"], src=p["src"], rel=p["document"], review=p) for p in payloads]
    if not jobs:
        raise ConfigError(f"the scan in {out} holds no documents")
    return _execute(
        jobs,
        out,
        engine,
        rules_path,
        key_path,
        workers=workers,
        timeout=timeout,
        executor="local",
        scheduler=None,
        log_text=log_text,
        quiet=quiet,
        log=log,
        reviewer=reviewer.strip(),
    )


def scan(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    rules: str | Path | None = None,
    *,
    workers: int | None = None,
    timeout: float = 900.0,
    quiet: bool = False,
    log: Callable[[str], None] | None = None,
) -> RunSummary:
    """Propose redactions only: review/findings.csv and review/<document>.html, nothing released."""
    from pipeline.batch import WorkerConfig
    from pipeline.progress import Progress
    from pipeline.review import write_findings_csv

    out = Path(out_dir)
    jobs = collect_jobs(inputs, exclude=out)
    engine, rules_path, key_path = _prepare(out, rules, None)
    review_dir = out / "review"
    state_dir = out / STATE_DIR / "scan"
    if state_dir.exists():
        shutil.rmtree(state_dir)  # a new scan replaces the previous proposal
    options = Options(mode="scan", review_dir=str(review_dir), state_dir=str(state_dir))
    cfg = WorkerConfig(
        rules_path=str(rules_path),
        key_path=str(key_path),
        tmp_dir=str(out / STATE_DIR / "tmp"),
        options=options,
    )
    summary = RunSummary(out_dir=out, _counts=Counter())
    progress = Progress(len(jobs), quiet=quiet)
    log = log or progress.message
    rows: list[dict] = []
    for res in _results(jobs, cfg, "local", workers, timeout, None, engine):
        rows.extend(res.proposals)
        summary.counts[res.status] += 1
        progress.update(res.pages)
        if res.status != PROPOSED:
            log(f"{res.out_rel}: {res.status}: {res.reason}")
    write_findings_csv(review_dir, rows)
    return summary


def _execute(
    jobs: list[Job],
    out: Path,
    engine,
    rules_path: Path,
    key_path: Path,
    *,
    workers,
    timeout,
    executor,
    scheduler,
    log_text,
    quiet,
    log,
    reviewer: str | None = None,
    extractor: str = "pdfium",
    max_memory_mb: int = 4096,
    fast_verify: bool = False,
    cfg=None,
    started=None,
) -> RunSummary:
    """``cfg``: the workers' configuration if the caller made it (and ``started`` workers with it)."""
    from pipeline.audit import KEY_CHECK_TEXT, AuditLog, Fingerprinter
    from pipeline.inventory import last_document_records, write_inventory
    from pipeline.manifest import build_manifest, manifest_sha256, now, write_manifest
    from pipeline.progress import Progress

    progress = Progress(len(jobs), quiet=quiet)
    log = log or progress.message
    if log_text:
        log(
            "warning: --log-text stores the original personal data in audit.jsonl: the log itself is now "
            "personal data; keep it internal"
        )
    manifest = build_manifest(engine, now())
    if reviewer:
        manifest["reviewer"] = reviewer
    manifest["extractor"] = extractor
    manifest["verification"] = (
        "fast (pypdfium2, pdftotext)" if fast_verify else "thorough (pdfplumber, pypdfium2, pdftotext)"
    )
    msha = manifest_sha256(manifest)
    write_manifest(out / "manifest.json", manifest)
    audit_path = out / "audit.jsonl"
    summary = RunSummary(out_dir=out)

    fp = Fingerprinter.from_file(key_path)
    previous = last_document_records(audit_path)
    # Output names already given to other inputs (two inputs may redact to the same name).
    names = {rec.get("output"): key for key, rec in previous.items() if rec.get("output")}
    todo: list[Job] = []
    skipped_sha: list[str] = []  # inputs of the documents a resumed run keeps
    for job in jobs:
        prev = previous.get(fp(job.rel))
        if job.review is None and prev and _still_valid(prev, job, engine, out):
            summary.latest[fp(job.rel)] = (RELEASED, int(prev.get("redactions") or 0))
            summary.skipped += 1
            skipped_sha.append(prev["input_sha256"])
        else:
            todo.append(job)

    with AuditLog(audit_path, msha) as audit:
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
        recorder = _Recorder(out, audit, engine, summary, log, fp, names)
        if cfg is None:
            options = Options(log_text=log_text, extractor=extractor, fast_verify=fast_verify)
            cfg = _worker_config(out, rules_path, key_path, options, max_memory_mb if workers != 0 else 0)
        options = cfg.options
        try:
            # apply (reviewed findings) and rules without consistency need no batch pass
            if any(j.review is not None for j in todo) or not engine.rules.consistency:
                progress.phase("redacting", len(jobs), done=summary.skipped)
                results = _results(todo, cfg, executor, workers, timeout, scheduler, engine, started=started)
                for res in results:
                    recorder.record(res)
                    progress.update(res.pages)
            else:
                batch = _TwoPasses(
                    out / STATE_DIR / "work", engine, options, keep_documents=executor != "dask"
                )
                first = batch.start(todo, skipped_sha)
                progress.phase("detecting", len(first))

                terms: list = []  # sent to the workers with their first job of the second pass

                def second_pass() -> Iterator[Job]:
                    progress.phase("redacting", len(jobs), done=len(jobs) - len(batch.ready))
                    terms.extend(batch.terms)
                    return batch.second()

                for res in _results(
                    first, cfg, executor, workers, timeout, scheduler, engine, terms, second_pass, started
                ):
                    progress.update(res.pages)
                    if not (res.job.detect_only and batch.detected(res)):
                        recorder.record(res)  # a final result (also a document that failed on the first pass)
                batch.finish()
        except KeyboardInterrupt:
            log("interrupted: finished documents are kept; run the same command again to resume")
            raise
        finally:
            write_inventory(out, engine.rules.grounds)
            manifest["finished"] = now()
            manifest["summary"] = dict(summary.counts)
            audit.sync()
            manifest["audit_head"] = {"seq": audit.seq, "sha256": audit.prev}  # anchors the log's end
            write_manifest(out / "manifest.json", manifest)
            _write_report(out, log)
    return summary


class _TwoPasses:
    """Batch consistency: detect every document first, then redact each knowing the whole batch.

    The same person must never be blacked out in one document and readable in the next.
    The first pass extracts, detects and decides each document on its own and collects
    what it redacts (pipeline.decide.Outcome.batch_terms); the second pass redacts and
    verifies every document with all of those terms, so each document is redacted once
    and the result does not depend on the order documents finish in.  Between the
    passes each document's findings wait as JSON in the private state folder, named by
    the input, rules and model sha256: an interrupted run resumes without detecting
    again, and the terms of documents it released before the interruption still reach
    the rest.  The folder holds personal data and is removed when the run completes.
    """

    def __init__(self, work: Path, engine, options: Options, keep_documents: bool) -> None:
        self.work, self.engine, self.options = work, engine, options
        self.work_dir = str(work) if keep_documents else None  # see pipeline.process.store_document
        self.terms: list[tuple[str, str, str]] = []  # complete once the first pass is done
        self._heard: set[str] = set()
        self.ready: list[tuple[Job, Path]] = []  # documents for the second pass, findings saved

    def _path(self, input_sha256: str) -> Path:
        return work_path(self.work, input_sha256, self.engine, self.options, ".json")

    def _hear(self, terms: Iterable) -> None:
        for t in terms:
            if t[0] not in self._heard:  # each term once
                self._heard.add(t[0])
                self.terms.append(tuple(t))

    @staticmethod
    def _load(path: Path) -> dict | None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def start(self, todo: list[Job], skipped_sha256: list[str]) -> list[Job]:
        """The first pass's jobs: every document without findings saved by an interrupted run."""
        self.work.mkdir(parents=True, exist_ok=True)
        saved = {p.name for p in self.work.glob("*.json")}
        for sha in skipped_sha256 if saved else ():
            data = self._load(self._path(sha))
            if data:
                self._hear(data["batch_terms"])
        first = []
        for job in todo:
            if saved:
                try:
                    path = self._path(sha256_file(Path(job.src)))
                except OSError:
                    path = None
                data = self._load(path) if path and path.name in saved else None
                if data:
                    self._hear(data["batch_terms"])
                    self.ready.append((replace(job, work_dir=self.work_dir), path))
                    continue
            first.append(replace(job, detect_only=True, work_dir=self.work_dir))
        return first

    def detected(self, res: DocResult) -> bool:
        """Keep a first-pass result for the second pass; False if it is final (failed, needs OCR)."""
        if res.status != DETECTED or res.prepared is None:
            return False
        path = self._path(res.input_sha256)
        tmp = path.with_name(f".{uuid.uuid4().hex}.part")
        tmp.write_text(json.dumps(res.prepared, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        self._hear(res.batch_terms)
        self.ready.append((replace(res.job, detect_only=False), path))  # work_dir: as in the first pass
        return True

    def second(self) -> Iterator[Job]:
        """The second pass's jobs in input order, each document's findings read when its turn comes."""
        for job, path in sorted(self.ready, key=lambda jp: jp[0].number):
            yield replace(job, prepared=self._load(path))  # None (file gone): detected again

    def finish(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def _write_report(out: Path, log) -> None:
    try:
        from pipeline.report import write_report
    except ImportError:
        return
    try:
        write_report(out)
    except Exception as exc:  # the report is a convenience: never lose a batch over it
        log(f"report.html could not be written: {type(exc).__name__}: {exc}")


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


class _Recorder:
    """Moves verified outputs into place and writes the audit records, in the main process only."""

    def __init__(self, out: Path, audit, engine, summary: RunSummary, log, fp, names: dict[str, str]) -> None:
        self.out, self.audit, self.engine, self.summary, self.log = out, audit, engine, summary, log
        self.fp = fp
        self.names = names  # output name -> input key

    def _unique(self, out_rel: str, key: str) -> str:
        """The output name for this input: never one that another input already has."""
        name, n = out_rel, 2
        while self.names.get(name, key) != key:
            stem, dot, ext = out_rel.rpartition(".")
            name = f"{stem}-{n}.{ext}" if dot else f"{out_rel}-{n}"
            n += 1
        self.names[name] = key
        return name

    def record(self, res: DocResult) -> None:
        out = self.out
        key = self.fp(res.job.rel)  # the input path may itself hold personal data: log its fingerprint
        if not res.name_checked:  # e.g. the worker crashed: check the name here
            from pipeline.decide import Outcome
            from pipeline.process import redact_filename

            res.out_rel = redact_filename(res.job.rel, self.engine, Outcome([], []))
            res.name_checked = True
        res.out_rel = self._unique(res.out_rel, key)
        for name, owner in list(self.names.items()):  # this input's output under an older name
            if owner == key and name != res.out_rel:
                (out / "documents" / name).unlink(missing_ok=True)
                (out / "text" / (name[:-4] + ".txt")).unlink(missing_ok=True)
                del self.names[name]
        if res.released and res.tmp_pdf:
            _atomic_move(res.tmp_pdf, out / "documents" / res.out_rel)
            if res.tmp_txt:
                _atomic_move(res.tmp_txt, out / "text" / (res.out_rel[:-4] + ".txt"))
        else:  # an earlier release of this input (resume, second pass) is no longer valid
            (out / "documents" / res.out_rel).unlink(missing_ok=True)
            (out / "text" / (res.out_rel[:-4] + ".txt")).unlink(missing_ok=True)
        for rec in res.records:
            if "document" in rec:
                rec["document"] = res.out_rel
            self.audit.write(rec)
        doc_rec = {
            "type": "document",
            "document": res.out_rel,
            "input": key,
            "number": res.job.number,
            "output": res.out_rel,
            "status": res.status,
            "reason": res.reason,
            "pages": res.pages,
            "input_sha256": res.input_sha256,
            "output_sha256": res.output_sha256,
            "grounds": res.grounds,
            "redactions": res.redactions,
            "redactions_per_ground": res.per_ground,
            "seconds": res.seconds,
            "stage_seconds": {k: round(v, 3) for k, v in res.stage_seconds.items()},
            "rules_sha256": self.engine.rules.sha256,
            "model_sha256": self.engine.model.sha256,
            "reviewed": res.job.review is not None,
            "ocr": res.ocr,  # OCR'd pages with mean word confidence, "" for none
            "title": res.title,
            "date": res.date,
        }
        self.audit.write(doc_rec)
        self.audit.sync()
        self.summary.latest[key] = (res.status, res.redactions)
        self.summary.results.append(doc_rec)
        if not res.released:
            self.log(f"{res.out_rel}: {res.status}: {res.reason}")
