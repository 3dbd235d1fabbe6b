"""Batch consistency in two passes: detect every document, then redact each with the batch's terms."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from pipeline.officials import OFFICIAL_TERM
from pipeline.options import RunOptions
from pipeline.process import DETECTED, DocResult, Job, sha256_file, work_path
from pipeline.safetext import json_dumps
from pipeline.terms_store import TermsStore


class TwoPasses:
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

    def __init__(self, work: Path, engine, options: RunOptions, keep_documents: bool) -> None:
        self.work, self.engine, self.options = work, engine, options
        self.work_dir = str(work) if keep_documents else None  # see pipeline.process.store_document
        self.terms: list[tuple[str, str, str]] = []  # complete once the first pass is done
        self._heard: set[str] = set()
        self.ready: list[tuple[Job, Path]] = []  # documents for the second pass, findings saved
        self.store = TermsStore(work.parent / "terms", lambda sha: self._path(sha))
        self._terms_only: set[int] = set()  # job numbers detected again for their terms only
        self.unheard: list[str] = []  # released documents whose terms could not be read again

    def _path(self, input_sha256: str) -> Path:
        return work_path(self.work, input_sha256, self.engine, self.options, ".json")

    def _hear(self, terms: Iterable) -> None:
        for t in terms:
            # an official introduced elsewhere is not the same term as a name to redact
            key = t[0] if t[2] != OFFICIAL_TERM else f"{OFFICIAL_TERM}:{t[0]}"
            if key not in self._heard:  # each term once
                self._heard.add(key)
                self.terms.append(tuple(t))

    @staticmethod
    def _load(path: Path) -> dict | None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def start(self, todo: list[Job], skipped: list[tuple[str, Job]]) -> list[Job]:
        """The first pass's jobs: every document without findings saved by an interrupted run.

        A document kept from an earlier run (``skipped``) brings its terms from the terms
        store (or the saved findings); without either it is detected again for its terms only.
        """
        self.work.mkdir(parents=True, exist_ok=True)
        saved = {p.name for p in self.work.glob("*.json")}
        first = []
        for sha, job in skipped:
            self.store.keep(sha)
            terms = self.store.load(sha)
            if terms is None and saved:
                data = self._load(self._path(sha))
                terms = data["batch_terms"] if data else None
            if terms is None:
                self._terms_only.add(job.number)
                first.append(replace(job, detect_only=True, work_dir=None))
            else:
                self._hear(terms)
        for job in todo:
            if saved:
                try:
                    sha = sha256_file(Path(job.src))
                except OSError:
                    sha = ""
                path = self._path(sha) if sha else None
                data = self._load(path) if path and path.name in saved else None
                if data and path is not None:
                    self.store.keep(sha)  # saved by the run that detected it
                    self._hear(data["batch_terms"])
                    self.ready.append((replace(job, work_dir=self.work_dir), path))
                    continue
            first.append(replace(job, detect_only=True, work_dir=self.work_dir))
        return first

    def detected(self, res: DocResult) -> bool:
        """Keep a first-pass result for the second pass; False if it is final (failed, needs OCR)."""
        if res.job.number in self._terms_only and res.status != DETECTED:
            self.unheard.append(f"{res.job.rel}: {res.status}: {res.reason}")
            return True  # its release stands; the batch goes on without its terms (logged)
        if res.status != DETECTED or res.prepared is None:
            return False
        self.store.save(res.input_sha256, res.batch_terms)
        self._hear(res.batch_terms)
        if res.job.number in self._terms_only:
            return True  # released by an earlier run: only its terms were wanted
        path = self._path(res.input_sha256)
        tmp = path.with_name(f".{uuid.uuid4().hex}.part")
        tmp.write_text(json_dumps(res.prepared), encoding="utf-8")
        os.replace(tmp, path)
        self.ready.append((replace(res.job, detect_only=False), path))  # work_dir: as in the first pass
        return True

    def second(self) -> Iterator[Job]:
        """The second pass's jobs in input order, each document's findings read when its turn comes."""
        for job, path in sorted(self.ready, key=lambda jp: jp[0].number):
            yield replace(job, prepared=self._load(path))  # None (file gone): detected again

    def finish(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        self.store.prune()
