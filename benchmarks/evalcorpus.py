"""Generalisation corpus: refilled releases of several bodies and genres, split into dev and frozen test.

Why: the development corpus of ``benchmarks/corpus.py`` is UWV-only and was used for tuning,
so its figures say little about documents the pipeline has never seen.  This corpus takes
excerpts of real releases of UWV (``../shared/data/uwv-woo-texts``) and of ministries and
agencies (``../shared/data/nl-gov-woo/texts``), refills the places where the publisher
removed personal data with synthetic persons (the machinery of ``benchmarks/corpus.py`` and
``models.synth``), marks what must go and what must stay (organisations, officials in their
role, places, organisation addresses), and renders them to PDF.

The split is by publication and frozen: all excerpts of one publication fall in one part.
- UWV: only publications the NER model never trained on, in the part the NER split
  (``models/data/woo_split.tsv``, sha1 of the publication slug) already gives them: its
  ``dev`` publications (which the tuning corpus also uses) stay dev, its ``test`` ones test.
- nl-gov-woo (one file = one publication: the files carry no request ids) and the synthetic
  documents: ``sha256("woo-redact-eval:" + publication)``, even -> test, odd -> dev.
Tune only on dev; look at test only to report.

Only the selection is committed (``benchmarks/corpus/eval_selection.tsv``: source file,
offsets, sha256 prefix of the source body, publication, body, genre, split), never text.

Usage:
    python benchmarks/evalcorpus.py --out /work/tmp-quality/eval-corpus [--reselect]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import eval_identifiers  # noqa: E402
from corpus import CorpusDoc, Draft, GoldSpan  # noqa: E402

from models.synth.names import Person, make_person  # noqa: E402

EVAL_RULES = HERE / "corpus" / "eval_rules.yaml"
EVAL_SELECTION = HERE / "corpus" / "eval_selection.tsv"
SHARED = corpus.SHARED_TEXTS.parent  # ../shared/data (or /work/shared/data from a worktree)
SOURCES = {"uwv": "uwv-woo-texts", "nl-gov-woo": "nl-gov-woo/texts"}
SEED = 20261202
GENRES = ("email", "chat", "letter", "memo", "minutes", "report", "form", "table", "other")
COLUMNS = ("source", "start", "end", "body_sha256_16", "publication", "body", "genre", "split")


# --------------------------------------------------------------------------- rules


def load_rules(path: Path = EVAL_RULES) -> dict:
    """fill_rules.yaml with eval_rules.yaml laid over it (insert probabilities merged per genre)."""
    import yaml

    base = corpus.load_rules()
    extra = yaml.safe_load(path.read_text(encoding="utf-8"))
    insert = {**base["insert"], **extra.pop("insert", {})}
    roles = sorted(set(base["official_roles"]) | set(extra.pop("official_roles", [])))
    return {**base, **extra, "insert": insert, "official_roles": roles}


def split_of(publication: str, ner_split: dict[str, str]) -> str | None:
    """dev / test for a publication ("uwv/<slug>", "nl-gov-woo/<file>", "synthetic/..."); None: left out."""
    kind, _, rest = publication.partition("/")
    if kind == "uwv":
        part = ner_split.get(rest)
        return part if part in ("dev", "test") else None  # NER train publications: the model saw them
    h = int(hashlib.sha256(f"woo-redact-eval:{publication}".encode()).hexdigest()[:8], 16)
    return "test" if h % 2 == 0 else "dev"


def body_of(source: str, text: str, rules: dict) -> str:
    """UWV for UWV texts; for the others the first body rule matching the letterhead."""
    if source.startswith("uwv/"):
        return "UWV"
    head = text[:6000]
    for name, pattern in rules["bodies"]:
        if re.search(pattern, head):
            return name
    return rules["unknown_body"]


_CHAT = re.compile(r"^\s*\[?\d{1,2}:\d{2}\]?\s+[A-Z][\w.-]*(?: [A-Z][\w.-]*)?:", re.M)


def genre_of(title: str, text: str) -> str:
    """Genre by rules on the title (file name / label) and the excerpt's own words.

    Line-start words are case-sensitive: "notulen, samenvattingen en ..." in a decision's list of
    document kinds is not a set of minutes.  A decision file ("Bes-...") that shows no other genre is
    a letter (letters and decisions are one genre)."""
    t = title.lower()
    if len(_CHAT.findall(text)) >= 3:
        return "chat"
    if re.search(r"^\s*(Van|From)\s*:", text, re.M) and re.search(r"^\s*(Onderwerp|Subject)\s*:", text, re.M):
        return "email"
    if t.startswith("inv-") or "inventaris" in t:
        return "table"
    if re.search(
        r"^\s*(Verslag|VERSLAG|Notulen|NOTULEN|Besluitenlijst|Actiepuntenlijst)\b", text, re.M
    ) or re.search(r"^\s*(Aanwezig|Afwezig|Aanwezigen)\s*:|^\s*Agendapunt\b", text, re.M):
        return "minutes"
    if re.search(r"^\s*(Nota|NOTA|Notitie|Memo|MEMO|Beslisnota|Adviesnota)\b", text, re.M) or re.search(
        r"\b(beslisnota|notitie|memo)\b", t
    ):
        return "memo"
    if re.search(r"\b(Formulier|Invulinstructie|In te vullen door)\b", text) or "formulier" in t:
        return "form"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    numeric = sum(1 for ln in lines if len(re.findall(r"(?<!\w)[\d.,%€-]+(?!\w)", ln)) >= 3)
    if lines and numeric / len(lines) > 0.3:
        return "table"
    if (
        re.search(r"\b(Geachte|Hoogachtend|Retouradres)\b", text)
        or re.search(r"^\s*(Besluit|Beslissing op)\b", text, re.M)
        or t.startswith("bes-")
    ):
        return "letter"
    if re.search(r"\b(rapport|onderzoek|evaluatie|analyse|audit|rapportage)\b", t) or re.search(
        r"^\s*(Inhoudsopgave|Samenvatting|Managementsamenvatting|Aanbevelingen|Conclusies)\b", text, re.M
    ):
        return "report"
    return "other"


# --------------------------------------------------------------------------- candidates and selection


def _title(raw: str, path: Path) -> str:
    m = re.search(r"^pdf_label:\s*(.+)$", raw[:3000], re.M)
    return (m.group(1).strip("'\" ") if m else "") + " " + path.stem


_GROUND_LIST = re.compile(
    r"(?<![\d.])(\d{1,2}\.\d(?:\.\d)?)\.([a-i])(?=[\s,;)]*(?:10\.2|5\.1\.2)\.?\s?e(?![a-z]))"
)


def prepare(source: str, text: str) -> str:
    """Two fixes to -layout texts before the refill reads them: a ground code in the left column before
    "@domain" is one address; a ground code after another ("10.1.c, 10.2.e", "10.2.a   10.2.e" in an
    inventory's grounds column) is a citation: the first is written "10.1c", a form the refill's
    citation test knows, so no name is put into a list of grounds."""
    if source.startswith("nl-gov-woo/"):
        text = re.sub(r"(?<![\d.])(10\.2\.?e|5\.1\.2\.?e)[ \t]{1,16}(@[\w-]+(?:\.[\w-]+)+)", r"\1\2", text)
        text = _GROUND_LIST.sub(r"\1\2", text)
    return text


def candidates(shared: Path, rules: dict, ner_split: dict[str, str]) -> list[dict]:
    """Every usable excerpt of both sources with publication, body, genre and split."""
    rows: list[dict] = []
    for kind, sub in SOURCES.items():
        root = shared / sub
        files = sorted(root.glob("*/*.md")) if kind == "uwv" else sorted(root.glob("*.txt"))
        for f in files:
            rel = f"{kind}/{f.relative_to(root).as_posix()}"
            pub = f"uwv/{f.parent.name}" if kind == "uwv" else rel
            split = split_of(pub, ner_split)
            if split is None or rel in rules["exclude"]:
                continue
            raw = f.read_text(encoding="utf-8", errors="replace")
            body = corpus.source_body(raw)
            sha = hashlib.sha256(body.encode()).hexdigest()[:16]
            title = _title(raw, f)
            owner = body_of(rel, body, rules)
            for a, b in corpus.excerpts(body, rules["min_chars"], rules["max_chars"]):
                seg = prepare(rel, body[a:b])
                if len(re.findall(r"[A-Za-z]{3,}", seg)) < 80:
                    continue
                rows.append(
                    {
                        "source": rel,
                        "start": a,
                        "end": b,
                        "body_sha256_16": sha,
                        "publication": pub,
                        "body": owner,
                        "genre": genre_of(title, seg),
                        "split": split,
                        "slots": corpus._slot_count(seg, rules),
                    }
                )
    return rows


def _key(row: dict) -> str:
    return hashlib.sha256(f"{SEED}:{row['source']}:{row['start']}".encode()).hexdigest()


def select(rows: list[dict], rules: dict) -> list[dict]:
    """Per genre quota, round-robin over (split, body): both parts and many bodies drawn; deterministic."""
    chosen: list[dict] = []
    per_src: dict[str, int] = {}
    per_pub: dict[str, int] = {}
    for genre, quota in rules["quotas"].items():
        groups: dict[tuple[str, str], list[dict]] = {}
        for r in sorted(
            (r for r in rows if r["genre"] == genre), key=lambda r: (-min(r["slots"], 2), _key(r))
        ):
            groups.setdefault((r["split"], r["body"]), []).append(r)
        order = sorted(groups, key=lambda g: hashlib.sha256(f"{SEED}:{genre}:{g}".encode()).hexdigest())
        taken = 0
        while taken < quota and any(groups.values()):
            for g in order:
                pool = groups[g]
                while pool:
                    r = pool.pop(0)
                    if (
                        per_src.get(r["source"], 0) < rules["max_per_source"]
                        and per_pub.get(r["publication"], 0) < rules["max_per_publication"]
                    ):
                        per_src[r["source"]] = per_src.get(r["source"], 0) + 1
                        per_pub[r["publication"]] = per_pub.get(r["publication"], 0) + 1
                        chosen.append(r)
                        taken += 1
                        break
                if taken >= quota:
                    break
    return chosen


def write_selection(rows: list[dict], path: Path = EVAL_SELECTION) -> None:
    """Ids, offsets, hashes and labels only: the selection never holds document text."""
    head = [
        "# Generalisation corpus (benchmarks/evalcorpus.py): excerpts of ../shared/data/<source>,",
        "# offsets into the normalised body (corpus.source_body).  split: dev (tune here) | test (frozen).",
        "\t".join(COLUMNS),
    ]
    lines = ["\t".join(str(r[c]) for c in COLUMNS) for r in rows]
    path.write_text("\n".join(head + lines) + "\n", encoding="utf-8")


def read_selection(path: Path = EVAL_SELECTION) -> list[dict]:
    rows = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        if not ln.strip() or ln.startswith("#") or ln.startswith("source\t"):
            continue
        r = dict(zip(COLUMNS, ln.split("\t"), strict=True))
        r["start"], r["end"] = int(r["start"]), int(r["end"])
        rows.append(r)
    return rows


# --------------------------------------------------------------------------- must-keep additions

_STREET = (
    r"(?:[A-Z][\w'.-]*[ -])*[A-Z][\w'.-]*(?:weg|straat|laan|plein|singel|kade|gracht|hout|markt|dreef|park|"
    r"hof|baan|dijk|steeg|wal|haven|maat|poort)"
)
_PLACE = r"(?:(?:Den|The|'s|Alphen a/d) [A-Z][a-z]+|[A-Z][A-Za-z-]+)"
_ORGADDR = re.compile(
    rf"Postbus \d{{2,6}}(?: \d{{4}} ?[A-Z]{{2}}(?: {_PLACE})?)?"
    rf"|(?<![\w-]){_STREET} \d{{1,4}}[a-z]?\b"
    rf"|(?<![\w-])\d{{4}} ?(?!RE|FW|CC)[A-Z]{{2}} {_PLACE}(?![\w-])"  # a postcode alone only with its place
)


def add_keep_spans(doc: CorpusDoc, rules: dict) -> None:
    """Organisation names and organisation addresses in the real text (a citizen's address was removed
    by the publisher, so an address still there belongs to an organisation) must stay."""
    d = Draft(doc.text)
    d.spans = list(doc.spans)
    orgs = "|".join(re.escape(o) for o in sorted(rules["orgs"], key=len, reverse=True))
    found = [(m.start(), m.end(), "ORG") for m in re.finditer(rf"(?<![\w@.])(?:{orgs})(?![\w@])", doc.text)]
    found += [(m.start(), m.end(), "ORGADDR") for m in _ORGADDR.finditer(doc.text)]
    for a, b, label in sorted(found, key=lambda c: (c[0], -c[1])):
        clash = any(s.action == "redact" and s.start < b and a < s.end for s in d.spans)
        if label == "ORGADDR" and not clash:
            d.spans = [s for s in d.spans if not (a <= s.start and s.end <= b)]  # "Den Haag" inside it
        if not d.covered(a, b):
            d.add(a, b, label, doc.text[a:b])
    doc.spans = sorted(d.spans, key=lambda s: (s.start, s.end))


# --------------------------------------------------------------------------- letterhead gaps

_NAME_LABELS = ("Contactpersoon", "Behandeld door", "Inlichtingen bij")
_PHONE_LABELS = ("Telefoonnummer", "Doorkiesnummer", "Telefoon")
_LABEL = re.compile(
    r"(?:^|(?<=\s{3}))(?P<label>" + "|".join(_NAME_LABELS + _PHONE_LABELS) + r")[ \t]*$", re.M
)
_GREETING = re.compile(r"^[ \t]*Geachte(?=[ \t]*$|[ \t]{3,}\S)", re.M)


def _person(doc: CorpusDoc, rng: random.Random) -> tuple[int, Person]:
    """A new member of the document's cast (a letterhead contact is rarely named elsewhere)."""
    p = make_person(rng)
    doc.persons.append(
        {"first": p.first, "last": p.last, "roepnaam": p.roepnaam, "surname_tokens": corpus.surname_tokens(p)}
    )
    return len(doc.persons) - 1, p


def _fold(s: str) -> str:
    return "".join(corpus.fold_char(c) for c in s)


def fill_layout_gaps(doc: CorpusDoc, rng: random.Random) -> None:
    """Refill what the publisher left empty in an -layout letterhead: the line under "Contactpersoon",
    "Behandeld door", "Telefoonnummer" (at the label's column, where that line is blank there), and a
    bare "Geachte" (the addressee's name removed)."""
    d = Draft(doc.text)
    d.spans = list(doc.spans)
    d.origin = "refill"
    for m in reversed(list(_LABEL.finditer(d.text))):
        col = m.start("label") - (d.text.rfind("\n", 0, m.start()) + 1)
        nl = d.text.find("\n", m.end())
        if nl < 0:
            continue
        end = d.text.find("\n", nl + 1)
        end = len(d.text) if end < 0 else end
        below = d.text[nl + 1 : end]
        if len(below.rstrip()) > col - 3 or d.covered(m.start(), end):
            continue  # something already stands there (a name, a mailbox) or the left column runs on
        pc = corpus.Piece().add(" " * (col - len(below)) if len(below) < col else "")
        if m.group("label") in _NAME_LABELS:
            i, p = _person(doc, rng)
            pc.add(("mw. " if p.gender == "f" else "dhr. ") if rng.random() < 0.4 else "")
            pc.add(_fold(p.render(rng.choice(["initials", "full", "full", "initial_first"]))), "PER", i)
        else:
            pc.add(rng.choice(["", "T "]))
            pc.add(corpus.fake_phone(rng), "PHONE")
        at = nl + 1 + len(below)
        d.replace(at, at, pc.text, pc.spans)
    for m in reversed(list(_GREETING.finditer(d.text))):
        if d.covered(m.start(), m.end() + 1):
            continue
        i, p = _person(doc, rng)
        pc = corpus.Piece().add(" heer " if p.gender == "m" else " mevrouw ")
        pc.add(_fold(p.render("last_cap")), "PER", i).add(",")
        gap = re.match(r"[ \t]*", d.text[m.end() :]).group(0)
        take = len(pc.text) if len(gap) >= len(pc.text) + 3 else 0  # write into the gap, keep the column
        d.replace(m.end(), m.end() + take, pc.text, pc.spans)
    doc.text = d.text
    doc.spans = sorted(d.spans, key=lambda s: (s.start, s.end))


# --------------------------------------------------------------------------- build


def _slug(s: str, n: int = 28) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:n].strip("-")


def build_one(row: dict, body: str, rules: dict, index: int) -> CorpusDoc:
    seg = prepare(row["source"], body[row["start"] : row["end"]])
    rng = random.Random(f"{SEED}:{row['source']}:{row['start']}")
    sub = {"source": row["source"], "start": 0, "end": len(seg), "genre": row["genre"]}
    doc = corpus.build_real(sub, seg, rng, rules, index)
    stem = doc.name.split("/", 1)[1]
    if " brief aan " not in stem:
        pub = _slug(row["publication"].split("/")[-1])
        stem = f"{index:02d}-{row['genre']}-{_slug(row['body'], 10)}-{pub}.pdf"
    doc.name = f"{row['split']}/{row['genre']}/{stem}"
    doc.source = f"{row['source']}#{row['start']}-{row['end']}"
    doc.body, doc.split, doc.publication = row["body"], row["split"], row["publication"]
    if row["source"].startswith("nl-gov-woo/"):
        fill_layout_gaps(doc, random.Random(f"{SEED}:gaps:{row['source']}:{row['start']}"))
    add_keep_spans(doc, rules)
    return doc


def build(
    out: Path, shared: Path = SHARED, selection: Path = EVAL_SELECTION, rules_file: Path = EVAL_RULES
) -> list[CorpusDoc]:
    """Every PDF and ``gold.jsonl`` into ``out``; deterministic for a given selection."""
    import json

    rules = load_rules(rules_file)
    docs: list[CorpusDoc] = []
    bodies: dict[str, str] = {}
    for n, row in enumerate(read_selection(selection), 1):
        kind, _, rel = row["source"].partition("/")
        if row["source"] not in bodies:
            raw = (shared / SOURCES[kind] / rel).read_text(encoding="utf-8", errors="replace")
            bodies[row["source"]] = corpus.source_body(raw)
        body = bodies[row["source"]]
        if hashlib.sha256(body.encode()).hexdigest()[:16] != row["body_sha256_16"]:
            raise SystemExit(
                f"{row['source']}: source text changed since the selection was made (--reselect)"
            )
        docs.append(build_one(row, body, rules, n))
    n = len(docs)
    ner = corpus.load_split()
    for genre, count in rules["synthetic"].items():
        for k in range(count):
            n += 1
            pub = f"synthetic/{genre}/{k}"
            doc = corpus.SYNTHETIC[genre](random.Random(f"{SEED}:{genre}:{k}"), n)
            doc.body, doc.split, doc.publication = "synthetic", split_of(pub, ner) or "dev", pub
            doc.name = f"{doc.split}/{doc.name}"
            for sp in doc.spans:
                sp.origin = "synthetic" if sp.action == "redact" else ""
            add_keep_spans(doc, rules)
            docs.append(doc)
    for doc in docs:  # own random stream per document: the rest of the gold stays as it was
        eval_identifiers.insert_identifiers(doc, rules, str(SEED))
    out.mkdir(parents=True, exist_ok=True)
    if (out / "gold.jsonl").is_file():
        for prev in corpus.read_gold(out):
            (out / prev.name).unlink(missing_ok=True)
    with (out / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            corpus.render_pdf(doc, out / doc.name, layout=doc.source.startswith("nl-gov-woo/"))
            fh.write(json.dumps(asdict(doc), ensure_ascii=False) + "\n")
    return docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/work/tmp-quality/eval-corpus"))
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--reselect", action="store_true", help="redo benchmarks/corpus/eval_selection.tsv")
    args = ap.parse_args(argv)
    if args.reselect or not EVAL_SELECTION.exists():
        rules = load_rules()
        rows = select(candidates(args.shared, rules, corpus.load_split()), rules)
        write_selection(rows)
        print(f"selection: {len(rows)} excerpts -> {EVAL_SELECTION}", file=sys.stderr)
    docs = build(args.out, args.shared)
    from collections import Counter

    for what in ("split", "body", "genre"):
        print(f"{what}: {dict(sorted(Counter(getattr(d, what) for d in docs).items()))}")
    go = sum(len(d.redact_spans()) for d in docs)
    print(
        f"corpus: {len(docs)} documents; {go} spans to redact, {sum(len(d.spans) for d in docs) - go} to keep"
    )


__all__ = [
    "GoldSpan",
    "body_of",
    "build",
    "genre_of",
    "read_selection",
    "select",
    "split_of",
    "write_selection",
]

if __name__ == "__main__":
    main()
