"""The batch's terms, kept across runs: every document's names reach every rerun.

Batch consistency (pipeline.twopass.TwoPasses) redacts in each document what any document
of the batch redacts.  A rerun skips the documents an earlier run released; without
their terms, a document redone on the rerun (it failed, or was interrupted) would be
redacted without the names of the rest of the batch and could be released with a name
readable that the batch redacts elsewhere.  So each document's terms are kept here, one
small JSON file per input (named like the work files: by input, rules, model and
extractor sha256), in ``DIR/.woo-redact/terms/``.

The files hold personal data in plain text (the redacted names): the folder is private
(mode 0700) like the rest of ``.woo-redact/``; entries of inputs no longer in the batch
are removed at the end of each completed run; delete the folder with the output folder.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.safetext import json_dumps


class TermsStore:
    """One JSON file of batch terms per input document; ``name_for(sha256)`` gives its file name."""

    def __init__(self, folder: Path, name_for: Callable[[str], Path | str]) -> None:
        self.folder = folder
        self._name_for = name_for
        self._kept: set[str] = set()  # file names of this batch's documents

    def _path(self, input_sha256: str) -> Path:
        return self.folder / Path(self._name_for(input_sha256)).name

    def keep(self, input_sha256: str) -> None:
        """Mark a document as part of this batch (its entry survives ``prune``)."""
        self._kept.add(self._path(input_sha256).name)

    def load(self, input_sha256: str) -> list[list[str]] | None:
        """The document's terms, or None when none were stored (or the file is damaged)."""
        self.keep(input_sha256)
        try:
            data = json.loads(self._path(input_sha256).read_text(encoding="utf-8"))
            terms = data["batch_terms"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return terms if isinstance(terms, list) else None

    def save(self, input_sha256: str, terms: Iterable) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self._path(input_sha256)
        tmp = path.with_name(f".{uuid.uuid4().hex}.part")
        tmp.write_text(json_dumps({"batch_terms": [list(t) for t in terms]}), encoding="utf-8")
        os.replace(tmp, path)
        self._kept.add(path.name)

    def prune(self) -> None:
        """Remove entries of documents that are no longer part of the batch (after a completed run)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self._kept:
                path.unlink(missing_ok=True)
