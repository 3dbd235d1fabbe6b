"""Headless LibreOffice: one conversion per call, each with a profile of its own and a timeout.

A fresh profile per call means two conversions never share (or lock) a profile and a
crashed conversion leaves nothing behind for the next.  Macros are never run: the
documents are only loaded and exported, with LibreOffice's default macro security.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline.formats import FormatError
from pipeline.status import Status

TIMEOUT = 180.0  # seconds per conversion


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise FormatError(
            Status.UNREADABLE,
            "LibreOffice is not installed (apt-get install libreoffice-writer-nogui "
            "libreoffice-calc-nogui libreoffice-impress-nogui)",
        )
    return exe


@lru_cache(maxsize=1)
def version() -> str:
    """``LibreOffice 7.4.7.2 ...`` for the audit log."""
    try:
        done = subprocess.run([soffice(), "--version"], capture_output=True, text=True, timeout=60)
        return done.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError, FormatError):
        return "unknown"


def convert(src: Path, outdir: Path, target: str, timeout: float = TIMEOUT) -> Path:
    """Convert ``src`` into ``outdir`` (``target`` as for ``--convert-to``); the file made."""
    outdir.mkdir(parents=True, exist_ok=True)
    ext = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="lo-profile-", dir=outdir) as profile:
        cmd = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ]
        env = {**os.environ, "HOME": profile, "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice.bin and its helpers, started by this call only
            proc.communicate()
            reason = f"LibreOffice took longer than {timeout:.0f} s to convert it"
            raise FormatError(Status.FAILED, reason) from None
    made = outdir / f"{src.stem}.{ext}"
    if not made.is_file() or made.stat().st_size == 0:
        raise FormatError(
            Status.UNREADABLE, "LibreOffice could not convert it (damaged or not an Office file)"
        )
    return made
