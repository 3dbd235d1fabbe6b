"""Executors: run process() over many documents, surviving whatever one document does.

The local executor keeps N worker processes, each with the model loaded once.  A
worker gets one document at a time; if it crashes (segfault, out of memory) or
exceeds the per-document timeout it is killed and replaced, and only that
document is marked ``failed``.  Results stream back one by one so memory stays
flat however large the batch.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from pipeline.decide import KnownTerms
from pipeline.errors import ModelError
from pipeline.process import FAILED, DocResult, Job, Options


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker needs to build its own Engine and fingerprinter."""

    rules_path: str
    key_path: str
    tmp_dir: str
    memory_limit_mb: int = 0  # 0: no limit
    options: Options = Options()
    run_id: str = ""  # terms heard of in one run are never applied in another


_ENGINE: Any = None  # this process's Engine, loaded on first use
_FP: Any = None  # and its Fingerprinter
_LOADED: tuple | None = None  # (rules path, its mtime, key path) the cached engine and key belong to
_KNOWN: tuple[str, KnownTerms] | None = None  # (run id, terms redacted by other documents of that run)


def _init(cfg: WorkerConfig, engine=None) -> None:
    global _ENGINE, _FP, _LOADED
    from pipeline.audit import Fingerprinter
    from pipeline.engine import Engine

    if cfg.memory_limit_mb:
        import resource

        limit = cfg.memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _ENGINE = engine or Engine.load(Path(cfg.rules_path))
    _FP = Fingerprinter.from_file(Path(cfg.key_path))
    _LOADED = _identity(cfg)


_WORKER = False  # this process is a worker of run_local: it may settle() what it loaded


def settle() -> None:
    """Exempt what is loaded now (the model, the batch's terms) from garbage collection.

    For worker processes only.  These objects live as long as the worker; left in the
    collector's generations, every full collection walks them again, which made
    extraction about 40% slower in a worker than in a bare process
    (benchmarks/README.md, Throughput).
    """
    import gc

    gc.collect()
    gc.freeze()


def _identity(cfg: WorkerConfig) -> tuple:
    rules = Path(cfg.rules_path)
    return (str(rules), rules.stat().st_mtime_ns if rules.exists() else 0, cfg.key_path)


def run_one(job: Job, cfg: WorkerConfig, engine=None) -> DocResult:
    """Process one job in this process (loading the engine and key on first use, or when they change)."""
    from pipeline.process import process

    global _KNOWN
    if _ENGINE is None or _LOADED != _identity(cfg):
        _init(cfg, engine)
    if _KNOWN is None or _KNOWN[0] != cfg.run_id:
        _KNOWN = (cfg.run_id, KnownTerms())
    if job.new_terms:
        _KNOWN[1].add(job.new_terms)
        if _WORKER:
            settle()
    return process(job, _ENGINE, _FP, Path(cfg.tmp_dir), cfg.options, _KNOWN[1])


def _with_news(job: Job, terms: list | None, sent: int) -> tuple[Job, int]:
    """The job plus the batch terms its worker has not been sent yet (see KnownTerms)."""
    if not terms or sent >= len(terms):
        return job, sent
    return replace(job, new_terms=terms[sent:]), len(terms)


def _worker_main(conn: Connection, cfg: WorkerConfig) -> None:
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent
    try:
        _init(cfg)
    except Exception as exc:  # model or rules broken: tell the parent, which stops the run
        conn.send(("init-error", f"{type(exc).__name__}: {exc}"))
        return
    _WORKER = True
    settle()
    conn.send(("ready", (os.getpid(), _ENGINE.rules.sha256, _ENGINE.model.sha256)))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(("result", run_one(job, cfg)))


class WorkerInitError(ModelError):
    """A worker could not load the rules or the model: the run stops (exit 2)."""


class _Worker:
    def __init__(self, ctx, cfg: WorkerConfig) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, cfg), daemon=True)
        self.proc.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0
        self.ready = False
        self.sent = 0  # how many batch terms this worker has been sent

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def run_serial(
    jobs: Iterable[Job],
    cfg: WorkerConfig,
    engine=None,
    terms: list | None = None,
    then: Callable[[], Iterable[Job]] | None = None,
) -> Iterator[DocResult]:
    """In-process execution (``--workers 0``): no isolation, for debugging and tiny batches.

    ``terms`` and ``then`` as for run_local.
    """
    sent = 0
    for batch in (jobs, _Later(then)):
        for job in batch:
            job, sent = _with_news(job, terms, sent)
            yield run_one(job, cfg, engine)


class _Later:
    """The jobs ``then()`` returns, asked for only when iteration reaches them."""

    def __init__(self, then: Callable[[], Iterable[Job]] | None) -> None:
        self.then = then

    def __iter__(self) -> Iterator[Job]:
        return iter(self.then() if self.then else [])


class Workers:
    """Worker processes started ahead of their jobs: they load the model while the caller
    does its own start-up (rules, output folders, the manifest).  Hand them to run_local;
    ``close()`` stops any that were never used.
    """

    def __init__(self, cfg: WorkerConfig, count: int) -> None:
        self.cfg = cfg
        self.pool = [_Worker(mp.get_context("spawn"), cfg) for _ in range(max(1, count))]

    def close(self) -> None:
        for w in self.pool:
            w.kill()
        self.pool = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_local(
    jobs: Iterable[Job],
    cfg: WorkerConfig,
    workers: int,
    timeout: float,
    on_start: Callable[[Job], None] | None = None,
    terms: list | None = None,
    then: Callable[[], Iterable[Job]] | None = None,
    started: Workers | None = None,
    expect: tuple[str, str] | None = None,
) -> Iterator[DocResult]:
    """Run jobs on ``workers`` processes; yield results as they complete.

    ``terms``: a list the caller extends with the batch's terms (see KnownTerms); each
    worker is sent the part it has not seen with its next job.  ``then``: called once
    every job is done and every result consumed; the jobs it returns (an iterable: the
    second pass of a batch run) run on the same workers, without loading the model again.
    ``started``: workers already started for ``cfg`` (see Workers), used instead of new ones.
    ``expect``: the (rules sha256, model sha256) the run records; a worker that loaded
    anything else stops the run (the files changed after the run described them).
    """
    ctx = mp.get_context("spawn")
    pending = iter(jobs)
    if started is not None and started.cfg == cfg and started.pool:
        pool, started.pool = started.pool, []
    else:
        pool = [_Worker(ctx, cfg) for _ in range(max(1, workers))]
    exhausted = False
    try:
        while True:
            # hand out work to idle, ready workers
            for w in pool:
                if w.ready and w.job is None and not exhausted:
                    job = next(pending, None)
                    if job is None:
                        exhausted = True
                        break
                    w.job, w.started = job, time.monotonic()
                    if on_start:
                        on_start(job)
                    job, w.sent = _with_news(job, terms, w.sent)
                    w.conn.send(job)
            if exhausted and all(w.job is None for w in pool):
                if then is None:
                    return
                pending, exhausted, then = iter(then()), False, None
                continue
            ready = wait([w.conn for w in pool] + [w.proc.sentinel for w in pool], timeout=1.0)
            now = time.monotonic()
            for i, w in enumerate(list(pool)):
                if w.conn in ready:
                    try:
                        kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "died", None
                    if kind == "init-error":
                        raise WorkerInitError(payload)
                    if kind == "ready":
                        if expect is not None and tuple(payload[1:]) != tuple(expect):
                            raise WorkerInitError(
                                f"a worker loaded rules sha256 {payload[1][:12]} and model sha256 "
                                f"{payload[2][:12]}, this run recorded {expect[0][:12]} and "
                                f"{expect[1][:12]}: the rules or the model changed while the run "
                                "started; run it again"
                            )
                        w.ready = True
                        continue
                    if kind == "result":
                        w.job = None
                        yield payload
                        continue
                else:
                    kind = None
                timed_out = w.job is not None and timeout and now - w.started > timeout
                if kind == "died" or not w.proc.is_alive() or timed_out:
                    job = w.job
                    code = w.proc.exitcode
                    w.kill()
                    pool[i] = _Worker(ctx, cfg)
                    if job is not None:
                        if timed_out:
                            reason = f"timed out after {timeout:.0f} s: raise --timeout or split the document"
                        else:
                            reason = (
                                f"worker crashed while processing (exit code {code}): "
                                "likely out of memory or a broken PDF"
                            )
                        yield DocResult(job=job, status=FAILED, reason=reason, out_rel=job.rel)
                    elif not w.ready:
                        raise WorkerInitError(f"worker exited during start-up (exit code {code})")
    finally:
        for w in pool:
            try:
                if w.proc.is_alive() and w.job is None:
                    w.conn.send(None)
            except OSError:
                pass
        for w in pool:
            w.proc.join(2)
            w.kill()
