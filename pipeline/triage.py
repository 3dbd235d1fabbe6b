"""Input triage: find the inputs and turn each into the PDFs to redact (pipeline.formats).

Discovery only reads the file system (it runs before the model is checked and before
any folder is made); triage may convert (e-mail, Office) into the run's private folder,
so it runs once the run can go ahead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.formats import FORMATS, FormatError, InputFormat, Prepared, format_for, pdf_rel
from pipeline.layout import STATE_DIR, OutputLayout
from pipeline.process import Job
from pipeline.safetext import clean, usable_path


def collect_jobs(
    inputs: Iterable[str | Path], exclude: Path | None = None, work: Path | None = None
) -> list[Job]:
    """Discover the inputs and triage them into jobs (one per PDF to redact, unique relative paths).

    ``exclude`` (the output folder) is skipped, so that ``run . --out out`` never feeds its
    own released documents back in as input on a rerun.  ``work``: where formats that
    convert (pipeline.formats) put their PDFs.
    """
    found = discover(inputs, exclude)
    return triage(found, work or OutputLayout(exclude or Path(".")).converted)


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
    first: dict[str, str] = {}  # document key -> the first document with it (duplicates point there)
    for f in found:
        try:
            preps = f.fmt.prepare(f.path.resolve(), f.rel, work)
        except FormatError as exc:  # held with the format's reason; recorded, never dropped
            preps = [Prepared(pdf=str(f.path.resolve()), rel=pdf_rel(f.rel), problem=(exc.status, str(exc)))]
        renamed: dict[str, str] = {}  # a family's head renamed below: its members follow
        for prep in preps:
            rel = clean(prep.rel)  # a file name's undecodable bytes or control characters
            if rel in seen:  # the same name from two inputs: keep them apart
                rel = f"{f.root_name}/{rel}"
            n = 2
            base = rel
            while rel in seen:
                rel = f"{base[:-4]}-{n}.pdf"
                n += 1
            seen.add(rel)
            renamed[prep.rel] = rel
            same_as = first.setdefault(prep.key, rel) if prep.key and not prep.problem else rel
            if prep.rel != rel or prep.family in renamed or same_as != rel:
                prep = replace(
                    prep,
                    rel=rel,
                    family=renamed.get(prep.family, prep.family),
                    same_as="" if same_as == rel else same_as,
                )
            src = usable_path(prep.pdf, work / "renamed")  # a file name that is not UTF-8
            jobs.append(Job(number=len(jobs) + 1, src=str(src), rel=rel, origin=prep))
    from pipeline.formats.threads import mark_inclusive

    return mark_inclusive(jobs)
