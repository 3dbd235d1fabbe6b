"""PDF: the identity format; the input itself is what gets redacted."""

from __future__ import annotations

from pathlib import Path

from pipeline.formats import InputFormat, Prepared


class PdfFormat(InputFormat):
    name = "pdf"
    suffixes = (".pdf",)

    def prepare(self, src: Path, rel: str, work: Path) -> list[Prepared]:
        return [Prepared(pdf=str(src), rel=rel, file_type="pdf")]
