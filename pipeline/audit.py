"""Record: the audit log (``audit.jsonl``) and keyed fingerprints.

The log must let an auditor trace every redaction to a detector, a rule, a ground
and a score without itself being a file of personal data.  So redacted strings are
stored as HMAC-SHA256 fingerprints under a key that stays with the coordinator
(``.woo-redact/fingerprint.key`` in the output folder unless ``--key-file`` names
another place), never in plain text.

Each record carries the sha256 of the previous line (a hash chain) and the hash of
the run's manifest, so that a removed, reordered or edited record is detectable.
The log is append-only and flushed per record; a torn last line (the process was
killed mid-write) is cut off when the log is reopened.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.safetext import json_dumps

GENESIS = "0" * 64
KEY_CHECK_TEXT = "woo-redact key check"  # fingerprinted into each run record as ``key_check``


def line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


class Fingerprinter:
    """HMAC-SHA256 over normalised text: same string, same fingerprint, within one key."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @classmethod
    def from_file(cls, path: Path) -> Fingerprinter:
        """Load the key, creating a new random one (mode 0600) if the file does not exist."""
        if path.is_file():
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            key = secrets.token_bytes(32)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(key.hex() + "\n")
        return cls(key)

    @staticmethod
    def normalize(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip().lower()

    def __call__(self, text: str) -> str:
        return hmac.new(self.key, self.normalize(text).encode("utf-8"), hashlib.sha256).hexdigest()


def _tail(path: Path, chunk: int = 1 << 20) -> tuple[bytes, int]:
    """The end of ``path`` from the start of a line, with its offset: enough to resume the chain.

    At least two whole lines where the file has them, so a corrupt last line can be cut
    and the chain resumed from the one before (as before, when the whole file was read).
    """
    size = path.stat().st_size
    start = max(0, size - chunk)
    while True:
        with path.open("rb") as fh:
            fh.seek(start)
            data = fh.read()
        if start == 0:
            return data, 0
        first = data.find(b"\n")
        if first != -1 and data.count(b"\n", first + 1) >= 2:
            return data[first + 1 :], start + first + 1
        start = max(0, start - chunk * 4)


class AuditLog:
    """Append-only JSON-lines log with a hash chain."""

    def __init__(self, path: Path, manifest_sha256: str) -> None:
        self.path = path
        self.manifest_sha256 = manifest_sha256
        self.prev = GENESIS
        self.seq = 0
        self.repaired = self._repair_and_resume()
        self._fh = path.open("ab")

    def _repair_and_resume(self) -> bool:
        """Cut a torn last line, then continue the chain from the last good record.

        Reads only the end of the log (see ``_tail``): resuming must not load gigabytes.
        """
        if not self.path.exists():
            return False
        repaired = False
        while True:
            data, offset = _tail(self.path)
            if data and not data.endswith(b"\n"):
                cut = data.rfind(b"\n") + 1
                with self.path.open("r+b") as fh:
                    fh.truncate(offset + cut)
                data = data[:cut]
                repaired = True
            lines = data.splitlines()
            while lines:
                try:
                    rec = json.loads(lines[-1])
                    self.prev = line_hash(lines[-1])
                    self.seq = int(rec["seq"])
                    return repaired
                except (ValueError, TypeError, KeyError):  # a corrupt (not torn) last line: cut it too
                    lines.pop()
                    with self.path.open("r+b") as fh:
                        fh.truncate(offset + sum(len(line) + 1 for line in lines))
                    repaired = True
            if offset == 0:
                return repaired  # nothing valid left: a new chain

    def write(self, record: dict[str, Any]) -> None:
        self.seq += 1
        full = {"seq": self.seq, "prev": self.prev, "manifest_sha256": self.manifest_sha256, **record}
        line = json_dumps(full, sort_keys=False, separators=(",", ":")).encode("utf-8")
        self._fh.write(line + b"\n")
        self._fh.flush()
        self.prev = line_hash(line)

    def sync(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if not self._fh.closed:
            self.sync()
            self._fh.close()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def iter_lines(path: Path) -> Iterator[bytes]:
    """The log's lines one at a time: an archive run's log is gigabytes, never held whole."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        for line in fh:
            yield line.rstrip(b"\n")


def iter_records(path: Path, types: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """Complete records of a log, streamed; only those of ``types`` if given (a torn line is skipped).

    A type filter first looks for the compact ``"type":"X"`` bytes, so the many finding and
    decision records are not parsed at all (inside a JSON string the quotes would be escaped).
    """
    marks = [f'"type":"{t}"'.encode() for t in types]
    for line in iter_lines(path):
        if marks and not any(m in line for m in marks):
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and (not types or rec.get("type") in types):
            yield rec


def read_records(path: Path) -> list[dict[str, Any]]:
    """All complete records of a log (a torn last line is ignored)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_bytes().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
