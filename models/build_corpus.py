"""Build the NER training/dev/test corpora from ../shared data and our generators.

Why a script: the model must be rebuildable by anyone from the same inputs, and
the real Woo texts may not enter the repository.  Everything here is
deterministic (fixed seeds, hash-based split), so rerunning it gives the same
DocBins.  Only small files of split assignments and marker offsets are written
into the repository (``models/data/``).

Split (fixed, by publication, never by sentence):
- Woo texts: publication slug -> sha1(slug) mod 10: 0 = test, 1 = dev, else train.
- Europeana (one running file of newspaper pages): contiguous thirds by position,
  sentences 0-80% train, 80-90% dev, 90-100% test (pages stay together).

Usage: python -m models.build_corpus --shared ../shared --out /work/tmp-ner/corpus [--scale 1.0]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from models.synth.refill import MARKER_RE, find_markers, refill
from models.synth.templates import compose, tag_known

NER_LABELS = ("PER", "ORG", "LOC")
REPO_DATA = Path(__file__).resolve().parent / "data"


def woo_split(slug: str) -> str:
    """The fixed split of one publication."""
    h = int(hashlib.sha1(slug.encode()).hexdigest(), 16) % 10
    return "test" if h == 0 else "dev" if h == 1 else "train"


def read_woo(path: Path) -> str:
    """Document text without its YAML header."""
    t = path.read_text(encoding="utf-8", errors="replace")
    if t.startswith("---"):
        end = t.find("\n---", 3)
        if end > 0:
            t = t[end + 4 :]
    return t.replace("\x00", "")


def make_doc(nlp, text: str, spans) -> Doc | None:
    """A Doc with NER gold for PER/ORG/LOC spans (others, e.g. EMAIL, stay outside)."""
    doc = nlp.make_doc(text)
    ents = []
    for start, end, label, _v in spans:
        if label not in NER_LABELS:
            continue
        sp = doc.char_span(start, end, label=label, alignment_mode="contract")
        if sp is None or len(sp) == 0:
            continue
        ents.append(sp)
    ents = spacy.util.filter_spans(ents)
    doc.set_ents(ents, default="outside")
    return doc


def _windows(text: str, spans, width: int = 350) -> list[tuple[int, int]]:
    """Merged character windows around spans, snapped to line starts/ends."""
    wins: list[list[int]] = []
    for s, e, _l, _v in spans:
        a = text.rfind("\n", 0, max(0, s - width)) + 1
        b = text.find("\n", e + width)
        b = len(text) if b < 0 else b
        if wins and a <= wins[-1][1]:
            wins[-1][1] = max(wins[-1][1], b)
        else:
            wins.append([a, b])
    return [(a, b) for a, b in wins]


_GOOD_LINE = re.compile(r"[a-zà-ÿ]{3,}.*[a-zà-ÿ]{3,}")


def body_lines(text: str) -> list[str]:
    """Real lines usable as body text: prose, no markers, no e-mail addresses."""
    out = []
    for ln in text.split("\n"):
        ln = ln.strip().lstrip("#").strip()
        if 40 <= len(ln) <= 300 and _GOOD_LINE.search(ln) and not MARKER_RE.search(ln) and "@" not in ln:
            out.append(ln)
    return out


def build_woo(nlp, shared: Path, scale: float, seed: int = 13):
    """Docs per split from the Woo texts: refilled windows, real negative chunks, template passages."""
    root = shared / "data" / "uwv-woo-texts"
    rng = random.Random(seed)
    docs: dict[str, list[Doc]] = {"train": [], "dev": [], "test": []}
    # Where each doc came from: "refill" (real text, refilled markers), "real" (real text, no
    # names labelled), "synth" (template passages); the test split is also scored per source.
    sources: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    bodies: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    split_rows, marker_rows = [], []
    seen_windows: set[str] = set()
    stats = {"documents": 0, "refilled_documents": 0, "refilled_slots": 0}
    for pub in sorted(p for p in root.iterdir() if p.is_dir()):
        split = woo_split(pub.name)
        split_rows.append(f"{pub.name}\t{split}")
        for f in sorted(pub.glob("*.md")):
            stats["documents"] += 1
            text = read_woo(f)
            raw = f.read_bytes()
            bodies[split].extend(body_lines(text))
            markers = [m for m in find_markers(text) if m.kind]
            drng = random.Random(f"{seed}:{pub.name}/{f.name}")
            if markers:
                stats["refilled_documents"] += 1
                stats["refilled_slots"] += len(markers)
                marker_rows.append(
                    json.dumps(
                        {
                            "source_id": f"{pub.name}/{f.stem}",
                            "sha256": hashlib.sha256(raw).hexdigest(),
                            "split": split,
                            "markers": [[m.start, m.end, m.kind] for m in markers],
                        }
                    )
                )
                new, spans = refill(text, drng)
                per = [s for s in spans if s[2] in ("PER", "EMAIL", "PHONE")]
                for a, b in _windows(new, per)[:25]:
                    chunk = new[a:b]
                    key = MARKER_RE.sub("", text[max(0, a - 0) : a + 200])
                    if key in seen_windows:
                        continue
                    seen_windows.add(key)
                    sp = [(s - a, e - a, lab, v) for s, e, lab, v in spans if s >= a and e <= b]
                    sp += [s for s in tag_known(chunk) if not any(s[0] < q[1] and q[0] < s[1] for q in sp)]
                    docs[split].append(make_doc(nlp, chunk, sp))
                    sources[split].append("refill")
            # Real text as in-domain negatives (few per document, gazetteer ORG/LOC only).
            clean = MARKER_RE.sub(" ", text)
            paras = [p for p in re.split(r"\n\s*\n\s*\n|\n(?=#)", clean) if len(p) > 200]
            for p in drng.sample(paras, min(len(paras), max(1, int(2 * scale)))):
                p = p[:1500]
                docs[split].append(make_doc(nlp, p, tag_known(p)))
                sources[split].append("real")
    n_templates = {"train": int(6000 * scale), "dev": int(400 * scale), "test": int(800 * scale)}
    for split, n in n_templates.items():
        pool = bodies[split]
        for _ in range(n):
            text, spans = compose(rng, rng.sample(pool, rng.randint(0, 3)))
            docs[split].append(make_doc(nlp, text, spans))
            sources[split].append("synth")
    REPO_DATA.mkdir(exist_ok=True)
    (REPO_DATA / "woo_split.tsv").write_text("publication\tsplit\n" + "\n".join(split_rows) + "\n")
    (REPO_DATA / "woo_markers.jsonl").write_text("\n".join(marker_rows) + "\n")
    return docs, sources, stats


def build_europeana(nlp, shared: Path, per_doc: int = 8):
    """Europeana NL sentences (split at sentence-final tokens) grouped into docs; contiguous split."""
    path = shared / "data" / "ner" / "europeana-nl" / "enp_NL.kb.bio"
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        tok, tag = parts[0], parts[-1]
        if tag != "O" and tag[2:] not in NER_LABELS:
            tag = "O"
        cur.append((tok, tag))
        if tok in (".", "!", "?") and len(cur) > 3 or len(cur) > 120:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    n = len(sents)
    cuts = {"train": (0, int(n * 0.8)), "dev": (int(n * 0.8), int(n * 0.9)), "test": (int(n * 0.9), n)}
    out: dict[str, list[Doc]] = {}
    for split, (a, b) in cuts.items():
        docs = []
        for i in range(a, b, per_doc):
            toks = [t for s in sents[i : min(i + per_doc, b)] for t in s]
            words = [w for w, _ in toks]
            tags = [t for _, t in toks]
            # Repair the IOB tags: parts of the file tag every token of a name "B-PER"
            # ("Henricus B-PER Johannes B-PER van B-PER Buul B-PER"), so a B- that follows
            # the same type continues the entity; an I- after O or another type starts one.
            for k, t in enumerate(tags):
                prev = tags[k - 1] if k else "O"
                if t.startswith("B-") and prev != "O" and prev[2:] == t[2:]:
                    tags[k] = "I-" + t[2:]
                elif t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
                    tags[k] = "B-" + t[2:]
            docs.append(Doc(nlp.vocab, words=words, spaces=[True] * len(words), ents=tags))
        out[split] = docs
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--out", type=Path, default=Path("/work/tmp-ner/corpus"))
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of synthetic passages (small runs)")
    ap.add_argument("--woo-oversample", type=int, default=1, help="copies of in-domain train docs")
    ap.add_argument("--europeana-oversample", type=int, default=4, help="copies of Europeana train docs")
    args = ap.parse_args(argv)
    nlp = spacy.blank("nl")
    woo, sources, stats = build_woo(nlp, args.shared, args.scale)
    eu = build_europeana(nlp, args.shared)
    args.out.mkdir(parents=True, exist_ok=True)

    def save(name: str, docs: list[Doc]) -> None:
        DocBin(docs=docs, store_user_data=False).to_disk(args.out / f"{name}.spacy")

    rng = random.Random(7)
    train = woo["train"] * args.woo_oversample + eu["train"] * args.europeana_oversample
    rng.shuffle(train)
    save("train", train)
    save("dev", woo["dev"] + eu["dev"])
    save("test_woo", woo["test"])
    save("test_europeana", eu["test"])
    for src in ("refill", "real", "synth"):
        save(f"test_woo_{src}", [d for d, s in zip(woo["test"], sources["test"], strict=True) if s == src])
    srcs = ("refill", "real", "synth")
    counts = {f"woo_{k}_{src}": v.count(src) for k, v in sources.items() for src in srcs}
    counts |= {f"woo_{k}": len(v) for k, v in woo.items()} | {f"europeana_{k}": len(v) for k, v in eu.items()}
    ents = {k: sum(len([e for e in d.ents if e.label_ == "PER"]) for d in v) for k, v in woo.items()}
    summary = {"stats": stats, "docs": counts, "woo_per_entities": ents}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
