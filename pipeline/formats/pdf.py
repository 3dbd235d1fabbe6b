"""PDF: the identity format; the input itself is what gets redacted.

Its embedded files (which the sanitizer removes from the released PDF) become
documents of their own in the PDF's family, like an e-mail's attachments, read out
into the private work folder once per input sha256 (pipeline.formats.embedded).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.formats import InputFormat, Prepared


class PdfFormat(InputFormat):
    name = "pdf"
    suffixes = (".pdf",)

    def prepare(self, src: Path, rel: str, work: Path) -> list[Prepared]:
        from pipeline.formats.embedded import has_embedded

        head = Prepared(pdf=str(src), rel=rel, file_type="pdf")
        if not has_embedded(src):
            return [head]
        from pipeline.formats.store import prepare_cached

        made = prepare_cached(src, rel, work, "pdf", lambda folder: _attachments(src, rel, folder))
        # all of them are this PDF's family (the store names it after pdf_rel: "a.PDF" -> "a.pdf")
        return [replace(head, family=rel), *(replace(p, family=rel) for p in made)]


def _attachments(src: Path, rel: str, folder: Path) -> list[Prepared]:
    """The embedded files as documents, each through the format its kind needs (email.py's writer)."""
    from pipeline.formats.email import FamilyWriter, Mail
    from pipeline.formats.embedded import embedded_files
    from pipeline.formats.store import base_of

    out = FamilyWriter(folder, base_of(rel), rel)
    parent = Mail(headers=[], subject="", date="", thread="", message_id="", body="")
    out.embedded(embedded_files(src), "", 0, parent)
    return out.made
