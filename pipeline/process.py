"""One document through every stage: extract -> detect -> decide -> redact -> verify.

Runs inside a worker.  It writes only to a temporary folder; the batch runner
moves verified outputs into place atomically and writes the audit records this
function returns, so a crash can never leave half a document or half a log.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.audit import Fingerprinter
from pipeline.decide import (
    KnownTerms,
    Outcome,
    Overrides,
    decide,
    normalize,
    word_pattern,
)
from pipeline.describe import describe
from pipeline.detect import Finding, detect
from pipeline.engine import Engine
from pipeline.errors import DocumentError
from pipeline.extract import extract
from pipeline.formats import Prepared
from pipeline.manual_areas import ManualArea
from pipeline.model import Document
from pipeline.naming import redact_filename, redact_snippet
from pipeline.options import RunOptions
from pipeline.records import record_decisions
from pipeline.status import Status

# Kept as names of this module for the callers that import them from here.
RELEASED, PROPOSED, DETECTED = Status.RELEASED, Status.PROPOSED, Status.DETECTED
NEEDS_OCR, FAILED = Status.NEEDS_OCR, Status.FAILED
Options = RunOptions  # how a worker treats each document: the run's options, as they are


@dataclass
class Job:
    """A document to process: where it is and where its outputs go."""

    number: int  # Volgnummer in the inventory (1-based, input order)
    src: str  # absolute path of the input
    rel: str  # input path relative to its input root (posix)
    # ``apply`` only: the findings saved by ``scan`` and the reviewer's overrides.
    review: dict[str, Any] | None = None
    # First pass of a batch run: extract, detect and decide on its own, write nothing
    # (status DETECTED; the result's ``prepared`` holds the findings, see prepared_dict).
    detect_only: bool = False
    # Second pass: what the first pass found, so the document is not detected twice.
    prepared: dict[str, Any] | None = None
    # Local executors: where the first pass leaves the extracted document for the second
    # (see store_document); None: the second pass extracts again (Dask).
    work_dir: str | None = None
    # Batch terms this worker has not been sent yet; the worker keeps them
    # (pipeline.decide.KnownTerms) and applies those a document contains.
    new_terms: list[tuple[str, str, str]] | None = None
    # The input format's account of this PDF (pipeline.formats): file type, family, thread,
    # title and date for the inventory; None for jobs made without triage.
    origin: Prepared | None = None


@dataclass
class DocResult:
    job: Job
    status: str
    reason: str = ""
    out_rel: str = ""  # output path relative to documents/ (personal data in the name replaced)
    pages: int = 0
    input_sha256: str = ""
    output_sha256: str = ""
    seconds: float = 0.0
    grounds: list[str] = field(default_factory=list)
    redactions: int = 0
    tmp_pdf: str | None = None
    tmp_txt: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    date: str = ""
    accessibility: dict[str, Any] = field(default_factory=dict)  # pipeline.accessibility.compare
    stage_seconds: dict[str, float] = field(default_factory=dict)
    proposals: list[dict[str, Any]] = field(default_factory=list)  # scan: one row per finding
    name_checked: bool = False  # out_rel has been checked for personal data
    per_ground: dict[str, int] = field(default_factory=dict)
    # In memory only, never logged: what other documents must redact too (batch consistency).
    batch_terms: list[tuple[str, str, str]] = field(default_factory=list)
    prepared: dict[str, Any] | None = None  # detect_only: the findings for the second pass
    removed_content: dict[str, int] = field(default_factory=dict)  # what the sanitizer removed, per kind
    ocr: str = ""  # the pages that were OCR'd, with mean word confidence ("p. 2 (91%)")

    @property
    def released(self) -> bool:
        return self.status == RELEASED


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def process(
    job: Job,
    engine: Engine,
    fp: Fingerprinter,
    tmp_dir: Path,
    options: Options = Options(),
    known: KnownTerms | None = None,
) -> DocResult:
    """Process one document; never raises for a problem with the document itself.

    ``known``: terms other documents of the batch redacted (batch consistency).
    """
    t0 = time.perf_counter()
    src = Path(job.src)
    res = DocResult(job=job, status=FAILED, out_rel=job.rel)
    try:
        res.input_sha256 = sha256_file(src)
    except OSError as exc:
        res.status, res.reason = Status.UNREADABLE, f"cannot read file: {exc.strerror}"
        return _finish(res, t0)
    res.records.append({"type": "received", "document": job.rel, "input_sha256": res.input_sha256})
    try:
        _run_stages(job, engine, fp, tmp_dir, res, options, known)
    except DocumentError as exc:
        res.status, res.reason = exc.status, str(exc)
    except MemoryError:
        res.status, res.reason = FAILED, "out of memory: raise --max-memory or split the document"
    except Exception as exc:  # a bug or a PDF that breaks a library: fail this document only
        # The type and place only: an exception message may quote the document's text.
        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        res.status, res.reason = FAILED, f"internal error ({type(exc).__name__}{where}); please report it"
    if not res.name_checked and res.status not in (RELEASED, DETECTED):
        try:  # the document could not be read: still keep personal data out of the listed name
            res.out_rel = redact_filename(job.rel, engine, Outcome([], []))
            res.name_checked = True
        except Exception:
            pass
    if res.status not in (RELEASED, PROPOSED, DETECTED):
        for p in (res.tmp_pdf, res.tmp_txt):
            if p:
                Path(p).unlink(missing_ok=True)
        res.tmp_pdf = res.tmp_txt = None
    return _finish(res, t0)


def _finish(res: DocResult, t0: float) -> DocResult:
    res.seconds = round(time.perf_counter() - t0, 3)
    if res.prepared is not None:  # first pass
        res.prepared["seconds"] = res.seconds
    if res.job.prepared:  # second pass: the document's time is both passes'
        res.seconds = round(res.seconds + res.job.prepared.get("seconds", 0.0), 3)
    return res


def _run_stages(
    job: Job,
    engine: Engine,
    fp: Fingerprinter,
    tmp_dir: Path,
    res: DocResult,
    options: Options,
    known: KnownTerms | None,
) -> None:
    from pipeline.fragments import fragment_secrets
    from pipeline.redact import redact_pdf
    from pipeline.removed import sanitized_record
    from pipeline.textout import redacted_text
    from pipeline.verify import verify_pdf

    if job.origin is not None and job.origin.problem:  # its format could not convert it: held as it is
        raise DocumentError(*job.origin.problem)
    clock = time.perf_counter
    t = clock()
    stored = work_path(job.work_dir, res.input_sha256, engine, options, ".doc") if job.work_dir else None
    doc = load_document(stored) if stored and job.prepared is not None else None
    ocr_done = job.prepared.get("ocr") if doc is not None and job.prepared else None  # OCR'd pages stored
    if doc is None:
        doc = extract(Path(job.src), engine=options.extractor)
    res.stage_seconds["extract"] = clock() - t
    res.pages = doc.page_count
    from pipeline.scanpages import ocr_document

    t = clock()
    scan = ocr_document(doc, Path(job.src), ocr_done)  # scanned pages: OCR words become glyphs and text
    if scan:
        res.stage_seconds["ocr"] = clock() - t
        res.records.append({**scan.record(), "document": job.rel})
        res.ocr = scan.summary()

    t = clock()
    overrides = None
    if job.review is not None:
        if job.review.get("input_sha256") != res.input_sha256:
            raise DocumentError(FAILED, "input changed since it was scanned: scan it again before apply")
        findings = [Finding(**f) for f in job.review["findings"]]
        overrides = overrides_from_dict(job.review["overrides"])
    elif job.prepared is not None:
        if job.prepared.get("input_sha256") != res.input_sha256:
            raise DocumentError(FAILED, "input changed during the run: run the same command again")
        findings = [Finding(**f) for f in job.prepared["findings"]]
        for stage, seconds in job.prepared.get("stage_seconds", {}).items():  # the first pass's share
            res.stage_seconds[stage] = res.stage_seconds.get(stage, 0.0) + seconds
    else:
        findings = detect(doc, engine.analyzer, engine.entities)
    res.stage_seconds["detect"] = res.stage_seconds.get("detect", 0.0) + clock() - t
    # decide may trim a finding in place: the second pass starts from what detect found
    found = [asdict(f) for f in findings] if job.detect_only else []
    t = clock()
    terms = known.relevant(doc) if known and job.review is None and not job.detect_only else []
    first_pass = job.detect_only
    outcome = decide(doc, findings, engine.rules, overrides, terms or None, consistency=not first_pass)
    res.stage_seconds["decide"] = res.stage_seconds.get("decide", 0.0) + clock() - t
    if first_pass:
        if stored:
            store_document(doc, stored)
        res.batch_terms = outcome.batch_terms()
        res.prepared = prepared_dict(res, found)
        res.prepared["ocr"] = scan.to_dict() if scan else None
        res.status = DETECTED
        return
    res.out_rel = redact_filename(job.rel, engine, outcome)
    res.name_checked = True
    title, res.date = describe(doc)
    if job.origin is not None:  # an e-mail's subject and sent date beat what the rendered PDF shows
        title, res.date = job.origin.title or title, job.origin.date or res.date
    res.title = redact_snippet(title, engine, outcome) if title else ""

    if options.mode == "scan":
        from pipeline.review import save_proposal

        res.proposals = save_proposal(job, doc, findings, outcome, res, options)
        if scan:
            scan.flag_rows(res.proposals)
        res.status = PROPOSED
        if scan and scan.problem:
            res.status, res.reason = NEEDS_OCR, scan.problem
        return
    record_decisions(doc, outcome, fp, res, options.log_text)
    if scan and (scan.problem or (scan.hold_reason() and job.review is None)):  # apply: a person reviewed it
        raise DocumentError(NEEDS_OCR, scan.hold_reason())

    t = clock()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    stem = uuid.uuid4().hex
    tmp_pdf = tmp_dir / f"{stem}.pdf"
    res.tmp_pdf = str(tmp_pdf)
    areas = outcome.areas(doc)
    writer_src = Path(job.src)
    kept: dict = {}  # scanned page -> the OCR words it keeps (pipeline.redact_scan)
    if scan:  # scanned pages: a fresh raster with the redacted pixels blanked (pipeline.redact_scan)
        from pipeline.redact_scan import prepare

        writer_src = tmp_dir / f"{stem}.scan.pdf"
        areas, kept = prepare(Path(job.src), writer_src, doc, scan, areas, outcome.redactions)
    try:
        report = redact_pdf(
            writer_src,
            tmp_pdf,
            areas,
            tagging=_tagging(job, doc, engine, outcome, res),
            blanked_pages=frozenset(scan.scanned if scan else ()),
        )
    finally:
        if scan:
            writer_src.unlink(missing_ok=True)
    res.stage_seconds["redact"] = clock() - t
    res.removed_content = report.content
    res.records.append(sanitized_record(job.rel, report))
    if report.unsupported:
        raise DocumentError(FAILED, "cannot be redacted safely: " + "; ".join(report.unsupported))

    t = clock()
    secrets = outcome.secrets(doc)
    secrets += fragment_secrets(doc, outcome.redactions, secrets)  # surnames, digit runs
    author = normalize(doc.metadata.get("Author", ""))
    if author:
        from pipeline.model import Secret

        secrets.append(Secret(ref="metadata-Author", text=author, allowed=_kept_count(doc, author, outcome)))
    labels = sum(1 for a in areas if a.label)
    from pipeline.verify import FAST, THOROUGH

    check = verify_pdf(
        tmp_pdf, secrets, expected_labels=labels, extractors=FAST if options.fast_verify else THOROUGH
    )
    if scan:  # read the redacted scanned pages again with OCR (pipeline.ocr_verify)
        from pipeline.ocr_verify import reread

        problems, done = reread(tmp_pdf, sorted(kept), secrets, kept)
        check.problems.extend(problems)
        check.checks.extend(done)
        check.passed = check.passed and not problems
    res.stage_seconds["verify"] = clock() - t
    refs = {s.ref: fp(s.text) for s in secrets}
    res.records.append(
        {
            "type": "verification",
            "document": job.rel,
            "passed": check.passed,
            "checks": check.checks,
            "problems": check.problems,
            "secrets": refs,
            "allowed": {s.ref: s.allowed for s in secrets if s.allowed},
        }
    )
    if not check.passed:
        raise DocumentError(
            FAILED,
            "verification failed: " + "; ".join(check.problems[:5]) + "; held back: review the pages named "
            "(woo-redact scan shows the proposal) and redact them by hand",
        )
    _check_accessibility(job, tmp_pdf, res, clock)

    res.output_sha256 = sha256_file(tmp_pdf)
    tmp_txt = tmp_dir / f"{stem}.txt"
    tmp_txt.write_text(redacted_text(doc, outcome.redactions), encoding="utf-8")
    res.tmp_txt = str(tmp_txt)
    res.grounds = outcome.grounds()
    res.redactions = len(outcome.redactions)
    res.per_ground = dict(Counter(r.ground for r in outcome.redactions))
    res.status = RELEASED


def _tagging(job: Job, doc: Document, engine: Engine, outcome, res: DocResult):
    """The redacted title and strings for a tagged input's structure tree (pipeline.tags)."""
    from pipeline.tags import TagInput, analyzer_detector

    def detector(text: str) -> list[tuple[str, str]]:  # the model is used only if the file is tagged
        return analyzer_detector(engine.analyzer, engine.rules.entities)(text)

    return TagInput.build(res.title, outcome.redactions, (p.text for p in doc.pages), Path(job.src), detector)


def _check_accessibility(job: Job, out_pdf: Path, res: DocResult, clock) -> None:
    """PDF/UA rules on input and output: an output failing a rule its input passes is not released."""
    from pipeline.accessibility import compare

    t = clock()
    res.accessibility = compare(Path(job.src), out_pdf)
    res.stage_seconds["accessibility"] = clock() - t
    if res.accessibility.get("worse"):
        worse = ", ".join(res.accessibility["worse"])
        raise DocumentError(FAILED, f"accessibility: the output fails {worse}, the input did not")


def work_path(work_dir: str | Path, input_sha256: str, engine: Engine, options: Options, suffix: str) -> Path:
    """Where a batch run keeps a document's first-pass results: named by everything they depend on."""
    ident = f"{input_sha256}:{engine.rules.sha256}:{engine.model.sha256}:{options.extractor}"
    return Path(work_dir) / f"{hashlib.sha256(ident.encode()).hexdigest()[:32]}{suffix}"


# The stored documents may take this much of the disk's free space at most (about 20 KB
# per page); beyond it the second pass extracts again.
KEEP_FREE_BYTES = 2 << 30


def store_document(doc: Document, path: Path) -> None:
    """Keep the extracted document for the second pass (if the disk has room): saves extracting twice."""
    import shutil

    from pipeline.model import pack_document

    data = pack_document(doc)
    try:
        if shutil.disk_usage(path.parent).free < KEEP_FREE_BYTES + len(data):
            return
        tmp = path.with_name(f".{uuid.uuid4().hex}.part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass  # only a shortcut: the second pass extracts again


def load_document(path: Path) -> Document | None:
    """The document the first pass stored (then removed: it is read once), or None."""
    from pipeline.model import unpack_document

    try:
        data = path.read_bytes()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    try:
        return unpack_document(data)
    except ValueError:
        return None


def prepared_dict(res: DocResult, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """What the second pass of a batch run needs from the first: JSON, personal data included.

    Kept in the output's private state folder between the passes (and across an
    interrupted run) and deleted when the run completes.
    """
    return {
        "input_sha256": res.input_sha256,
        "pages": res.pages,
        "findings": findings,
        "batch_terms": [list(t) for t in res.batch_terms],
        "stage_seconds": {k: round(v, 4) for k, v in res.stage_seconds.items()},
    }


def overrides_from_dict(d: dict[str, Any]) -> Overrides:
    spans: dict = {tuple(int(x) for x in k.split(":")): (v[0], v[1]) for k, v in d.get("spans", {}).items()}
    return Overrides(
        reviewer=d.get("reviewer", ""),
        spans=spans,
        rules={_span_key(k): v for k, v in d.get("rules", {}).items()},  # a copy's decision (duplicates)
        redact_everywhere=[tuple(x) for x in d.get("redact_everywhere", [])],
        keep_everywhere=list(d.get("keep_everywhere", [])),
        areas=[ManualArea.from_list(a) for a in d.get("areas", [])],
    )


def _span_key(span: str) -> tuple[int, int, int]:
    page, start, end = (int(x) for x in span.split(":"))
    return page, start, end


def _kept_count(doc: Document, text: str, outcome: Outcome) -> int:
    covered = {(r.page, r.start, r.end) for r in outcome.redactions}
    n = 0
    for page in doc.pages:
        for m in word_pattern(text, ignore_case=True).finditer(page.text):
            if not any(p == page.index and s <= m.start() and m.end() <= e for p, s, e in covered):
                n += 1
    return n
