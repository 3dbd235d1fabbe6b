"""A PDF's embedded files (the /EmbeddedFiles name tree, FileAttachment annotations), read out.

The sanitizer removes them from the released PDF (pipeline.removed counts them); read
here first, they become documents of their own in the PDF's family (issue 14), so what
they hold is redacted and released too instead of only counted.  A PDF that cannot be
opened (damaged, password) yields nothing here: the PDF itself gets its status later.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pikepdf

from pipeline.status import Status

MAX_FILES = 500  # per PDF: beyond it the rest is held, not read
MAX_BYTES = 500 << 20  # unpacked, per PDF: an embedded file beyond it is held


@dataclass(frozen=True)
class Embedded:
    name: str
    data: bytes = b""
    problem: tuple[str, str] | None = None  # (status, reason): could not be read out


def has_embedded(src: Path) -> bool:
    """Whether the PDF carries embedded files at all (cheap: no file is decoded)."""
    try:
        with pikepdf.open(src) as pdf:
            return bool(_specs(pdf))
    except Exception:  # damaged or encrypted: the PDF gets its own status in the passes
        return False


def embedded_files(data: bytes | Path) -> list[Embedded]:
    """The embedded files of a PDF (bytes or path), in document order; each read or held with a reason."""
    try:
        with pikepdf.open(data if isinstance(data, Path) else io.BytesIO(data)) as pdf:
            return _read_all(_specs(pdf))
    except Exception:  # damaged or encrypted: the PDF gets its own status in the passes
        return []


def _specs(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Dictionary]]:
    """(name, file specification) of every embedded file: name tree first, then annotations."""
    found: list[tuple[str, pikepdf.Dictionary]] = []
    seen: set[tuple[int, int]] = set()

    def add(name: str, spec) -> None:
        if not isinstance(spec, pikepdf.Dictionary) or not isinstance(spec.get("/EF"), pikepdf.Dictionary):
            return
        if spec.is_indirect:
            if spec.objgen in seen:  # the same file listed and annotated: one document
                return
            seen.add(spec.objgen)
        found.append((_filename(spec) or name, spec))

    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and isinstance(names.get("/EmbeddedFiles"), pikepdf.Dictionary):
        for name, spec in pikepdf.NameTree(names.EmbeddedFiles).items():
            add(str(name), spec)
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for a in annots:
            if isinstance(a, pikepdf.Dictionary) and a.get("/Subtype") == "/FileAttachment":
                add("", a.get("/FS"))
    return found


def _filename(spec: pikepdf.Dictionary) -> str:
    for key in ("/UF", "/F"):
        value = spec.get(key)
        if isinstance(value, pikepdf.String):
            name = PurePosixPath(str(value).replace("\\", "/")).name
            if name:
                return name
    return ""


def _read_all(specs: list[tuple[str, pikepdf.Dictionary]]) -> list[Embedded]:
    out: list[Embedded] = []
    total = 0
    for i, (name, spec) in enumerate(specs, 1):
        name = name or f"bijlage-{i}"
        if i > MAX_FILES:
            out.append(Embedded(name, problem=(Status.TOO_LARGE, "too many embedded files: review by hand")))
            continue
        ef = spec.EF
        stream = ef.get("/UF", ef.get("/F"))
        if not isinstance(stream, pikepdf.Stream):
            out.append(Embedded(name, problem=(Status.UNREADABLE, "embedded file has no contents")))
            continue
        try:
            data = stream.read_bytes()
        except Exception:  # a filter pikepdf cannot decode, a damaged stream
            out.append(Embedded(name, problem=(Status.UNREADABLE, "embedded file cannot be unpacked")))
            continue
        total += len(data)
        if total > MAX_BYTES:
            out.append(Embedded(name, problem=(Status.TOO_LARGE, "embedded file too large: review by hand")))
            continue
        out.append(Embedded(name, data))
    return out
