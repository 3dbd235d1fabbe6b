"""Inventory IDs are unique: same-named files in two folders get two IDs, and `verify` agrees."""

import csv
import subprocess
import sys

from pdfs import text_pdf


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=600
    )


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path):
    src = tmp_path / "in"
    for folder, topic in (("2023", "de begroting"), ("2024", "het jaarplan")):
        (src / folder).mkdir(parents=True)
        text_pdf(src / folder / "memo.pdf", [f"Memo over {topic} van de directie."], author=None)
    text_pdf(src / "brief.pdf", ["Brief over de planning van het project."], author=None)
    out = tmp_path / "out"
    proc = _run("run", str(src), "--out", str(out), "--workers", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    ids = {r["Bestand"]: r["ID"] for r in rows}
    assert ids == {"2023/memo.pdf": "2023/memo", "2024/memo.pdf": "2024/memo", "brief.pdf": "brief"}
    check = _run("verify", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
