"""The output folder: one object owns every path in it and how files get there.

    out/documents/<rel>.pdf   redacted, verified documents
    out/text/<rel>.txt        their redacted text
    out/review/               scan only: proposals for review (private)
    out/audit.jsonl, inventory.csv/.xlsx, manifest.json, report.html
    out/.woo-redact/          private: key, temporary files, work between the passes

Finished files are moved into place in one step (``place``), so a reader sees the old
file or the new, never half of one, whatever interrupts the run.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import ConfigError

STATE_DIR = ".woo-redact"


@dataclass(frozen=True)
class OutputLayout:
    root: Path

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def text(self) -> Path:
        return self.root / "text"

    @property
    def review(self) -> Path:
        return self.root / "review"

    @property
    def state(self) -> Path:
        return self.root / STATE_DIR

    @property
    def tmp(self) -> Path:
        return self.state / "tmp"

    @property
    def work(self) -> Path:
        """The first pass's findings and extractions, waiting for the second (personal data)."""
        return self.state / "work"

    @property
    def scan_state(self) -> Path:
        """The proposals ``scan`` saves for ``apply`` (personal data)."""
        return self.state / "scan"

    @property
    def converted(self) -> Path:
        """PDFs made from other input formats (pipeline.formats)."""
        return self.state / "converted"

    @property
    def default_key(self) -> Path:
        return self.state / "fingerprint.key"

    @property
    def audit(self) -> Path:
        return self.root / "audit.jsonl"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    def document(self, rel: str) -> Path:
        return self.documents / rel

    def text_of(self, rel: str) -> Path:
        """The text file of document ``rel`` (``a/b.pdf`` -> ``text/a/b.txt``)."""
        return self.text / str(PurePosixPath(rel).with_suffix(".txt"))

    def create(self) -> None:
        """Make the folders a run writes to; an unwritable place is a usage error (exit 2)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.tmp.mkdir(parents=True, exist_ok=True)
            probe = self.tmp / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise ConfigError(f"cannot write to the output folder {self.root}: {reason}") from exc

    def place(self, src: str | Path, dst: Path) -> None:
        """Put a finished file in place in one step."""
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(src, dst)  # the temp folder is inside the output folder: same filesystem
        except OSError:
            tmp = dst.with_name(f".{dst.name}.part")  # another filesystem: copy, then rename
            shutil.move(str(src), tmp)
            os.replace(tmp, dst)

    def remove(self, rel: str) -> None:
        """Remove document ``rel`` and its text (an earlier release that is no longer valid)."""
        self.document(rel).unlink(missing_ok=True)
        self.text_of(rel).unlink(missing_ok=True)

    def remove_stale_parts(self) -> None:
        """A copy interrupted between the two steps of ``place`` leaves a hidden ``.part`` file."""
        for sub in (self.documents, self.text):
            for part in sub.rglob(".*.part") if sub.is_dir() else ():
                part.unlink(missing_ok=True)


__all__ = ["STATE_DIR", "OutputLayout"]
