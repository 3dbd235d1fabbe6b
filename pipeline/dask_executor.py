"""The Dask executor (``--executor dask``): the same documents, results and audit log, on a cluster.

Design choices, and why:

* **The model is loaded once per Dask worker** by a ``WorkerPlugin`` (at worker start,
  also after a restart) into a per-process cache that the tasks share.
* **Outputs travel back as bytes** in the task result and are written into the run's own
  temporary folder on the client, so the output folder only has to exist where
  ``woo-redact`` runs.  Workers need to see the *inputs* (and the rules file and model) at
  the same absolute paths: a shared filesystem (NFS, a mounted share) or an identical
  install.  A worker that cannot see an input stops the run with a configuration error
  instead of marking every document unreadable; a worker whose rules or model differ from
  the client's stops it too, because the audit log would otherwise record the wrong hashes.
* **The fingerprint key is sent to the workers** (they do not read ``--key-file``): a
  worker that created its own key would silently fingerprint under another key.  Use a
  ``tls://`` scheduler address on a network you do not trust.
* **One bad document never stops the batch.**  A worker that dies (segfault, killed by the
  nanny for memory) or exceeds the per-document timeout (a watchdog in the task kills the
  worker process, which the nanny replaces) makes Dask retry the task elsewhere.  Each task
  leaves a mark in the scheduler's task metadata when it starts, so the retry can tell that
  an earlier attempt killed its worker and reports the document ``failed`` instead of
  crashing the next worker too.  (On workers with more than one thread the culprit is
  ambiguous, so a document gets a second attempt before it is failed.)
* **Results stream** (``as_completed``) with at most one task per worker thread in
  flight, so memory stays flat however many documents there are.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch import WorkerConfig, settle
from pipeline.errors import ConfigError
from pipeline.process import FAILED, DocResult, Job, Options
from pipeline.status import Status

TIMEOUT_EXIT = 75  # exit code of a worker killed by the per-document watchdog
PLUGIN_NAME = "woo-redact-engine"
_PREFIX = "woo-redact"


@dataclass(frozen=True)
class TaskConfig:
    """What a Dask task needs; everything travels with it, nothing is read from the client's disk."""

    rules_path: str
    key_hex: str
    timeout: float | None = None
    expect: tuple[str, str | None] | None = None  # (rules sha256, model sha256) the client recorded
    memory_limit_mb: int = 0
    options: Options = Options()


class InputNotVisible(RuntimeError):
    """The worker cannot read an input the client can: the inputs are not on a shared filesystem."""


class EngineMismatch(RuntimeError):
    """The worker loaded other rules or another model than the client."""


# ---------------------------------------------------------------- worker side

_CACHE: dict[tuple[str, str], Any] = {}
_LOCK = threading.Lock()
_KNOWN: dict[str, Any] = {}  # terms id -> KnownTerms: the batch's terms, indexed once per worker


def _known(terms_id: str, terms: list | None):
    from pipeline.decide import KnownTerms

    if not terms:
        return None
    with _LOCK:
        if terms_id not in _KNOWN:
            _KNOWN.clear()  # another pass's terms: free them first
            known = KnownTerms()
            known.add(terms)
            _KNOWN[terms_id] = known
            settle()
        return _KNOWN[terms_id]


def _engine(tc: TaskConfig):
    """The (Engine, Fingerprinter) of this worker process, loaded on first use and then reused."""
    from pipeline.audit import Fingerprinter
    from pipeline.engine import Engine

    cache_key = (tc.rules_path, tc.key_hex)
    with _LOCK:
        if cache_key not in _CACHE:
            _CACHE.clear()  # another run's engine: free it first
            engine = Engine.load(Path(tc.rules_path))
            _CACHE[cache_key] = (engine, Fingerprinter(bytes.fromhex(tc.key_hex)))
            settle()
        engine, fp = _CACHE[cache_key]
    if tc.expect:
        rules_sha, model_sha = tc.expect
        if engine.rules.sha256 != rules_sha or (model_sha and engine.model.sha256 != model_sha):
            raise EngineMismatch(
                f"rules sha256 {engine.rules.sha256[:12]}, model sha256 {engine.model.sha256[:12]} on this "
                f"worker; the client has {rules_sha[:12]}, {(model_sha or '?')[:12]}"
            )
    return engine, fp


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # dask is optional: the local executor does not need it
    WorkerPlugin = object  # type: ignore[assignment,misc]


class EnginePlugin(WorkerPlugin):
    """Loads the engine when a worker starts (also a replacement worker), not per document."""

    name = PLUGIN_NAME

    def __init__(self, tc: TaskConfig) -> None:
        self.tc = tc

    def setup(self, worker) -> None:
        _engine(self.tc)


def _fail(job: Job, reason: str) -> DocResult:
    return DocResult(job=job, status=FAILED, reason=reason, out_rel=job.rel)


def _crash_reason(mark: dict) -> str:
    if mark.get("state") == "timeout":
        return (
            f"timed out after {mark.get('timeout', 0):.0f} s: raise --timeout or split the document "
            f"(Dask worker {mark.get('worker', '?')} was restarted)"
        )
    return (
        f"worker crashed while processing (Dask worker {mark.get('worker', '?')} died): "
        "likely out of memory or a broken PDF"
    )


def _on_timeout(client, key: str, mark: dict, timeout: float) -> None:
    """Watchdog: record why, then end this worker process; the nanny starts a fresh one."""
    try:
        client.set_metadata([key], {**mark, "state": "timeout", "timeout": timeout})
    finally:
        os._exit(TIMEOUT_EXIT)


def process_task(
    job: Job, tc: TaskConfig, terms: list | None = None, terms_id: str = ""
) -> tuple[DocResult, bytes | None, bytes | None]:
    """Run one document on a Dask worker; return the result and the output files' bytes.

    ``terms``: the batch's terms (scattered to every worker once, see run_dask).
    """
    from distributed import get_client, get_worker

    from pipeline.process import process

    worker = get_worker()
    key = str(worker.get_current_task())
    client = get_client()
    prior = client.get_metadata([key], None)
    if prior:
        single = prior.get("threads") == 1
        if prior.get("state") == "timeout" or single or prior.get("attempt", 0) >= 2:
            return _fail(job, _crash_reason(prior)), None, None
    mark = {
        "state": "started",
        "attempt": (prior or {}).get("attempt", 0) + 1,
        "threads": worker.state.nthreads,
        "worker": worker.address,
    }
    client.set_metadata([key], mark)

    if not os.path.isfile(job.src):
        raise InputNotVisible(f"Dask worker {worker.address} cannot read {job.src}")
    engine, fp = _engine(tc)
    timer = None
    if tc.timeout:
        timer = threading.Timer(tc.timeout, _on_timeout, (client, key, mark, tc.timeout))
        timer.daemon = True
        timer.start()
    tmp = Path(tempfile.mkdtemp(prefix="woo-redact-"))
    try:
        res = process(job, engine, fp, tmp, tc.options, _known(terms_id, terms))
        pdf = Path(res.tmp_pdf).read_bytes() if res.tmp_pdf else None
        txt = Path(res.tmp_txt).read_bytes() if res.tmp_txt else None
    finally:
        if timer:
            timer.cancel()
        shutil.rmtree(tmp, ignore_errors=True)
    res.tmp_pdf = res.tmp_txt = None
    return res, pdf, txt


# ---------------------------------------------------------------- client side


_LOCAL_CLUSTER: Any = None


def _local_cluster(cfg: WorkerConfig):
    """One loopback cluster per client process, reused by later calls (the batch-consistency pass).

    Starting workers and loading the model costs seconds, so a second call in the same
    process does not pay it again; the cluster closes when the process exits.
    """
    global _LOCAL_CLUSTER
    import atexit

    from distributed import LocalCluster

    if _LOCAL_CLUSTER is not None and _LOCAL_CLUSTER.status.name == "running":
        return _LOCAL_CLUSTER
    _LOCAL_CLUSTER = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        memory_limit=f"{cfg.memory_limit_mb}MB" if cfg.memory_limit_mb else "auto",
        silence_logs=logging.CRITICAL,  # a replaced worker is reported per document, not as a log storm
    )
    atexit.register(_LOCAL_CLUSTER.close)
    return _LOCAL_CLUSTER


def _connect(scheduler: str | None, cfg: WorkerConfig):
    from distributed import Client

    if scheduler:
        client = Client(scheduler, timeout="30s")
        try:
            client.wait_for_workers(1, timeout=120)
        except TimeoutError as exc:
            client.close()
            raise ConfigError(f"the Dask scheduler {scheduler} has no workers") from exc
        return client
    return Client(_local_cluster(cfg))


def _store(data: bytes, tmp_dir: Path, suffix: str) -> str:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path = tmp_dir / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return str(path)


def run_dask(
    jobs: Iterable[Job],
    cfg: WorkerConfig,
    scheduler: str | None,
    timeout: float | None = None,
    expect: tuple[str, str | None] | None = None,
    terms: list | None = None,
) -> Iterator[DocResult]:
    """Process ``jobs`` on a Dask cluster (``scheduler`` None: a 2-worker LocalCluster on loopback).

    Yields results as they complete, with ``tmp_pdf``/``tmp_txt`` in ``cfg.tmp_dir`` like the
    local executor.  ``timeout`` is seconds per document; ``expect`` the client's (rules, model)
    sha256, checked on every worker; ``terms`` the batch's terms, sent to each worker once.
    """
    pending = iter(jobs)
    first = next(pending, None)
    if first is None:
        return
    pending = itertools.chain([first], pending)
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from pipeline.rules import load_rules

    key_hex = Path(cfg.key_path).read_text(encoding="ascii").strip()
    if expect is None:  # at least the rules must match; the model hash needs the loaded engine
        expect = (load_rules(Path(cfg.rules_path)).sha256, None)
    tc = TaskConfig(
        rules_path=cfg.rules_path,
        key_hex=key_hex,
        timeout=timeout,
        expect=expect,
        memory_limit_mb=cfg.memory_limit_mb,
        options=cfg.options,
    )
    tmp_dir = Path(cfg.tmp_dir)
    run_id = uuid.uuid4().hex[:12]
    client = _connect(scheduler, cfg)
    inflight: dict[str, tuple[Any, Job]] = {}
    try:
        try:
            client.register_plugin(EnginePlugin(tc), name=PLUGIN_NAME)
        except EngineMismatch as exc:
            raise ConfigError(f"a Dask worker runs other rules or another model: {exc}") from exc
        except Exception as exc:
            raise ConfigError(
                f"a Dask worker cannot load the rules or model: {type(exc).__name__}: {exc}"
            ) from exc
        done = as_completed()
        # one future for the whole list (a list passed bare would be scattered item by item)
        shared = client.scatter([terms], broadcast=True, hash=False)[0] if terms else None
        terms_id = uuid.uuid4().hex

        def fill() -> None:
            limit = max(1, sum(client.nthreads().values()))
            while len(inflight) < limit:
                job = next(pending, None)
                if job is None:
                    return
                fut = client.submit(
                    process_task,
                    job,
                    tc,
                    shared,
                    terms_id,
                    key=f"{_PREFIX}-{run_id}-{job.number}",
                    pure=False,
                )
                inflight[fut.key] = (fut, job)
                done.add(fut)

        fill()
        for fut in done:
            _, job = inflight.pop(fut.key)
            try:
                res, pdf, txt = fut.result()
            except KilledWorker:  # the scheduler gave up before our own mark could decide
                res, pdf, txt = _fail(job, _crash_reason({"worker": "?"})), None, None
            except InputNotVisible as exc:
                if os.path.isfile(job.src):
                    raise ConfigError(
                        f"{exc}: the inputs must be on a filesystem the workers share, at the same path"
                    ) from exc
                gone = DocResult(
                    job=job,
                    status=Status.UNREADABLE,
                    reason="cannot read file: it disappeared",
                    out_rel=job.rel,
                )
                res, pdf, txt = gone, None, None
            except EngineMismatch as exc:
                raise ConfigError(f"a Dask worker runs other rules or another model: {exc}") from exc
            except Exception as exc:  # the task itself failed (not the document): fail this document only
                res, pdf, txt = (
                    _fail(job, f"internal error on the Dask worker ({type(exc).__name__}: {str(exc)[:200]})"),
                    None,
                    None,
                )
            fut.release()
            fill()
            if res.released:
                if pdf is None or hashlib.sha256(pdf).hexdigest() != res.output_sha256:
                    res = _fail(job, "the redacted file was damaged in transfer from the Dask worker")
                else:
                    res.tmp_pdf = _store(pdf, tmp_dir, ".pdf")
                    res.tmp_txt = _store(txt, tmp_dir, ".txt") if txt is not None else None
            yield res
    finally:
        for fut, _ in inflight.values():
            fut.cancel()
        client.close()
