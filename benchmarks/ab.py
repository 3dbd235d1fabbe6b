"""Compare the speed of two checkouts fairly on a shared machine: run them at the same time.

A shared 2-core VM changes speed by tens of percent from one minute to the next (a fixed
Python loop took 1.35-2.57 s within ten minutes), so two throughput runs one after the
other cannot tell a 10% gain from the weather.  Run side by side, one worker each, both
see the same machine: the same code on both sides gives the same figure within ~1%.

Usage: python benchmarks/ab.py OTHER_CHECKOUT [--docs 60 --pages 600] [--thorough]
(``git worktree add /tmp/base <commit>`` makes a checkout; models/ must hold its model.)
Prints pages/s and the stage split per page for this checkout (A) and the other (B).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="the other checkout (a git worktree)")
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--thorough", action="store_true", help="default verification instead of --fast-verify")
    ap.add_argument("--dir", type=Path, default=Path("/work/tmp-bench"), help="where the batch is built")
    args = ap.parse_args(argv)

    common = ["--docs", str(args.docs), "--pages", str(args.pages), "--workers", "1", "--executors", "local"]
    if not args.thorough:
        common.append("--fast-verify")
    # Build (or reuse) the batch once, so neither side spends its time generating it.
    from throughput import generate  # benchmarks/ is on sys.path when run as a script

    batch = args.dir / f"batch-{args.docs}x{args.pages}"
    generate(batch, args.docs, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        procs = {}
        for side, root in (("A", ROOT), ("B", args.other.resolve())):
            side_dir = Path(tmp) / side
            side_dir.mkdir()
            (side_dir / batch.name).symlink_to(batch.resolve())
            out = side_dir / "result.json"
            cmd = [sys.executable, "benchmarks/throughput.py", *common]
            cmd += ["--dir", str(side_dir), "--json", str(out)]
            procs[side] = (subprocess.Popen(cmd, cwd=root, stdout=subprocess.DEVNULL), out, root)
        for side, (proc, out, root) in procs.items():
            proc.wait()
            run = json.loads(out.read_text())["runs"][0]
            stages = {k: round(v * 1000, 1) for k, v in run["stage_s_per_page"].items()}
            print(f"{side} {root}: {run['pages_per_s']} pages/s, {run['statuses']}, ms/page {stages}")


if __name__ == "__main__":
    main()
