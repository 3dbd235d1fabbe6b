"""Errors that end a run or a document, each with the exit code a batch script acts on."""

from __future__ import annotations

from pipeline.status import ExitCode

EXIT_OK = ExitCode.OK
EXIT_ATTENTION = ExitCode.ATTENTION  # some documents need attention (failed, needs OCR, unreadable)
EXIT_USAGE = ExitCode.USAGE  # usage or configuration error


class WooRedactError(Exception):
    """Base class: a user-facing problem with a one-line message."""

    exit_code = EXIT_USAGE


class ConfigError(WooRedactError):
    """The rules file or the command line is wrong: nothing was processed."""


class ModelError(WooRedactError):
    """The NLP model could not be loaded: the run stops, no document is claimed clean."""


class DocumentError(WooRedactError):
    """One document cannot be processed; it gets ``status`` and the batch goes on."""

    exit_code = EXIT_ATTENTION

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
