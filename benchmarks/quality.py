"""Redaction quality on the development corpus: leaks, must-keep retention, other words, metadata.

Why separate from the tests: figures, not pass/fail.  The corpus (``benchmarks/corpus.py``)
carries gold spans from its generator; this script runs ``python -m pipeline run`` on the
corpus PDFs and reads the OUTPUT PDFs with pypdfium2 (independent of the pipeline's
pdfplumber) and pikepdf (metadata):

- leak rate per type: a gold string to redact still present (exact, whitespace and line-end
  hyphenation normalised); for names also any surviving surname token (a token that also
  occurs in the document outside the gold spans is not counted: it cannot tell);
- must-keep retention per kind (officials, organisations, places, functional mailboxes);
- retention of all other words (tokens outside every gold span);
- metadata leaks: output Info/XMP or file name containing a gold name or the fictitious Author.

Usage: python benchmarks/quality.py [--eval] [--corpus DIR] [--out DIR] [--workers N] [--no-run] [--json F]

``--eval`` scores the generalisation corpus (``benchmarks/evalcorpus.py``): the dev part and the
frozen test part are reported apart (never pooled), each per body, per genre and per origin of
the gold span (a refilled slot of the real text, an inserted synthetic item, a synthetic document).
It ends each part with leak per identifier type and retention per near-miss type (the inserted
items of ``benchmarks/eval_identifiers.py``: detainee numbers, paraphs, ... and case numbers, postcodes, ...).
Targets (issue 4): leak <= 1% overall, <= 0.5% for names and e-mail addresses; must-keep
>= 98%; other words >= 99%; zero metadata leaks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from corpus import KEEP_LABELS, CorpusDoc, build_corpus, read_gold  # noqa: E402

WORK = Path("/work/tmp-quality")
WORD_RE = re.compile(r"\w+(?:[-'.@]\w+)*", re.UNICODE)


def normalise(text: str) -> str:
    """One space for any whitespace run; words split by line-end hyphenation joined again."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x02", "")
    text = re.sub(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])", "", text)
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path) -> str:
    """All text of a PDF as pypdfium2 reads it (not the extractor the pipeline uses)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for page in pdf:
            tp = page.get_textpage()
            parts.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(parts)
    finally:
        pdf.close()


def pdf_metadata(path: Path) -> str:
    """Info dictionary and XMP of a PDF as one string (pikepdf)."""
    import pikepdf

    with pikepdf.open(str(path)) as pdf:
        parts = [f"{k}={v}" for k, v in pdf.docinfo.items()]
        meta = pdf.Root.get("/Metadata")
        if meta is not None:
            parts.append(meta.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def contains(hay: str, needle: str) -> bool:
    """Exact (normalised) occurrence; word boundaries when the needle starts/ends with a word char."""
    n = normalise(needle)
    if not n:
        return False
    pat = (r"(?<!\w)" if n[0].isalnum() else "") + re.escape(n) + (r"(?!\w)" if n[-1].isalnum() else "")
    return re.search(pat, hay) is not None


def count(hay: str, needle: str) -> int:
    n = normalise(needle)
    pat = (r"(?<!\w)" if n[:1].isalnum() else "") + re.escape(n) + (r"(?!\w)" if n[-1:].isalnum() else "")
    return len(re.findall(pat, hay)) if n else 0


@dataclass
class Score:
    gold: Counter = field(default_factory=Counter)
    exact: Counter = field(default_factory=Counter)
    surname: Counter = field(default_factory=Counter)
    leaked: Counter = field(default_factory=Counter)
    keep_total: Counter = field(default_factory=Counter)
    keep_kept: Counter = field(default_factory=Counter)
    other_total: int = 0
    other_kept: int = 0
    meta_leaks: int = 0
    docs: int = 0
    released: int = 0
    misses: list[dict] = field(default_factory=list)  # leaks and lost keeps, for the analysis
    lost_words: Counter = field(default_factory=Counter)
    by_genre: dict = field(default_factory=lambda: defaultdict(Counter))
    by_origin: dict = field(default_factory=lambda: defaultdict(Counter))  # refill / insert / synthetic


def merge(into: Score, other: Score) -> Score:
    """Add ``other``'s counts to ``into`` (figures per split, body, genre from per-document scores)."""
    for name in ("gold", "exact", "surname", "leaked", "keep_total", "keep_kept", "lost_words"):
        getattr(into, name).update(getattr(other, name))
    for name in ("other_total", "other_kept", "meta_leaks", "docs", "released"):
        setattr(into, name, getattr(into, name) + getattr(other, name))
    into.misses.extend(other.misses)
    for name in ("by_genre", "by_origin"):
        for k, c in getattr(other, name).items():
            getattr(into, name)[k].update(c)
    return into


def score_doc(doc: CorpusDoc, out_pdf: Path | None, sc: Score, out_name: str = "") -> None:
    """Add one document's figures to ``sc``; a document not released counts as not scored."""
    sc.docs += 1
    if out_pdf is None or not out_pdf.is_file():
        sc.misses.append({"doc": doc.name, "kind": "not-released"})
        return
    sc.released += 1
    out = normalise(pdf_text(out_pdf))
    redact = doc.redact_spans()
    # Text outside the spans to redact: a surname token found there cannot show a leak.
    rest = list(doc.text)
    for s in redact:
        rest[s.start : s.end] = " " * (s.end - s.start)
    rest_text = normalise("".join(rest))
    for s in redact:
        sc.gold[s.label] += 1
        sc.by_genre[doc.genre]["gold"] += 1
        sc.by_origin[s.origin or "-"]["gold"] += 1
        exact = contains(out, s.value)
        sur = False
        if s.label == "PER" and not exact and s.person is not None and s.person < len(doc.persons):
            for tok in doc.persons[s.person]["surname_tokens"]:
                if tok in s.value and contains(out, tok) and not contains(rest_text, tok):
                    sur = True
        sc.exact[s.label] += exact
        sc.surname[s.label] += sur
        if exact or sur:
            sc.leaked[s.label] += 1
            sc.by_genre[doc.genre]["leaked"] += 1
            sc.by_origin[s.origin or "-"]["leaked"] += 1
            ctx = doc.text[max(0, s.start - 40) : s.end + 25].replace("\n", " / ")
            sc.misses.append(
                {
                    "doc": doc.name,
                    "kind": "leak",
                    "label": s.label,
                    "value": s.value,
                    "how": "exact" if exact else "surname",
                    "context": ctx,
                }
            )
    # Must keep: per distinct value, min(spans, occurrences in the output).
    keep_by: dict[tuple[str, str], int] = Counter((s.label, s.value) for s in doc.spans if s.action == "keep")
    for (label, value), n in keep_by.items():
        got = min(n, count(out, value))
        sc.keep_total[label] += n
        sc.keep_kept[label] += got
        if got < n:
            sc.misses.append(
                {"doc": doc.name, "kind": "keep-lost", "label": label, "value": value, "lost": n - got}
            )
    # Other words: tokens outside all gold spans.
    other = list(doc.text)
    for s in doc.spans:
        other[s.start : s.end] = " " * (s.end - s.start)
    want = Counter(WORD_RE.findall(normalise("".join(other))))
    have = Counter(WORD_RE.findall(out))
    sc.other_total += sum(want.values())
    for w, n in want.items():
        got = min(n, have.get(w, 0))
        sc.other_kept += got
        if got < n:
            sc.lost_words[w] += n - got
    # Metadata and file name.
    meta = pdf_metadata(out_pdf)
    names = {doc.author} | {s.value for s in redact if s.label in ("PER", "EMAIL")}
    names |= {t for p in doc.persons for t in p["surname_tokens"]}
    hits = sorted(n for n in names if n and (contains(normalise(meta), n) or contains(out_name, n)))
    if hits:
        sc.meta_leaks += 1
        sc.misses.append({"doc": doc.name, "kind": "metadata", "values": hits})


def pct(a: float, b: float) -> float:
    return 100.0 * a / b if b else 0.0


def report(sc: Score) -> tuple[str, dict]:
    lines = [
        f"documents: {sc.docs}, released: {sc.released}",
        "",
        f"{'type':<18}{'gold':>6}{'exact':>7}{'surname':>9}{'leak %':>8}",
    ]
    for label in sorted(sc.gold, key=lambda k: -sc.gold[k]):
        lines.append(
            f"{label:<18}{sc.gold[label]:>6}{sc.exact[label]:>7}{sc.surname[label]:>9}"
            f"{pct(sc.leaked[label], sc.gold[label]):>8.2f}"
        )
    tot, leaked = sum(sc.gold.values()), sum(sc.leaked.values())
    lines.append(
        f"{'all':<18}{tot:>6}{sum(sc.exact.values()):>7}{sum(sc.surname.values()):>9}{pct(leaked, tot):>8.2f}"
    )
    lines += ["", f"{'must keep':<14}{'gold':>6}{'kept':>7}{'kept %':>8}"]
    for label in KEEP_LABELS + tuple(sorted(k for k in sc.keep_total if k not in KEEP_LABELS)):
        if sc.keep_total[label]:
            lines.append(
                f"{label:<14}{sc.keep_total[label]:>6}{sc.keep_kept[label]:>7}"
                f"{pct(sc.keep_kept[label], sc.keep_total[label]):>8.2f}"
            )
    kt, kk = sum(sc.keep_total.values()), sum(sc.keep_kept.values())
    lines.append(f"{'all':<14}{kt:>6}{kk:>7}{pct(kk, kt):>8.2f}")
    lines += [
        "",
        f"other words: {sc.other_kept}/{sc.other_total} kept ({pct(sc.other_kept, sc.other_total):.2f}%)",
        f"metadata/file-name leaks: {sc.meta_leaks} documents",
        "",
        "leak % by genre: "
        + ", ".join(
            f"{g} {pct(c['leaked'], c['gold']):.1f}% of {c['gold']}" for g, c in sorted(sc.by_genre.items())
        ),
    ]
    figures = {
        "leak": pct(leaked, tot),
        "names": pct(sc.leaked["PER"], sc.gold["PER"]),
        "email": pct(sc.leaked["EMAIL"], sc.gold["EMAIL"]),
        "keep": pct(kk, kt),
        "other": pct(sc.other_kept, sc.other_total),
        "meta": sc.meta_leaks,
        "released": sc.released,
        "documents": sc.docs,
    }
    lines += [
        "",
        "quality: leak={leak:.2f}% names={names:.2f}% email={email:.2f}% keep={keep:.2f}% "
        "other={other:.2f}% meta={meta}".format(**figures),
    ]
    return "\n".join(lines), figures


SPLIT_NOTE = {
    "dev": "dev: may be looked at and tuned on",
    "test": "test: FROZEN, report only (never tune on it)",
}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson interval of a rate in percent: on a few hundred spans, 0 leaks is not "0%"."""
    if not n:
        return 0.0, 100.0
    p = k / n
    mid = p + z * z / (2 * n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    return 100 * max(0.0, (mid - half) / (1 + z * z / n)), 100 * min(1.0, (mid + half) / (1 + z * z / n))


def _interval(name: str, k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{name} {pct(k, n):.2f}% [{lo:.2f}, {hi:.2f}] of {n}"


def _rate(a: int, b: int) -> str:
    return f"{pct(a, b):>8.2f}" if b else f"{'-':>8}"


def _row(name: str, sc: Score) -> str:
    tot, leaked = sum(sc.gold.values()), sum(sc.leaked.values())
    kt, kk = sum(sc.keep_total.values()), sum(sc.keep_kept.values())
    return (
        f"{name:<16}{sc.docs:>5}{sc.released:>5}{tot:>6}{_rate(leaked, tot)}"
        f"{sc.gold['PER']:>6}{_rate(sc.leaked['PER'], sc.gold['PER'])}{kt:>6}{_rate(kk, kt)}"
        f"{_rate(sc.other_kept, sc.other_total)}{sc.meta_leaks:>5}"
    )


def group_table(title: str, groups: dict[str, Score]) -> list[str]:
    """One line per group: documents, released, leak %, names leak %, must-keep %, other words %, meta."""
    head = (
        f"{title:<16}{'docs':>5}{'rel':>5}{'gold':>6}{'leak%':>8}{'PER':>6}{'names%':>8}{'keep':>6}"
        f"{'keep%':>8}{'other%':>8}{'meta':>5}"
    )
    return [head] + [_row(k, groups[k]) for k in sorted(groups)]


def type_table(sc: Score) -> tuple[list[str], dict]:
    """Leak per identifier type and retention per near-miss type (the inserted items of issue 16)."""
    from eval_identifiers import ID_GROUNDS, NEAR_MISS_LABELS

    head = f"{'identifier':<18}{'gold':>6}{'leaked':>8}{'leak%':>8}"
    lines = [f"{head}   {'near-miss':<10}{'gold':>6}{'kept':>6}{'keep%':>8}"]
    figures: dict = {"leak": {}, "keep": {}}
    ids = [k for k in ID_GROUNDS if sc.gold[k]]
    keeps = [k for k in NEAR_MISS_LABELS if sc.keep_total[k]]
    for i in range(max(len(ids), len(keeps))):
        left = right = ""
        if i < len(ids):
            k = ids[i]
            left = f"{k:<18}{sc.gold[k]:>6}{sc.leaked[k]:>8}{_rate(sc.leaked[k], sc.gold[k])}"
            figures["leak"][k] = [sc.leaked[k], sc.gold[k]]
        if i < len(keeps):
            k = keeps[i]
            right = (
                f"{k:<10}{sc.keep_total[k]:>6}{sc.keep_kept[k]:>6}{_rate(sc.keep_kept[k], sc.keep_total[k])}"
            )
            figures["keep"][k] = [sc.keep_kept[k], sc.keep_total[k]]
        lines.append(f"{left:<40}   {right}".rstrip())
    return lines, figures


def report_splits(docs: list[CorpusDoc], scores: list[Score]) -> tuple[str, dict]:
    """The full report per split, then per body and per genre, and leak by where the gold came from."""
    parts: list[str] = []
    figures: dict = {}
    for split in sorted({d.split for d in docs}):
        idx = [i for i, d in enumerate(docs) if d.split == split]
        whole = Score()
        by_body: dict[str, Score] = defaultdict(Score)
        by_genre: dict[str, Score] = defaultdict(Score)
        for i in idx:
            merge(whole, scores[i])
            merge(by_body[docs[i].body], scores[i])
            merge(by_genre[docs[i].genre], scores[i])
        text, fig = report(whole)
        types, fig["by_type"] = type_table(whole)
        origin = ", ".join(
            f"{o} {pct(c['leaked'], c['gold']):.2f}% of {c['gold']}"
            for o, c in sorted(whole.by_origin.items())
        )
        tot, kt = sum(whole.gold.values()), sum(whole.keep_total.values())
        kept_lost = kt - sum(whole.keep_kept.values())
        intervals = "; ".join(
            [
                _interval("leak", sum(whole.leaked.values()), tot),
                _interval("names", whole.leaked["PER"], whole.gold["PER"]),
                _interval("must-keep lost", kept_lost, kt),
            ]
        )
        parts += [
            f"===== split {split} ({SPLIT_NOTE.get(split, split)}) =====",
            text.replace("quality:", f"quality[{split}]:"),
            "",
            f"95% intervals (Wilson): {intervals}",
            f"leak % by origin of the gold span: {origin}",
            (
                "other words lost most: " + ", ".join(f"{w} {n}" for w, n in whole.lost_words.most_common(20))
                if split != "test"
                else "other words lost most: not listed for the frozen test part"
            ),
            "",
            *group_table("by body", by_body),
            "",
            *group_table("by genre", by_genre),
            "",
            *types,
            "",
        ]
        fig["by_body"] = {k: report(v)[1] for k, v in by_body.items()}
        fig["by_genre"] = {k: report(v)[1] for k, v in by_genre.items()}
        fig["by_origin"] = {o: pct(c["leaked"], c["gold"]) for o, c in whole.by_origin.items()}
        fig["leak_interval"] = wilson(sum(whole.leaked.values()), tot)
        figures[split] = fig
    return "\n".join(parts), figures


def outputs_by_input(run_dir: Path) -> dict[str, str]:
    """input sha256 -> output path (relative to documents/) of released documents, from the audit log."""
    found: dict[str, str] = {}
    for ln in (run_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(ln)
        if rec.get("type") == "document" and rec.get("status") == "released":
            found[rec["input_sha256"]] = rec["output"]
    return found


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="built if gold.jsonl is missing")
    ap.add_argument(
        "--eval",
        action="store_true",
        help="the generalisation corpus (benchmarks/evalcorpus.py): dev and frozen test reported apart",
    )
    ap.add_argument("--out", type=Path, default=WORK / "run", help="pipeline output folder")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--no-run", action="store_true", help="score an existing --out without running the pipeline"
    )
    ap.add_argument("--misses", type=Path, help="write every miss (synthetic values) as JSON lines here")
    ap.add_argument("--json", type=Path, help="write the summary figures as JSON here")
    args = ap.parse_args(argv)
    if args.corpus is None:
        args.corpus = WORK / ("eval-corpus" if args.eval else "corpus")
    if not (args.corpus / "gold.jsonl").is_file():
        print(f"building the corpus into {args.corpus} ...", file=sys.stderr)
        if args.eval:
            import evalcorpus

            evalcorpus.build(args.corpus)
        else:
            build_corpus(args.corpus)
    docs = read_gold(args.corpus)
    if not args.no_run:
        cmd = [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(args.corpus),
            "--out",
            str(args.out),
            "--workers",
            str(args.workers),
            "--quiet",
        ]
        rc = subprocess.run(cmd, cwd=ROOT).returncode
        if rc not in (0, 1):
            print(f"pipeline run failed with exit code {rc}", file=sys.stderr)
            return rc
    outputs = outputs_by_input(args.out)
    scores: list[Score] = []
    for doc in docs:
        rel = outputs.get(sha256(args.corpus / doc.name))
        scores.append(Score())
        score_doc(doc, args.out / "documents" / rel if rel else None, scores[-1], rel or "")
    sc = Score()
    for one in scores:
        merge(sc, one)
    if any(d.split for d in docs):  # the generalisation corpus: dev and frozen test apart, never pooled
        text, figures = report_splits(docs, scores)
    else:
        text, figures = report(sc)
    print(text)
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as fh:
            for m in sc.misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
            fh.write(
                json.dumps({"kind": "lost-words", "top": sc.lost_words.most_common(60)}, ensure_ascii=False)
                + "\n"
            )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
