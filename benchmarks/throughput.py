"""Throughput of the full pipeline on a realistic batch, against bare ``pdftotext`` as the floor.

Why separate from the tests: figures, not pass/fail.  Generates a batch of e-mail threads
and memos (reportlab, fictitious people from faker ``nl_NL``) outside the repository, then
runs ``python -m pipeline run`` with 1 and 2 workers (and optionally the Dask executor) and
prints, per run: pages/s end to end, pages per CPU-second (robust on a shared machine),
peak RSS of every worker process, the split of per-document time over the stages (from
the audit log), and the speed of ``pdftotext`` (poppler-utils) on the same files with the
same number of parallel processes, with the ratio between the two.

Usage: python benchmarks/throughput.py [--docs 200] [--pages 2000] [--workers 1,2]
                                       [--executors local[,dask]] [--dir /work/tmp-bench] [--json F]
Targets (issue 5): >= 25 pages/s end to end on 2 cores; RSS <= 1.5 GB per worker;
2 workers >= 1.8x one worker.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("extract", "detect", "decide", "redact", "verify")

SUBJECTS = [
    "Subsidieaanvraag pilot schuldhulpverlening",
    "Beantwoording Kamervragen over de Ziektewet",
    "Voorbereiding bestuurlijk overleg",
    "Concept kamerbrief arbeidsmarktkrapte",
    "Woo-verzoek planning",
    "Evaluatie regeling tegemoetkoming",
    "Overleg met UWV over de uitvoering",
    "Reactie op zienswijze",
]
SENTENCES = [
    "Naar aanleiding van ons gesprek van vanochtend stuur ik je hierbij de aangepaste versie van de notitie.",
    "{name} van {org} gaf aan dat de cijfers over het derde kwartaal pas eind {month} beschikbaar zijn.",
    "Minister {minister} wil de brief voor het commissiedebat tekenen; graag jullie reactie voor vrijdag.",
    "Kun je {name} vragen of de uitvoeringstoets al met {org} is afgestemd?",
    "De gemeente {city} heeft laten weten dat zij deelneemt aan de pilot.",
    "Ik heb {name} gebeld op {phone}, maar nog geen reactie gekregen.",
    "Zie de bijlage voor de planning; de juridische toets volgt later deze week.",
    "Staatssecretaris {minister} heeft gevraagd om een korte toelichting op de financiële gevolgen.",
    "Het overleg met {org} is verplaatst naar donderdag {day} {month} om 14.00 uur.",
    "Voor vragen kun je terecht bij {name} ({email}) of bij het algemene nummer van de afdeling.",
    "De reactie van {org} op de consultatie is positief, met enkele kanttekeningen over de uitvoerbaarheid.",
    "Wij stellen voor de evaluatie in {city} uit te voeren en de resultaten in het voorjaar te delen.",
    "Mevrouw {name} uit {city} heeft op {day} {month} een klacht ingediend over de afhandeling.",
    "Het dossier is besproken in het MT; er zijn geen bezwaren tegen openbaarmaking van de eindrapportage.",
]
ORGS = ["UWV", "SVB", "Movisie", "Divosa", "VNG", "de Inspectie SZW", "het CBS", "TNO", "Belastingdienst"]
MINISTERS = ["Van Gennip", "Schouten", "Koolmees", "Noorman", "Paternotte"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "september", "oktober", "november"]
LINES_PER_PAGE = 48
WIDTH = 92  # characters per line at 10 pt Helvetica between 72 pt margins


def _wrap(text: str) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > WIDTH:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return out + ([line] if line else [])


class Writer:
    """Fictitious, but shaped like Woo e-mail threads and memos: headers, names, contacts, officials."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)

    def person(self) -> tuple[str, str]:
        first, last = self.fake.first_name(), self.fake.last_name()
        mail = f"{first}.{last}".lower().replace(" ", "") + self.rng.choice(
            ["@minszw.nl", "@minbzk.nl", "@uwv.nl"]
        )
        return f"{first} {last}", mail

    def sentence(self) -> str:
        name, mail = self.person()
        return self.rng.choice(SENTENCES).format(
            name=name,
            email=mail,
            org=self.rng.choice(ORGS),
            minister=self.rng.choice(MINISTERS),
            city=self.fake.city(),
            phone=self.fake.phone_number(),
            month=self.rng.choice(MONTHS),
            day=self.rng.randint(1, 28),
        )

    def paragraph(self) -> list[str]:
        return _wrap(" ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))) + [""]

    def mail_lines(self, n_lines: int) -> list[str]:
        lines: list[str] = []
        subject = self.rng.choice(SUBJECTS)
        while len(lines) < n_lines:
            (sender, smail), (to, tmail) = self.person(), self.person()
            lines += [
                f"Van: {sender} <{smail}>",
                f"Verzonden: {self.rng.choice(['maandag', 'dinsdag', 'woensdag'])} {self.rng.randint(1, 28)} "
                f"{self.rng.choice(MONTHS)} 2023 {self.rng.randint(8, 18)}:{self.rng.randint(10, 59)}",
                f"Aan: {to} <{tmail}>",
                "CC: woo@minszw.nl",
                f"Onderwerp: RE: {subject}",
                "",
                f"Beste {to.split()[0]},",
                "",
            ]
            for _ in range(self.rng.randint(1, 3)):
                lines += self.paragraph()
            lines += [
                "Met vriendelijke groet,",
                sender,
                "Senior beleidsmedewerker",
                f"M {self.fake.phone_number()}",
                "",
            ]
        return lines[:n_lines]

    def memo_lines(self, n_lines: int) -> list[str]:
        author, mail = self.person()
        lines = [
            "Nota",
            f"Aan: de minister van SZW ({self.rng.choice(MINISTERS)})",
            f"Van: {author}",
            f"Datum: {self.rng.randint(1, 28)} {self.rng.choice(MONTHS)} 2023",
            f"Onderwerp: {self.rng.choice(SUBJECTS)}",
            f"Contactpersoon: {author}, {mail}",
            "",
        ]
        section = 1
        while len(lines) < n_lines:
            lines += [
                f"{section}. {self.rng.choice(['Aanleiding', 'Advies', 'Kern', 'Toelichting', 'Risico'])}"
            ]
            for _ in range(self.rng.randint(1, 3)):
                lines += self.paragraph()
            section += 1
        return lines[:n_lines]


def write_pdf(path: Path, lines: list[str], author: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setAuthor(author)
    for start in range(0, len(lines), LINES_PER_PAGE):
        c.setFont("Helvetica", 10)
        for i, line in enumerate(lines[start : start + LINES_PER_PAGE]):
            c.drawString(72, A4[1] - 82 - i * 14, line)
        c.showPage()
    c.save()


def generate(folder: Path, docs: int, pages: int, seed: int = 5) -> int:
    """Write ``docs`` PDFs totalling ``pages`` pages (1 to ~3x the mean each); return the page count."""
    if folder.is_dir() and (folder / "batch.json").is_file():
        meta = json.loads((folder / "batch.json").read_text())
        if meta == {"docs": docs, "pages": pages, "seed": seed}:
            return pages
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    weights = [rng.uniform(0.1, 3.0) for _ in range(docs)]
    sizes = [max(1, round(pages * w / sum(weights))) for w in weights]
    sizes[-1] = max(1, sizes[-1] + pages - sum(sizes))
    writer = Writer(seed)
    for i, n in enumerate(sizes, 1):
        kind = "mail" if i % 3 else "nota"
        lines = (
            writer.mail_lines(n * LINES_PER_PAGE) if kind == "mail" else writer.memo_lines(n * LINES_PER_PAGE)
        )
        sub = folder / f"{kind}s"
        sub.mkdir(exist_ok=True)
        write_pdf(sub / f"{kind}-{i:04d}.pdf", lines, writer.person()[0])
    (folder / "batch.json").write_text(json.dumps({"docs": docs, "pages": pages, "seed": seed}))
    return sum(sizes)


def _kind(cmd: str, root: bool) -> str:
    """main (the CLI), tracker (multiprocessing's resource tracker), nanny (Dask) or worker."""
    if root:
        return "main"
    if "resource_tracker" in cmd:
        return "tracker"
    if "forkserver" in cmd or "nanny" in cmd:
        return "nanny"
    return "worker"


class RssWatcher(threading.Thread):
    """Polls the process tree of ``pid``: peak RSS per process (the workers) and its command."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak: dict[int, int] = defaultdict(int)
        self.kind: dict[int, str] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    if p.pid not in self.kind:
                        cmd = " ".join(p.cmdline())
                        self.kind[p.pid] = _kind(cmd, p.pid == self.root.pid)
                except psutil.Error:
                    continue
                self.peak[p.pid] = max(self.peak[p.pid], rss)
            self.stop.wait(self.interval)


def run_pipeline(batch: Path, out: Path, workers: int, executor: str, extra: list[str] | None = None) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "pipeline", "run", str(batch), "--out", str(out), "--quiet", *(extra or [])]
    cmd += ["--executor", "dask"] if executor == "dask" else ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watch = RssWatcher(proc.pid)
    watch.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    watch.stop.set()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pipeline failed ({proc.returncode}): {err[-2000:]}")
    recs = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = [r for r in recs if r.get("type") == "document"]  # a document processed twice has two
    last = {r["document"]: r for r in docs}
    pages = sum(r.get("pages", 0) for r in last.values())
    stage = defaultdict(float)
    for r in docs:
        for k, v in (r.get("stage_seconds") or {}).items():
            stage[k] += v
    doc_seconds = sum(r.get("seconds", 0.0) for r in docs)
    stage["other"] = max(0.0, doc_seconds - sum(stage.values()))
    statuses = defaultdict(int)
    for r in last.values():
        statuses[r["status"]] += 1
    rss = {f"{watch.kind.get(pid, '?')}-{pid}": round(v / 2**20) for pid, v in sorted(watch.peak.items())}
    return {
        "executor": executor,
        "workers": workers,
        "documents": len(last),
        "redone": len(docs) - len(last),
        "pages": pages,
        "statuses": dict(statuses),
        "wall_s": round(wall, 1),
        "pages_per_s": round(pages / wall, 2),
        "cpu_s": round(cpu, 1),
        "pages_per_cpu_s": round(pages / cpu, 2) if cpu else None,
        "doc_seconds": round(doc_seconds, 1),
        "stage_share": {k: round(v / doc_seconds, 3) for k, v in stage.items()} if doc_seconds else {},
        "stage_s_per_page": {k: round(v / pages, 4) for k, v in stage.items()} if pages else {},
        "peak_rss_mb": rss,
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def run_pdftotext(files: list[Path], parallel: int) -> dict:
    """The floor: text extraction alone, one pdftotext process per file, ``parallel`` at a time."""
    exe = shutil.which("pdftotext")
    if not exe:
        return {"error": "pdftotext not found: apt-get install poppler-utils"}

    def one(path: Path) -> None:
        subprocess.run([exe, "-q", "-layout", str(path), "-"], stdout=subprocess.DEVNULL, check=False)

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, files))
    return {"parallel": parallel, "wall_s": round(time.perf_counter() - t0, 2)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (local executor)")
    ap.add_argument("--executors", default="local", help="local and/or dask (2-worker LocalCluster)")
    ap.add_argument("--dir", type=Path, default=Path("/work/tmp-bench"))
    ap.add_argument("--json", type=Path, default=None, help="also write all figures to this file")
    ap.add_argument("--fast-verify", action="store_true", help="pass --fast-verify to the pipeline")
    args = ap.parse_args(argv)

    batch = args.dir / f"batch-{args.docs}x{args.pages}"
    t = time.perf_counter()
    pages = generate(batch, args.docs, args.pages)
    files = sorted(batch.rglob("*.pdf"))
    print(
        f"batch: {len(files)} documents, {pages} pages in {batch} ({time.perf_counter() - t:.0f} s to build)"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (shared: see load per run)")

    runs = []
    plan = [("local", int(w)) for w in args.workers.split(",")]
    if "dask" in args.executors.split(","):
        plan.append(("dask", 2))
    for executor, workers in plan:
        extra = ["--fast-verify"] if args.fast_verify else []
        res = run_pipeline(batch, args.dir / f"run-{executor}-{workers}", workers, executor, extra)
        floor = run_pdftotext(files, workers)
        if "wall_s" in floor:
            floor["pages_per_s"] = round(pages / floor["wall_s"], 1)
            res["pdftotext"] = floor
            res["pdftotext_ratio"] = round(floor["pages_per_s"] / res["pages_per_s"], 1)
        runs.append(res)
        print(json.dumps(res, ensure_ascii=False))
    base = next((r for r in runs if r["executor"] == "local" and r["workers"] == 1), None)
    print()
    print("| run | pages/s | pages/CPU-s | peak RSS per worker (MB) | pdftotext p/s | floor ratio | load |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        workers = [v for k, v in r["peak_rss_mb"].items() if k.startswith("worker")]
        rss = f"{max(workers)} (max of {len(workers)} processes)" if workers else "-"
        floor = r.get("pdftotext", {}).get("pages_per_s", "-")
        ratio = f"1/{r['pdftotext_ratio']}" if "pdftotext_ratio" in r else "-"
        print(
            f"| {r['executor']} x{r['workers']} | {r['pages_per_s']} | {r['pages_per_cpu_s']} | {rss} "
            f"| {floor} | {ratio} | {r['load_before']}→{r['load_after']} |"
        )
    if base:
        for r in runs:
            if r is not base:
                up = r["pages_per_s"] / base["pages_per_s"]
                print(f"speed-up {r['executor']} x{r['workers']} vs local x1: {up:.2f}x")
        print(
            "stage split (share of per-document time, local x1): "
            + ", ".join(f"{k} {v:.0%}" for k, v in base["stage_share"].items())
        )
    if args.json:
        args.json.write_text(json.dumps({"pages": pages, "documents": len(files), "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
