"""Executors behind one interface: how a batch's documents reach the workers.

The batch logic (two passes, recording) asks an ``Executor`` for results and never
knows whether they come from this process, local worker processes or a Dask cluster.
Each executor loads the engine once per worker and checks that every worker runs the
rules and model the run recorded (a mismatch stops the run, exit 2); a document that
crashes or hangs its worker comes back ``failed`` and the batch goes on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pipeline.batch import WorkerConfig, Workers, run_local, run_serial
from pipeline.options import RunOptions
from pipeline.process import DocResult, Job

# Called once every job is done: the jobs of the second pass (see pipeline.api).
Then = Callable[[], Iterable[Job]] | None


def _expect(engine: Any) -> tuple[str, str] | None:
    return (engine.rules.sha256, engine.model.sha256) if engine is not None else None


class Executor(ABC):
    """Runs pipeline.process over jobs and yields each result as it completes."""

    name = ""

    def __init__(self, cfg: WorkerConfig, options: RunOptions) -> None:
        self.cfg, self.options = cfg, options

    @property
    def loads_engine_itself(self) -> bool:
        """True when the workers load the engine, so the caller need only describe it."""
        return False

    @abstractmethod
    def results(
        self, jobs: Iterable[Job], engine: Any, terms: list | None = None, then: Then = None
    ) -> Iterator[DocResult]:
        """Results of ``jobs``, then of the jobs ``then()`` returns once those are all in.

        ``terms``: the batch's terms, a list the caller completes before ``then()``
        returns; each worker receives them once.  ``engine``: the caller's engine (or its
        description): the identity every worker must match; the serial executor runs it.
        """

    def close(self) -> None:
        """Stop whatever was started and is no longer needed."""
        return None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialExecutor(Executor):
    """In this process (``--workers 0``): no isolation; for debugging and tiny batches."""

    name = "serial"

    def results(self, jobs, engine, terms=None, then=None):
        return run_serial(jobs, self.cfg, engine, terms=terms, then=then)


class LocalExecutor(Executor):
    """Worker processes on this machine, started at once so they load the model while the
    caller does its own start-up."""

    name = "local"

    def __init__(self, cfg: WorkerConfig, options: RunOptions, start_early: bool = True) -> None:
        super().__init__(cfg, options)
        self.started = Workers(cfg, options.worker_count) if start_early else None

    @property
    def loads_engine_itself(self) -> bool:
        return self.started is not None

    def results(self, jobs, engine, terms=None, then=None):
        return run_local(
            jobs,
            self.cfg,
            self.options.worker_count,
            self.options.timeout,
            terms=terms,
            then=then,
            started=self.started,
            expect=_expect(engine),
        )

    def close(self) -> None:
        if self.started is not None:
            self.started.close()


class DaskExecutor(Executor):
    """An existing Dask cluster (``--scheduler``) or a local 2-worker one."""

    name = "dask"

    def results(self, jobs, engine, terms=None, then=None):
        from pipeline.dask_executor import run_dask

        opts, expect = self.options, _expect(engine)

        def both() -> Iterator[DocResult]:
            yield from run_dask(jobs, self.cfg, opts.scheduler, timeout=opts.timeout, expect=expect)
            if then:
                more = then()
                yield from run_dask(
                    more, self.cfg, opts.scheduler, timeout=opts.timeout, expect=expect, terms=terms
                )

        return both()


def make_executor(cfg: WorkerConfig, options: RunOptions, start_early: bool = True) -> Executor:
    """The executor ``options`` ask for (``--executor``; ``--workers 0`` runs in this process)."""
    if options.executor == "dask":
        return DaskExecutor(cfg, options)
    if options.workers == 0:
        return SerialExecutor(cfg, options)
    return LocalExecutor(cfg, options, start_early=start_early)


__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "SerialExecutor", "make_executor"]
