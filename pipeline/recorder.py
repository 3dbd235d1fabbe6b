"""The main process's side of a run: outputs moved into place, audit records written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.formats import Prepared
from pipeline.layout import OutputLayout
from pipeline.process import RELEASED, DocResult, Job, sha256_file

if TYPE_CHECKING:
    from pipeline.api import RunSummary


def still_valid(prev: dict, job: Job, engine, layout: OutputLayout) -> bool:
    """A previous verified output can be reused if nothing that produced it has changed."""
    if prev.get("status") != RELEASED:
        return False
    if prev.get("rules_sha256") != engine.rules.sha256 or prev.get("model_sha256") != engine.model.sha256:
        return False
    target = layout.document(prev.get("output", ""))
    if not target.is_file() or sha256_file(target) != prev.get("output_sha256"):
        return False
    return sha256_file(Path(job.src)) == prev.get("input_sha256")


class Recorder:
    """Moves verified outputs into place and writes the audit records, in the main process only."""

    def __init__(
        self, layout: OutputLayout, audit, engine, summary: RunSummary, log, fp, names: dict[str, str]
    ) -> None:
        self.layout, self.audit, self.engine, self.summary, self.log = layout, audit, engine, summary, log
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
        layout = self.layout
        key = self.fp(res.job.rel)  # the input path may itself hold personal data: log its fingerprint
        if not res.name_checked:  # e.g. the worker crashed: check the name here
            from pipeline.decide import Outcome
            from pipeline.process import redact_filename

            res.out_rel = redact_filename(res.job.rel, self.engine, Outcome([], []))
            res.name_checked = True
        res.out_rel = self._unique(res.out_rel, key)
        for name, owner in list(self.names.items()):  # this input's output under an older name
            if owner == key and name != res.out_rel:
                layout.remove(name)
                del self.names[name]
        if res.released and res.tmp_pdf:
            layout.place(res.tmp_pdf, layout.document(res.out_rel))
            if res.tmp_txt:
                layout.place(res.tmp_txt, layout.text_of(res.out_rel))
        else:  # an earlier release of this input (resume, second pass) is no longer valid
            layout.remove(res.out_rel)
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
            "removed_content": res.removed_content,
            "seconds": res.seconds,
            "stage_seconds": {k: round(v, 3) for k, v in res.stage_seconds.items()},
            "rules_sha256": self.engine.rules.sha256,
            "model_sha256": self.engine.model.sha256,
            "reviewed": res.job.review is not None,
            "ocr": res.ocr,  # OCR'd pages with mean word confidence, "" for none
            "title": res.title,
            "date": res.date,
            "accessibility": res.accessibility,
            **_origin_fields(res.job.origin, self.fp),
        }
        self.audit.write(doc_rec)
        self.audit.sync()
        self.summary.latest[key] = (res.status, res.redactions)
        self.summary.results.append(doc_rec)
        if not res.released:
            self.log(f"{res.out_rel}: {res.status}: {res.reason}")


def _origin_fields(origin: Prepared | None, fp) -> dict:
    """What the input format said about the document, for the inventory and the audit log.

    Family and thread are fingerprints (a path or Message-ID may hold personal data);
    the inventory turns the family back into the head document's ID.
    """
    if origin is None:
        return {}
    fields: dict = {"file_type": origin.file_type}
    if origin.family:
        fields["family"] = fp(origin.family)
    if origin.thread:
        fields["thread"] = fp(origin.thread)[:16]
    if origin.hidden:
        fields["hidden"] = list(origin.hidden)
    if origin.conversion:
        fields["conversion"] = dict(origin.conversion)
    if origin.same_as:  # an exact duplicate or the same message from another mailbox
        fields["same_as"] = fp(origin.same_as)
    if origin.inclusive is not None:
        fields["inclusive"] = origin.inclusive
    return fields
