"""One writer per output folder: a second ``woo-redact review`` on the same folder is refused.

An advisory ``flock`` on ``DIR/.woo-redact/review.lock``: the kernel releases it when
the process ends, however it ends, so a crashed session never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from pipeline.errors import ConfigError


def acquire(out_dir: Path) -> IO[str]:
    """Hold the folder's review lock for as long as the returned file stays open."""
    path = out_dir / ".woo-redact" / "review.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        holder = fh.read().strip() or "?"
        fh.close()
        raise ConfigError(
            f"{out_dir} is already open in another 'woo-redact review' (pid {holder}): close that one first"
        ) from None
    fh.seek(0)
    fh.truncate()
    fh.write(str(os.getpid()))
    fh.flush()
    return fh
