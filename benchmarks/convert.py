"""Conversion time per input type: the triage stage only (no detection, no redaction).

    python benchmarks/convert.py [--repeat 3]

Builds small but realistic inputs (an e-mail with a .docx attachment, a .docx with
comments and tracked changes, a .xlsx with a hidden sheet, a .pptx with notes, an .odt)
and times ``format.prepare`` on each with an empty store, then once more with the store
filled (a rerun).  Figures go in benchmarks/README.md; the test suite never asserts them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's pipeline, the tests' builders

from natives import docx_file, eml_message, pptx_file, xlsx_file  # noqa: E402

from pipeline.formats import format_for  # noqa: E402

TEXT = "Verslag van het overleg over de pilot met Movisie. " * 40
HIDDEN = {"comment": "Bel Willem de Boer.", "tracked_insert": "Met Anna Smit.", "author": "Sanne Bakker"}


def build(folder: Path) -> list[Path]:
    docx = docx_file(folder / "verslag.docx", TEXT, HIDDEN)
    xlsx = xlsx_file(folder / "overzicht.xlsx", {"sheet": "Henk Pieters", "comment": "Willem de Boer"})
    pptx = pptx_file(folder / "presentatie.pptx", {"notes": "Willem de Boer", "hidden_slide": "Henk Pieters"})
    mail = eml_message(
        "Overleg",
        "Sanne Bakker <sanne.bakker@minszw.nl>",
        "Kees de Vries <kees.devries@minszw.nl>",
        "Beste Kees,\n\n" + TEXT,
        message_id="<a@minszw.nl>",
        attachments=[("verslag.docx", docx.read_bytes(), "application/octet-stream")],
    )
    plain = eml_message("Kort", "a@b.nl", "c@d.nl", "Beste Kees,\n\n" + TEXT, message_id="<b@minszw.nl>")
    (folder / "met-bijlage.eml").write_bytes(mail.as_bytes())
    (folder / "zonder-bijlage.eml").write_bytes(plain.as_bytes())
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--convert-to", "odt", "--outdir", str(folder), str(docx)],
            capture_output=True, timeout=300, check=True,
        )  # fmt: skip
    return [
        folder / "zonder-bijlage.eml",
        folder / "met-bijlage.eml",
        docx,
        folder / "verslag.odt",
        xlsx,
        pptx,
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        inputs = build(tmp)
        print(f"{'input':<22} {'first (s)':>10} {'rerun (s)':>10} {'PDFs':>5}")
        for path in inputs:
            fmt = format_for(path)
            firsts, reruns, made = [], [], 0
            for i in range(args.repeat):
                work = tmp / f"work-{path.name}-{i}"
                t = time.perf_counter()
                made = len(fmt.prepare(path, path.name, work))
                firsts.append(time.perf_counter() - t)
                t = time.perf_counter()
                fmt.prepare(path, path.name, work)
                reruns.append(time.perf_counter() - t)
            first, rerun = statistics.median(firsts), statistics.median(reruns)
            print(f"{path.name:<22} {first:>10.2f} {rerun:>10.3f} {made:>5}")


if __name__ == "__main__":
    main()
