"""The converted-files store: one folder per input sha256, so a rerun does not convert again.

A format's ``make(folder)`` writes its PDFs into a fresh folder and returns the
Prepared list; the index saved next to them records each Prepared relative to the
input's path, so the same bytes under another name (an exact duplicate) reuse the
conversion too.  The folder holds personal data: it lives in the run's private state.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path, PurePosixPath

from pipeline.formats import Prepared, pdf_rel

INDEX = "prepared.json"
VERSION = 4  # bump when a format's output changes: old conversions are then made again


def base_of(rel: str) -> str:
    """The input path without its suffix: every PDF made from it is named ``base + tail``."""
    p = PurePosixPath(rel)
    return str(p.with_suffix("")) if p.suffix else rel


def prepare_cached(
    src: Path, rel: str, work: Path, kind: str, make: Callable[[Path], list[Prepared]]
) -> list[Prepared]:
    """``make``'s Prepared list for ``src``, from the store when this input was converted before."""
    from pipeline.process import sha256_file

    sha = sha256_file(src)
    folder = work / f"{kind}-{sha[:40]}"
    base, head = base_of(rel), pdf_rel(rel)
    index = folder / INDEX
    if index.is_file():
        try:
            return _keyed([_load(e, folder, base, head) for e in _read(index)], head, sha)
        except (OSError, ValueError, KeyError, TypeError):
            shutil.rmtree(folder, ignore_errors=True)
    tmp = work / f".{kind}-{uuid.uuid4().hex}.part"
    tmp.mkdir(parents=True)
    try:
        made = make(tmp)
        entries = [_entry(p, tmp, base, head) for p in made]
        (tmp / INDEX).write_text(json.dumps({"version": VERSION, "prepared": entries}), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _keyed([_load(e, folder, base, head) for e in entries], head, sha)


def _keyed(preps: list[Prepared], head: str, sha: str) -> list[Prepared]:
    """The input itself is known by its bytes unless its format knows better (an e-mail's Message-ID).

    Every PDF made from the input records the input's sha256 with its conversion, so the
    audit log ties a redacted attachment to the file it came from.
    """
    return [
        replace(
            p,
            key=p.key or (f"sha:{sha}" if p.rel == head else ""),
            conversion={**p.conversion, "input_sha256": sha},
        )
        for p in preps
    ]


def prepared_from_dict(d: dict | None) -> Prepared | None:
    """A Prepared saved as JSON (a scan's proposal, for apply): lists back to tuples."""
    if not d:
        return None
    fields = {k: v for k, v in d.items() if k in Prepared.__dataclass_fields__}
    fields["hidden"] = tuple(fields.get("hidden") or ())
    fields["problem"] = tuple(fields["problem"]) if fields.get("problem") else None
    fields["replies_to"] = tuple(fields.get("replies_to") or ())
    return Prepared(**fields)


def _read(index: Path) -> list[dict]:
    data = json.loads(index.read_text(encoding="utf-8"))
    if data.get("version") != VERSION:
        raise ValueError("old store")
    return data["prepared"]


def _entry(p: Prepared, folder: Path, base: str, head: str) -> dict:
    if not p.rel.startswith(base):
        raise ValueError(f"{p.rel} is not named after its input")
    e = asdict(p)
    e["pdf"] = str(Path(p.pdf).relative_to(folder))
    e["rel"] = p.rel[len(base) :]
    e["family"] = "head" if p.family == head else ""
    e["problem"] = list(p.problem) if p.problem else None
    return e


def _load(e: dict, folder: Path, base: str, head: str) -> Prepared:
    return replace(
        Prepared(**{k: v for k, v in e.items() if k in Prepared.__dataclass_fields__}),
        pdf=str(folder / e["pdf"]),
        rel=base + e["rel"],
        family=head if e["family"] == "head" else "",
        hidden=tuple(e["hidden"]),
        replies_to=tuple(e.get("replies_to") or ()),
        problem=tuple(e["problem"]) if e["problem"] else None,
    )
