"""Document statuses and exit codes: the vocabulary scripts and the inventory rely on.

Both are string/int enums, so they compare equal to (and serialise as) the plain
values written in audit logs by earlier versions: ``Status.RELEASED == "released"``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Status(StrEnum):
    """What became of one document (README, Statuses)."""

    RELEASED = "released"  # redacted, sanitized and verified; in documents/
    NEEDS_OCR = "needs-ocr"  # a page has no usable text layer and no OCR ran
    UNREADABLE = "unreadable"  # empty, not a PDF, damaged, no pages
    ENCRYPTED = "encrypted"  # password-protected
    TOO_LARGE = "too-large"  # beyond the limits
    FAILED = "failed"  # verification failed, cannot be redacted safely, timed out, crashed
    HELD = "held"  # an input format could not convert it without losing content: check by hand
    # Intermediate, never final in an output folder:
    PROPOSED = "proposed"  # scan: findings proposed, nothing written
    DETECTED = "detected"  # first pass of a batch run: findings ready, nothing written


class ExitCode(IntEnum):
    """The command's exit codes (README, Statuses and exit codes)."""

    OK = 0  # every document was released
    ATTENTION = 1  # some documents need attention; the others were processed
    USAGE = 2  # usage or configuration error: nothing was processed
    INTERRUPTED = 130  # Ctrl-C: rerun the same command to resume
