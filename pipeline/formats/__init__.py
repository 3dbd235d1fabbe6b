"""Input formats: the triage stage before extraction.

Every input file is claimed by one format, which turns it into one or more PDFs to
redact plus the facts the inventory needs (file type, family, thread, dates, hidden
content found).  PDF is the identity format; e-mail and Office formats convert.
Adding a format is one module with an ``InputFormat`` subclass plus its line in
``FORMATS`` below.

Triage runs in the main process before the passes, so that the batch knows all its
documents (attachments included) up front; a format that converts writes into the
run's private work folder and keys its output by the input's sha256, so a rerun does
not convert again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class FormatError(Exception):
    """An input a format claimed but cannot turn into a PDF: ``status`` says what the user must do."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Prepared:
    """One PDF to redact, made from an input file, with what the inventory says about it."""

    pdf: str  # absolute path of the PDF to redact (the input itself for a PDF)
    rel: str  # output path relative to documents/, ends in ".pdf" (personal data still in it)
    file_type: str = "pdf"  # inventory "File type": pdf, email, docx, xlsx, ...
    family: str = ""  # inventory "Family ID": the input an attachment belongs to
    thread: str = ""  # inventory "Email Thread ID"
    title: str = ""  # e.g. an e-mail's subject (personal data replaced later)
    date: str = ""  # ISO date, e.g. an e-mail's sent time
    hidden: tuple[str, ...] = ()  # hidden content found, made visible or recorded ("2 comments", ...)
    conversion: dict[str, str] = field(default_factory=dict)  # tool and version, empty for PDFs
    problem: tuple[str, str] | None = None  # (status, reason): could not be converted; held, not released
    key: str = ""  # what makes two inputs the same document: "<message-id>", "sha:<sha256 of the bytes>"
    same_as: str = ""  # set by triage: the rel of the first document with the same key (a duplicate)
    replies_to: tuple[str, ...] = ()  # an e-mail's In-Reply-To and References Message-IDs
    inclusive: bool | None = None  # set by triage for e-mails: no later message in the batch answers it


class InputFormat(ABC):
    """Recognises inputs of one kind and turns each into PDFs to redact."""

    name: str = ""  # short name, e.g. "pdf", "email", "office"
    suffixes: tuple[str, ...] = ()  # lower-case suffixes this format claims, with the dot

    def claims(self, path: Path) -> bool:
        """Whether this format takes ``path``; by suffix unless a format knows better."""
        return path.suffix.lower() in self.suffixes

    @abstractmethod
    def prepare(self, src: Path, rel: str, work: Path) -> list[Prepared]:
        """The PDFs to redact for input ``src`` (``rel``: its path relative to its input root).

        ``work``: a private folder for converted files.  Raise FormatError for an input
        that cannot be converted (encrypted, damaged); never drop content silently.
        """


def pdf_rel(rel: str) -> str:
    """The output path of an input: its suffix replaced by ``.pdf`` (``a/b.eml`` -> ``a/b.pdf``)."""
    p = PurePosixPath(rel)
    return str(p.with_suffix(".pdf")) if p.suffix else f"{rel}.pdf"


def _registry() -> list[InputFormat]:
    from pipeline.formats.email import EmailFormat
    from pipeline.formats.office import OfficeFormat
    from pipeline.formats.pdf import PdfFormat

    return [PdfFormat(), EmailFormat(), OfficeFormat()]


FORMATS: list[InputFormat] = _registry()


def format_for(path: Path) -> InputFormat | None:
    """The format that claims ``path``, or None: the file is not an input woo-redact knows."""
    return next((f for f in FORMATS if f.claims(path)), None)


__all__ = ["FORMATS", "FormatError", "InputFormat", "Prepared", "format_for", "pdf_rel"]
