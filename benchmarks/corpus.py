"""Build the development corpus of the quality benchmark: refilled Woo texts as PDFs + gold spans.

Why: the redaction quality can only be measured on documents whose personal data is known.
Real UWV Woo releases (``../shared/data/uwv-woo-texts``) give realistic layout, wording and
context; the places where the publisher removed personal data (ground codes such as
"5.1.2e", or gaps like an empty "Van:" line) are refilled with synthetic persons, and a few
synthetic items are inserted where the genre calls for them (a citizen's address block,
a BSN, an IBAN, a signature with a direct number, a chat log).  The gold spans say what
must go (type and ground) and what must stay (public officials named with their role,
organisations, places, functional mailboxes).  Gold labels come from this generator,
never from the pipeline.

The real texts stay out of the repository: only this generator, the excerpt selection
(``benchmarks/corpus/selection.tsv``: source file, character offsets, genre) and the fill
rules (``benchmarks/corpus/fill_rules.yaml``) are committed; the corpus is built on demand.
Excerpts come only from publications in the *dev* part of the NER split
(``models/data/woo_split.tsv``), never from test, so tuning on this corpus does not
contaminate the NER test figures.

Usage:
    python benchmarks/corpus.py --out /work/tmp-quality/corpus [--reselect]

Output: ``OUT/<genre>/<name>.pdf`` and ``OUT/gold.jsonl`` (one JSON object per document:
name, genre, source, author, title, text, spans, persons).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.synth.names import INTERFIXES, Person, make_person  # noqa: E402
from models.synth.refill import Cast, fake_phone, refill  # noqa: E402
from models.synth.templates import CITIES, ORGS, ROLES, tag_known  # noqa: E402

HERE = Path(__file__).resolve().parent
RULES_FILE = HERE / "corpus" / "fill_rules.yaml"
SELECTION_FILE = HERE / "corpus" / "selection.tsv"
SPLIT_FILE = ROOT / "models" / "data" / "woo_split.tsv"
# ../shared beside the checkout; a git worktree elsewhere falls back to /work/shared.
_SHARED = [p for p in (ROOT.parent / "shared", Path("/work/shared")) if (p / "data").is_dir()]
SHARED_TEXTS = (_SHARED[0] if _SHARED else ROOT.parent / "shared") / "data" / "uwv-woo-texts"
SEED = 20240611

GROUNDS = {
    "PER": "5.1.2e",
    "EMAIL": "5.1.2e",
    "PHONE": "5.1.2e",
    "ADDRESS": "5.1.2e",
    "IBAN": "5.1.2e",
    "DATE_OF_BIRTH": "5.1.2e",
    "BSN": "5.1.1e",
}
KEEP_LABELS = ("OFFICIAL", "ORG", "LOC", "MAILBOX", "ORGADDR")
GENRES = ("email", "letter", "memo", "minutes", "table", "form", "chat", "other")


@dataclass
class GoldSpan:
    start: int
    end: int
    label: str  # PER EMAIL PHONE ADDRESS IBAN BSN DATE_OF_BIRTH (go) | OFFICIAL ORG LOC MAILBOX (stay)
    value: str
    action: str  # "redact" or "keep"
    ground: str | None = None
    person: int | None = None  # index into CorpusDoc.persons for PER/EMAIL spans
    origin: str = ""  # refill (a slot of the real text) | insert (a synthetic item) | synthetic document


@dataclass
class CorpusDoc:
    name: str  # relative PDF path inside the corpus folder
    genre: str
    source: str  # "publication/file.md#start-end" or "synthetic"
    text: str
    spans: list[GoldSpan] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)  # first, last, surname_tokens
    author: str = ""
    title: str = ""
    body: str = ""  # publishing body (generalisation corpus, benchmarks/evalcorpus.py)
    split: str = ""  # dev | test (generalisation corpus)
    publication: str = ""

    def redact_spans(self) -> list[GoldSpan]:
        return [s for s in self.spans if s.action == "redact"]


# --------------------------------------------------------------------------- rules, split


def load_rules(path: Path = RULES_FILE) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


PLACES: tuple[str, ...] = tuple(load_rules()["places"])


def load_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """publication -> train/dev/test."""
    rows = [
        ln.rstrip("\n").split("\t") for ln in path.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()
    ]
    return {r[0]: r[1] for r in rows}


# --------------------------------------------------------------------------- text helpers


def source_body(raw: str) -> str:
    """The document text without the YAML header and the trailing "Bron:" block, one line per line."""
    text = raw
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end > 0 else text
    tail = re.search(r"\n---\s*\n\s*Bron:.*\Z", text, re.S)
    if tail:
        text = text[: tail.start()]
    text = text.replace("\r\n", "\n").replace("\f", "\n")
    # PDF-to-text put a blank line after every line: collapse it so paragraphs survive.
    if text.count("\n\n") > 0.6 * max(1, text.count("\n") / 2):
        text = re.sub(r"\n\n", "\n", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def fold_char(c: str) -> str:
    """One character the PDF's Helvetica (WinAnsi) can show; 1:1 so gold offsets stay valid."""
    if c == "\n":
        return c
    try:
        c.encode("cp1252")
        if c.isprintable() or c == "\t":
            return " " if c == "\t" else c
    except UnicodeEncodeError:
        pass
    base = unicodedata.normalize("NFKD", c.replace("ı", "i").replace("ł", "l").replace("Ł", "L"))
    base = "".join(ch for ch in base if not unicodedata.combining(ch))[:1]
    try:
        base.encode("cp1252")
        return base if base and base.isprintable() else " "
    except UnicodeEncodeError:
        return "?"


def classify_genre(text: str) -> str:
    """E-mail threads, minutes, letters, memos, forms, tables, other: judged from typical words."""
    if re.search(r"^(Van|From)\s*:", text, re.M) and re.search(r"^(Onderwerp|Subject)\s*:", text, re.M):
        return "email"
    if re.search(r"\b(Verslag|Notulen|Besluitenlijst\w*|Aanwezig|Actiepunten)\b", text):
        return "minutes"
    if re.search(r"\bGeachte\b", text):
        return "letter"
    if re.search(r"^\s*(Nota|Notitie|Memo|Beslisnota)\b", text, re.M | re.I):
        return "memo"
    if re.search(r"\b(Formulier|formulier|Invulinstructie|In te vullen door)\b", text):
        return "form"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    numeric = sum(1 for ln in lines if len(re.findall(r"(?<!\w)[\d.,%€-]+(?!\w)", ln)) >= 3)
    if lines and numeric / len(lines) > 0.3:
        return "table"
    return "other"


_BOUNDARY = re.compile(r"^(Bijlage\s+\d+\b.*|(Van|From)\s*:.*|Verslag\b.*|Nota\b.*|Notitie\b.*)$", re.M)


def excerpts(body: str, min_chars: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut a (bundled) text at attachment / e-mail / section starts into excerpts of workable size."""
    cuts = sorted({0, *(m.start() for m in _BOUNDARY.finditer(body)), len(body)})
    out: list[tuple[int, int]] = []
    start = 0
    for c in cuts[1:]:
        if c - start < min_chars and c != len(body):
            continue
        while c - start > max_chars:  # too long: cut at a line end before max_chars
            nl = body.rfind("\n", start + min_chars, start + max_chars)
            nl = nl + 1 if nl > 0 else start + max_chars
            out.append((start, nl))
            start = nl
        if c - start >= min_chars // 2:
            out.append((start, c))
        start = c
    return out


# --------------------------------------------------------------------------- selection


def select_excerpts(shared: Path, rules: dict, split: dict[str, str]) -> list[dict]:
    """Pick a genre spread of excerpts from dev publications; deterministic."""
    rng = random.Random(SEED)
    pools: dict[str, list[dict]] = {g: [] for g in GENRES}
    for pub in sorted(p for p in shared.iterdir() if p.is_dir()):
        if split.get(pub.name) != "dev":  # never train-only or test: see module docstring
            continue
        for f in sorted(pub.glob("*.md")):
            raw = f.read_text(encoding="utf-8", errors="replace")
            body = source_body(raw)
            sha = hashlib.sha256(body.encode()).hexdigest()[:16]
            for a, b in excerpts(body, rules["min_chars"], rules["max_chars"]):
                seg = body[a:b]
                if len(re.findall(r"[A-Za-z]{3,}", seg)) < 80:
                    continue
                pools[classify_genre(seg)].append(
                    {
                        "source": f"{pub.name}/{f.name}",
                        "start": a,
                        "end": b,
                        "sha": sha,
                        "genre": classify_genre(seg),
                        "slots": _slot_count(seg, rules),
                    }
                )
    chosen: list[dict] = []
    for genre, quota in rules["quotas"].items():
        pool = pools.get(genre, [])
        rng.shuffle(pool)
        pool.sort(key=lambda r: -min(r["slots"], 3))  # excerpts with slots first, otherwise random
        per_src: dict[str, int] = {}
        cap = rules["max_per_source_email"] if genre == "email" else rules["max_per_source"]
        for r in pool:
            if sum(1 for c in chosen if c["genre"] == genre) >= quota:
                break
            if per_src.get(r["source"], 0) >= cap:
                continue
            per_src[r["source"]] = per_src.get(r["source"], 0) + 1
            chosen.append(r)
    return chosen


def write_selection(rows: list[dict], path: Path = SELECTION_FILE) -> None:
    lines = [
        "# Excerpts of ../shared/data/uwv-woo-texts used by benchmarks/corpus.py (offsets into the",
        "# normalised body, see source_body()); dev publications of models/data/woo_split.tsv only.",
        "source\tstart\tend\tbody_sha256_16\tgenre",
    ]
    lines += [f"{r['source']}\t{r['start']}\t{r['end']}\t{r['sha']}\t{r['genre']}" for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_selection(path: Path = SELECTION_FILE) -> list[dict]:
    rows = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        if not ln.strip() or ln.startswith("#") or ln.startswith("source\t"):
            continue
        src, a, b, sha, genre = ln.split("\t")
        rows.append({"source": src, "start": int(a), "end": int(b), "sha": sha, "genre": genre})
    return rows


# --------------------------------------------------------------------------- editing with spans


class Draft:
    """Text plus gold spans; edits shift the spans behind them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[GoldSpan] = []
        self.origin = ""  # recorded on the spans added next (GoldSpan.origin)

    def replace(
        self, start: int, end: int, new: str, inner: list[tuple[int, int, str, str, int | None]]
    ) -> None:
        """Replace text[start:end] by ``new``; ``inner`` are (a, b, label, value, person) relative to new."""
        delta = len(new) - (end - start)
        for s in self.spans:
            if s.start >= end:
                s.start += delta
                s.end += delta
            elif s.end > start:
                raise ValueError("edit overlaps a gold span")
        self.text = self.text[:start] + new + self.text[end:]
        for a, b, label, value, person in inner:
            self.add(start + a, start + b, label, value, person)

    def add(self, start: int, end: int, label: str, value: str, person: int | None = None) -> None:
        action = "redact" if label in GROUNDS else "keep"
        self.spans.append(GoldSpan(start, end, label, value, action, GROUNDS.get(label), person, self.origin))

    def covered(self, start: int, end: int) -> bool:
        return any(s.start < end and start < s.end for s in self.spans)


class Piece:
    """Builds a replacement string with its own relative spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[int, int, str, str, int | None]] = []

    def add(self, s: str, label: str | None = None, person: int | None = None) -> Piece:
        if label and s:
            self.spans.append((self.n, self.n + len(s), label, s, person))
        self.parts.append(s)
        self.n += len(s)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- synthetic values


def surname_tokens(p: Person) -> list[str]:
    """Distinctive surname words ("Jansen-de Wit" -> Jansen, Wit): what must not survive alone."""
    ifx_words = {w for i in INTERFIXES for w in i.split()} | {"el", "ben", "ait", "oulad", "a"}
    toks = re.split(r"[\s\-]+", p.last)
    return [t for t in toks if t and t.lower() not in ifx_words and len(t) >= 3]


def bsn(rng: random.Random) -> str:
    """A nine-digit number passing the BSN 11-check (fictitious)."""
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        if d[0] == 0:
            continue
        s = sum(w * x for w, x in zip(range(9, 1, -1), d, strict=True))
        last = s % 11
        if last <= 9:
            return "".join(map(str, d)) + str(last)


def iban(rng: random.Random) -> str:
    """A Dutch IBAN with a valid mod-97 check, printed in groups of four."""
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"])
    acct = "".join(str(rng.randint(0, 9)) for _ in range(10))
    digits = "".join(str(ord(c) - 55) for c in bank) + acct + "232100"  # NL = 23 21, check 00
    check = 98 - int(digits) % 97
    raw = f"NL{check:02d}{bank}{acct}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if rng.random() < 0.7 else raw


def street_address(rng: random.Random) -> tuple[str, str]:
    """(street + number, postcode + place) of a fictitious citizen."""
    from faker.providers.address.nl_NL import Provider

    street = rng.choice(Provider.street_names if hasattr(Provider, "street_names") else ["Kerkstraat"])
    if not re.search(r"(straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park)$", street):
        street = rng.choice(
            [
                "Kerkstraat",
                "Dorpsstraat",
                "Molenweg",
                "Stationsplein",
                "Julianalaan",
                "Prinsengracht",
                "Havenkade",
                "Beukenlaan",
                "Lindeweg",
                "Schoolstraat",
            ]
        )
    number = f"{rng.randint(1, 240)}{rng.choice(['', '', '', 'A', '-2', ' bis'])}"
    postcode = (
        f"{rng.randint(1011, 9999)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
    )
    return (
        f"{street} {number}",
        f"{postcode}  {rng.choice(CITIES).upper() if rng.random() < 0.3 else rng.choice(CITIES)}",
    )


def dob(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1950, 2003)}"


# --------------------------------------------------------------------------- refilling real excerpts


def _match_person(cast: Cast, value: str) -> int | None:
    for i, p in enumerate(cast.persons):
        toks = surname_tokens(p) or [p.last]
        if any(t in value for t in toks) or value in (p.first, p.roepnaam):
            return i
    low = value.lower()
    for i, p in enumerate(cast.persons):
        if any(t.lower() in low for t in surname_tokens(p)):
            return i
    return None


def _distinct(cast: Cast, rng: random.Random, k: int) -> list[int]:
    """``k`` different cast members (the cast grows if it is too small): lists never repeat a person."""
    while len(cast.persons) < k + 1:
        cast.persons.append(make_person(rng))
    chosen: list[int] = []
    while len(chosen) < k:
        i = cast.pick()
        if i not in chosen:
            chosen.append(i)
    return chosen


def _name(cast: Cast, i: int, style: str) -> str:
    return cast.persons[i].render(style)


def _fill_gaps(d: Draft, cast: Cast, rng: random.Random, rules: dict, addressee: int | None = None) -> None:
    """Refill the gaps publishers left (empty header fields, "Aanwezig: , en", "Beste ,", " en ,")."""
    fields = "|".join(re.escape(f) for f in rules["header_fields"])
    for m in reversed(list(re.finditer(rf"^(?:#+ )?(?:{fields})\s*:[ \t]*$", d.text, re.M))):
        if d.covered(m.start(), m.end()):
            continue
        pc = Piece().add(" ")
        for k, i in enumerate(_distinct(cast, rng, rng.choice([1, 1, 1, 2, 3]))):
            if k:
                pc.add("; ")
            style = rng.choice(["full", "last_comma_first", "full", "initials"])
            pc.add(_name(cast, i, style), "PER", i)
            if rng.random() < 0.5:
                pc.add(" <").add(
                    cast.email(i, rng.choice(["uwv.nl", "uwv.nl", "minszw.nl"])), "EMAIL", i
                ).add(">")
        d.replace(m.end(), m.end(), pc.text, pc.spans)
    for m in reversed(list(re.finditer(rules["email_rest_gap"], d.text, re.M))):
        if d.covered(m.start(), m.end()):
            continue
        i = cast.pick()
        local = cast.local(i)
        pc = Piece().add(_name(cast, i, rng.choice(["full", "last_comma_first"])), "PER", i).add(" <")
        pc.add(local + "@" + m.group("domain"), "EMAIL", i)
        d.replace(m.start("gap"), m.end("domain"), pc.text, pc.spans)
    for m in reversed(list(re.finditer(rules["list_gap"], d.text, re.M))):
        if d.covered(m.start(), m.end()) or re.search(r"\d", m.group("label")):
            continue
        gap = m.group("gap")
        slots = gap.count(",") + len(re.findall(r"\ben\b", gap)) + 1
        pc = Piece().add(" ")
        for k, i in enumerate(_distinct(cast, rng, slots)):
            if k:
                pc.add(" en " if k == slots - 1 else ", ")
            pc.add(_name(cast, i, rng.choice(["full", "initials", "last_cap", "full"])), "PER", i)
        d.replace(m.start("gap"), m.end("gap"), pc.text, pc.spans)
    greet = "|".join(re.escape(g) for g in sorted(rules["greetings"], key=len, reverse=True))
    for m in reversed(list(re.finditer(rf"^(?P<g>{greet})(?P<gap>[ \t]*),", d.text, re.M))):
        if d.covered(m.start(), m.end()):
            continue
        formal = m.group("g").startswith("Geachte")
        i = addressee if (formal and addressee is not None) else cast.pick()
        name = _name(cast, i, "last_cap" if formal else "first")
        pc = Piece().add(" ")
        if formal and m.group("g") == "Geachte":
            pc.add("heer " if cast.persons[i].gender == "m" else "mevrouw ")
        pc.add(name, "PER", i)
        d.replace(m.start("gap"), m.end("gap"), pc.text, pc.spans)
    for m in reversed(list(re.finditer(rules["inline_pair_gap"], d.text, re.M))):
        if d.covered(m.start(), m.end()):
            continue
        a, b = _distinct(cast, rng, 2)
        style = (
            "first"
            if re.search(r"(Beste|Hoi|Hallo|Dag)\s*$", d.text[max(0, m.start() - 12) : m.start()])
            else "full"
        )
        pc = Piece().add(_name(cast, a, style), "PER", a).add(" en ").add(_name(cast, b, style), "PER", b)
        d.replace(m.start(), m.end(), pc.text, pc.spans)
    for m in reversed(list(re.finditer(rules["inline_single_gap"], d.text, re.M))):
        if d.covered(m.start(), m.end()):
            continue
        i = cast.pick()
        pc = (
            Piece()
            .add(m.group(0).rstrip() + " ")
            .add(_name(cast, i, rng.choice(["full", "initials"])), "PER", i)
        )
        d.replace(m.start(), m.end(), pc.text, pc.spans)
    closing = "|".join(re.escape(c) for c in sorted(rules["closings"], key=len, reverse=True))
    for m in reversed(list(re.finditer(rf"^(?:{closing}),?[ \t]*\n(?P<next>[^\n]*)", d.text, re.M))):
        nxt = m.group("next").strip()
        if d.covered(m.start(), m.end()) or (
            nxt and not re.match(r"^(UWV|Afdeling|Team|Directie|[a-z@])", nxt)
        ):
            continue  # a name (or something else) already follows
        i = cast.pick()
        pc = (
            Piece().add(_name(cast, i, rng.choice(["full", "full", "initials", "first"])), "PER", i).add("\n")
        )
        d.replace(m.start("next"), m.start("next"), pc.text, pc.spans)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text) if m.end() < len(text)]


def _insert_paragraph(d: Draft, rng: random.Random, pc: Piece, where: float) -> None:
    """Insert ``pc`` as its own paragraph at a line start near ``where`` (0..1 of the text)."""
    starts = [s for s in _line_starts(d.text) if not d.covered(max(0, s - 1), s + 1)]
    target = int(where * len(d.text))
    pos = min(starts, key=lambda s: abs(s - target)) if starts else len(d.text)
    pre = "" if pos == 0 or d.text[pos - 1] == "\n" else "\n"
    pc2 = Piece().add(pre)
    for a, b, label, value, person in pc.spans:
        pc2.spans.append((a + len(pre), b + len(pre), label, value, person))
    pc2.parts.append(pc.text + "\n")
    d.replace(pos, pos, pc2.text, pc2.spans)


def _signature(cast: Cast, rng: random.Random, i: int, with_phone: bool) -> Piece:
    pc = Piece().add("Met vriendelijke groet,\n\n")
    pc.add(_name(cast, i, rng.choice(["full", "full", "initials", "full_middle"])), "PER", i).add("\n")
    pc.add(rng.choice(ROLES).capitalize() + "\n")
    pc.add(rng.choice(["UWV", "UWV Werkbedrijf", "UWV Bezwaar en Beroep", "Ministerie van SZW"]) + "\n")
    if with_phone:
        pc.add(rng.choice(["T ", "Telefoon: ", "M ", "Mobiel: ", "Tel. "])).add(
            cast.phone(i), "PHONE", i
        ).add("\n")
    pc.add(rng.choice(["E ", "E-mail: ", ""])).add(
        cast.email(i, rng.choice(["uwv.nl", "minszw.nl"])), "EMAIL", i
    )
    return pc.add("\n")


def _official(rng: random.Random) -> Piece:
    p = make_person(rng, "nl")
    name = p.render(rng.choice(["full", "last_cap", "initials"]))
    role, tail = rng.choice(
        [
            (
                "De minister van Sociale Zaken en Werkgelegenheid, ",
                ", heeft de Tweede Kamer hierover op {d} geïnformeerd.",
            ),
            ("Staatssecretaris ", " heeft aangegeven dat de uitvoering door UWV voorrang krijgt."),
            ("Het verzoek is met minister ", " besproken in het bestuurlijk overleg met UWV."),
            ("Burgemeester ", " van {c} heeft om een toelichting gevraagd."),
            ("Wethouder ", " ({c}) sluit aan bij het overleg."),
        ]
    )
    tail = tail.format(
        d=f"{rng.randint(1, 28)} {rng.choice(['maart', 'juni', 'oktober'])}", c=rng.choice(PLACES)
    )
    return Piece().add(role).add(name, "OFFICIAL").add(tail)


def _mailbox(rng: random.Random, rules: dict) -> Piece:
    box = f"{rng.choice(rules['mailboxes'])}@{rng.choice(rules['mailbox_domains'])}"
    lead, tail = rng.choice(
        [
            ("Vragen over dit besluit kunt u mailen naar ", "."),
            ("Cc: ", ""),
            ("Reacties graag via ", " onder vermelding van het zaaknummer."),
        ]
    )
    return Piece().add(lead).add(box, "MAILBOX").add(tail)


def _insertions(d: Draft, cast: Cast, rng: random.Random, rules: dict, genre: str) -> dict:
    """Genre-typical synthetic items; returns facts the file name / metadata may use."""
    probs = rules["insert"].get(genre, {})
    facts: dict = {}
    if rng.random() < probs.get("address", 0):
        greet = re.search(r"^Geachte (heer|mevrouw)\b", d.text, re.M)
        want = {"heer": "m", "mevrouw": "f"}.get(greet.group(1) if greet else "", rng.choice("mf"))
        p = make_person(rng)
        while p.gender != want:
            p = make_person(rng)
        i = len(cast.persons)
        cast.persons.append(p)
        street, place = street_address(rng)
        title = "De heer" if p.gender == "m" else "Mevrouw"
        pc = (
            Piece()
            .add(title + " ")
            .add(p.render(rng.choice(["initials", "full", "initials"])), "PER", i)
            .add("\n")
        )
        pc.add(street, "ADDRESS").add("\n").add(place, "ADDRESS").add("\n")
        if rng.random() < probs.get("bsn", 0):
            pc.add("\nBSN: ").add(bsn(rng), "BSN").add("\n")
        _insert_paragraph(d, rng, pc, 0.0)
        facts["addressee"] = i
    elif rng.random() < probs.get("bsn", 0):
        lead = rng.choice(
            [
                "Het betreft de uitkering van de heer/mevrouw met BSN ",
                "BSN betrokkene: ",
                "Burgerservicenummer: ",
            ]
        )
        _insert_paragraph(d, rng, Piece().add(lead).add(bsn(rng), "BSN").add("."), rng.uniform(0.3, 0.7))
    if rng.random() < probs.get("iban", 0):
        i = facts.get("addressee", cast.pick())
        pc = Piece().add(rng.choice(["Het bedrag wordt overgemaakt op rekeningnummer ", "IBAN: "]))
        pc.add(iban(rng), "IBAN").add(" ten name van ").add(cast.persons[i].render("initials"), "PER", i).add(
            "."
        )
        _insert_paragraph(d, rng, pc, rng.uniform(0.4, 0.8))
    if rng.random() < probs.get("official", 0):
        _insert_paragraph(d, rng, _official(rng), rng.uniform(0.2, 0.8))
    if rng.random() < probs.get("mailbox", 0):
        _insert_paragraph(d, rng, _mailbox(rng, rules), rng.uniform(0.5, 1.0))
    if rng.random() < probs.get("phone", 0):
        i = cast.pick()
        pc = Piece().add(rng.choice(["Voor vragen kunt u contact opnemen met ", "Contactpersoon: "]))
        pc.add(_name(cast, i, rng.choice(["full", "initials"])), "PER", i)
        pc.add(rng.choice([", telefoon ", " (tel. ", ", bereikbaar op "])).add(cast.phone(i), "PHONE", i)
        pc.add(")." if pc.text.endswith("(tel. " + cast.phone(i)) else ".")
        _insert_paragraph(d, rng, pc, rng.uniform(0.3, 0.9))
    if rng.random() < probs.get("attendees", 0):
        pc = Piece().add("Aanwezig: ")
        k = rng.randint(3, 6)
        for n, i in enumerate(_distinct(cast, rng, k)):
            pc.add(_name(cast, i, rng.choice(["full", "initials", "last_comma_initials"])), "PER", i)
            pc.add(f" ({rng.choice(['UWV', 'SZW', 'UWV Werkbedrijf', 'gemeente ' + rng.choice(PLACES)])})")
            pc.add(", " if n < k - 1 else "\n")
        i = cast.pick()
        pc.add("Notulist: ").add(_name(cast, i, "full"), "PER", i)
        _insert_paragraph(d, rng, pc, 0.05)
    if rng.random() < probs.get("signature", 0):
        i = cast.pick()
        _insert_paragraph(d, rng, _signature(cast, rng, i, rng.random() < 0.6), 1.0)
    return facts


def _keep_spans(d: Draft, rules: dict) -> None:
    """Must-stay spans found in the refilled text: gazetteer ORG/LOC, role-named officials, mailboxes."""
    text = d.text
    stop_loc = set(rules["loc_stop"])
    cands = [c for c in tag_known(text) if not (c[2] == "LOC" and c[3] in stop_loc)]
    for m in re.finditer(
        r"(?<![\w@.])(?:" + "|".join(re.escape(p) for p in rules["places"]) + r")(?![\w@])", text
    ):
        cands.append((m.start(), m.end(), "LOC", m.group(0)))
    roles = "|".join(re.escape(r) for r in sorted(rules["official_roles"], key=len, reverse=True))
    stop = set(rules["not_a_name"])
    name = (
        r"(?:[A-Z]\.)*(?:[A-Z][a-zé]+ )?(?:(?:van|de|der|den|ter|ten|van der|van den) )?"
        r"[A-Z][a-zëéï]+(?:-(?:de |van )?[A-Z][a-z]+)?"
    )
    for m in re.finditer(rf"\b(?i:{roles})\b,? (?P<name>{name})", text):
        if m.group("name").split()[0] in stop or not m.group("name")[0].isupper():
            continue
        cands.append((m.start("name"), m.end("name"), "OFFICIAL", m.group("name")))
    boxes = "|".join(re.escape(b) for b in rules["mailboxes"])
    for m in re.finditer(rf"(?<![\w.])(?:{boxes})@[a-z0-9-]+(?:\.[a-z0-9-]+)+", text, re.I):
        cands.append((m.start(), m.end(), "MAILBOX", m.group(0)))
    for a, b, label, value in sorted(cands, key=lambda c: (c[0], -c[1])):
        if not d.covered(a, b):
            d.add(a, b, label, value)


def _persons_json(cast: Cast) -> list[dict]:
    return [
        {"first": p.first, "last": p.last, "roepnaam": p.roepnaam, "surname_tokens": surname_tokens(p)}
        for p in cast.persons
    ]


def _finish(d: Draft, cast: Cast, name: str, genre: str, source: str, rng: random.Random) -> CorpusDoc:
    text = "".join(fold_char(c) for c in d.text)
    spans = sorted(d.spans, key=lambda s: (s.start, s.end))
    for s in spans:
        s.value = text[s.start : s.end]
    author_i = 0 if cast.persons else None
    author = (
        cast.persons[0].render(random.Random(name).choice(["full", "last_comma_first"]))
        if author_i is not None
        else ""
    )
    title = f"{genre.capitalize()} {name.split('/')[-1][:-4]} (ontwikkelcorpus)"
    return CorpusDoc(name, genre, source, text, spans, _persons_json(cast), author, title)


def build_real(row: dict, body: str, rng: random.Random, rules: dict, index: int) -> CorpusDoc:
    """One refilled excerpt: ground-code markers (models.synth.refill), gaps, insertions, keep spans."""
    seg = body[row["start"] : row["end"]]
    probe = random.Random()
    probe.setstate(rng.getstate())
    new_text, rspans = refill(seg, rng)
    cast = Cast.draw(probe)  # the same persons refill() drew from the same rng state
    cast.rng = rng
    d = Draft(new_text)
    d.origin = "refill"
    for a, b, label, value in rspans:
        pi = _match_person(cast, value) if label in ("PER", "EMAIL") else None
        if label == "EMAIL" and pi is not None:
            cast.emails.setdefault(pi, value.split("@")[0])
        d.add(a, b, label, value, pi)
    d.origin = "insert"
    facts = _insertions(d, cast, rng, rules, row["genre"])
    d.origin = "refill"
    _fill_gaps(d, cast, rng, rules, facts.get("addressee"))
    d.origin = ""
    _keep_spans(d, rules)
    slug = re.sub(r"[^a-z0-9]+", "-", row["source"].split("/")[0][11:40].lower()).strip("-")
    stem = f"{index:02d}-{row['genre']}-{slug}"
    if "addressee" in facts and rng.random() < rules["name_in_filename"]:
        stem = f"{index:02d} brief aan {cast.persons[facts['addressee']].render('full')}"
        stem = "".join(fold_char(c) for c in stem).replace("/", "-")
    return _finish(
        d,
        cast,
        f"{row['genre']}/{stem}.pdf",
        row["genre"],
        f"{row['source']}#{row['start']}-{row['end']}",
        rng,
    )


# --------------------------------------------------------------------------- synthetic genres


_CHAT_LINES = [
    "Goedemorgen! Zijn de cijfers voor {org} al binnen?",
    "Nog niet, ik verwacht ze vanmiddag.",
    "Kun jij het overleg met {org} in {city} voorbereiden?",
    "Ja, ik zet de agenda vandaag nog in Teams.",
    "Let op: de reactie aan de Tweede Kamer moet vrijdag de deur uit.",
    "Ik heb de conceptbrief in de map gezet, graag even checken.",
    "Top, dank je. Ik kijk er na de lunch naar.",
    "De klant uit {city} heeft weer gebeld over zijn uitkering.",
    "Zet het maar in het dossier, dan pakt de casemanager het op.",
    "Heeft iemand het telefoonnummer van de gemeente {city}?",
    "Staat op de site van de gemeente, algemeen nummer 14 0{area}.",
    "Overleg verzet naar donderdag 14.00 uur.",
    "Wie neemt de notulen?",
    "Ik doe het wel.",
]


def build_chat(rng: random.Random, index: int) -> CorpusDoc:
    cast = Cast.draw(rng, rng.randint(2, 4))
    d = Draft("")
    pc = Piece().add(
        f"Chatexport Teams - kanaal Team {rng.choice(['Uitkeren', 'WW', 'Bezwaar', 'Klantcontact'])}\n"
    )
    pc.add(f"Geëxporteerd op {rng.randint(1, 28)}-{rng.randint(1, 12)}-2023\n\n")
    hh, mm = rng.randint(8, 11), rng.randint(0, 50)
    for _ in range(rng.randint(14, 26)):
        i = cast.pick()
        mm += rng.randint(0, 7)
        hh, mm = hh + mm // 60, mm % 60
        who = cast.persons[i].render(rng.choice(["first", "first", "full"]))
        line = rng.choice(_CHAT_LINES).format(
            org=rng.choice(ORGS[:20]), city=rng.choice(PLACES), area=rng.randint(10, 99)
        )
        pc.add(f"[{hh:02d}:{mm:02d}] ").add(who, "PER", i).add(": ")
        if rng.random() < 0.15:
            j = cast.pick()
            pc.add("@").add(cast.persons[j].render("first"), "PER", j).add(" ")
        if rng.random() < 0.08:
            pc.add("Bel me even op ").add(cast.phone(i), "PHONE", i).add(" ")
        pc.add(line + "\n")
    d.replace(0, 0, pc.text, pc.spans)
    _keep_spans(d, load_rules())
    return _finish(d, cast, f"chat/{index:02d}-chat-teams.pdf", "chat", "synthetic", rng)


def build_form(rng: random.Random, index: int) -> CorpusDoc:
    """A filled-in application form: label | value rows (rendered as a two-column table)."""
    cast = Cast.draw(rng, 2)
    p = cast.persons[0]
    street, place = street_address(rng)
    kind = rng.choice(
        [
            "Aanvraag WW-uitkering",
            "Ziekmelding werknemer",
            "Wijzigingsformulier inkomsten",
            "Aanvraag vergoeding reiskosten",
        ]
    )
    pc = Piece().add(f"{kind}\nUWV - formulier {rng.randint(100, 999)}-{rng.randint(10, 99)}\n\n")
    pc.add("Gegevens aanvrager\n")
    pc.add("Naam | ").add(p.render(rng.choice(["full", "initials", "full_middle"])), "PER", 0).add("\n")
    pc.add("Burgerservicenummer | ").add(bsn(rng), "BSN").add("\n")
    pc.add("Geboortedatum | ").add(dob(rng), "DATE_OF_BIRTH").add("\n")
    pc.add("Adres | ").add(street, "ADDRESS").add("\n")
    pc.add("Postcode en woonplaats | ").add(place, "ADDRESS").add("\n")
    pc.add("Telefoonnummer | ").add(cast.phone(0), "PHONE", 0).add("\n")
    pc.add("E-mailadres | ").add(
        cast.email(0, rng.choice(["gmail.com", "hotmail.com", "ziggo.nl"])), "EMAIL", 0
    )
    pc.add("\n")
    pc.add("IBAN | ").add(iban(rng), "IBAN").add("\n\nGegevens werkgever\n")
    pc.add(
        f"Naam werkgever | {rng.choice(['Bakkerij', 'Transportbedrijf', 'Schoonmaakbedrijf'])} "
        f"{rng.choice(['Noord', 'Centrum', 'West'])} B.V.\n"
    )
    pc.add("Vestigingsplaats | ").add(rng.choice(PLACES), "LOC").add("\n")
    pc.add("Contactpersoon | ").add(cast.persons[1].render("full"), "PER", 1).add("\n")
    pc.add("Uitvoeringsinstantie | ").add("UWV", "ORG").add("\n\n")
    pc.add("Ondertekening\nIk verklaar dat ik dit formulier naar waarheid heb ingevuld.\n")
    pc.add(f"Datum | {rng.randint(1, 28)}-{rng.randint(1, 12)}-2023\n")
    pc.add("Handtekening | ").add(p.render("initials"), "PER", 0).add("\n")
    d = Draft("")
    d.replace(0, 0, pc.text, pc.spans)
    return _finish(d, cast, f"form/{index:02d}-formulier.pdf", "form", "synthetic", rng)


def build_table(rng: random.Random, index: int) -> CorpusDoc:
    """An overview table of cases with handlers and places (rendered as a grid)."""
    cast = Cast.draw(rng, rng.randint(3, 5))
    pc = Piece().add(
        f"Overzicht {rng.choice(['bezwaarzaken', 'Woo-verzoeken', 'klachten'])} "
        f"{rng.choice(['eerste', 'tweede'])} kwartaal 2023\n\n"
    )
    pc.add("Zaaknummer | Datum | Behandelaar | Afdeling | Plaats | Status\n")
    for _ in range(rng.randint(12, 24)):
        i = cast.pick()
        pc.add(f"Z-{rng.randint(2023000, 2023999)} | {rng.randint(1, 28)}-{rng.randint(1, 6)}-2023 | ")
        pc.add(cast.persons[i].render(rng.choice(["full", "initials", "last_comma_initials"])), "PER", i)
        pc.add(f" | {rng.choice(['Bezwaar en Beroep', 'Klantcontact', 'Juridische Zaken', 'Uitkeren'])} | ")
        pc.add(rng.choice(PLACES), "LOC").add(
            f" | {rng.choice(['afgehandeld', 'in behandeling', 'aangehouden'])}\n"
        )
    pc.add("\nVragen over dit overzicht: ").add("woo@uwv.nl", "MAILBOX").add("\n")
    d = Draft("")
    d.replace(0, 0, pc.text, pc.spans)
    return _finish(d, cast, f"table/{index:02d}-overzicht.pdf", "table", "synthetic", rng)


SYNTHETIC = {"chat": build_chat, "form": build_form, "table": build_table}


# --------------------------------------------------------------------------- rendering


def render_pdf(doc: CorpusDoc, path: Path, layout: bool = False) -> None:
    """A4 Helvetica PDF; " | " lines become a grid (tables, forms); long lines wrap; several pages.

    ``layout``: the text is ``pdftotext -layout`` output; runs of 3+ spaces separate columns, drawn
    at their character column (letterheads beside the body text, as in the published PDF)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setAuthor(doc.author)
    c.setTitle(doc.title)
    c.setSubject("Woo ontwikkelcorpus (fictief)")
    c.setCreator("Microsoft Word voor Microsoft 365")
    width, height = A4
    left, right, top, bottom, size, lead = 62.0, 56.0, 64.0, 60.0, 10.0, 13.0
    avail = width - left - right
    y = height - top

    def wrap(s: str, w: float) -> list[str]:
        out, line = [], ""
        for word in s.split(" "):
            while stringWidth(word, "Helvetica", size) > w:  # hard-break an overlong token with a hyphen
                k = len(word) - 1
                while k > 1 and stringWidth(word[:k] + "-", "Helvetica", size) > w:
                    k -= 1
                if line:
                    out.append(line)
                    line = ""
                out.append(word[:k] + "-")
                word = word[k:]
            cand = f"{line} {word}" if line else word
            if stringWidth(cand, "Helvetica", size) <= w:
                line = cand
            else:
                out.append(line)
                line = word
        out.append(line)
        return out

    def newpage_if(need: float) -> None:
        nonlocal y
        if y - need < bottom:
            c.showPage()
            y = height - top

    if layout:
        size, lead = 8.5, 11.0
        unit = avail / max(100, max((len(ln) for ln in doc.text.split("\n")), default=0))
    c.setFont("Helvetica", size)
    for raw in doc.text.split("\n"):
        segs = list(re.finditer(r"\S+(?: {1,2}\S+)*", raw)) if layout else []
        if layout and (len(segs) > 1 or (segs and segs[0].start() >= 3)):
            xs, x_end = [], left
            for m in segs:
                x = max(left + m.start() * unit, x_end + (4.0 if xs else 0.0))
                xs.append(x)
                x_end = x + stringWidth(m.group(0), "Helvetica", size)
            if x_end <= width - right + 20:
                newpage_if(lead)
                c.setFont("Helvetica", size)
                for x, m in zip(xs, segs, strict=True):
                    c.drawString(x, y, m.group(0))
                y -= lead
                continue
            raw = " ".join(m.group(0) for m in segs)
        if " | " in raw:
            cells = raw.split(" | ")
            colw = avail / len(cells)
            wrapped = [wrap(cell.strip(), colw - 6) for cell in cells]
            rows = max(len(w) for w in wrapped)
            h = rows * lead + 4
            newpage_if(h)
            c.setFont("Helvetica", size)
            for k, lines in enumerate(wrapped):
                x = left + k * colw
                c.rect(x, y - h + lead - 2, colw, h, stroke=1, fill=0)
                for r, ln in enumerate(lines):
                    c.drawString(x + 3, y - r * lead, ln)
            y -= h
            continue
        for ln in wrap(raw, avail) if raw else [""]:
            newpage_if(lead)
            c.setFont("Helvetica", size)
            c.drawString(left, y, ln)
            y -= lead
    c.showPage()
    c.save()


# --------------------------------------------------------------------------- corpus


def build_corpus(
    out: Path, shared: Path = SHARED_TEXTS, selection: Path = SELECTION_FILE, rules_file: Path = RULES_FILE
) -> list[CorpusDoc]:
    """Build every corpus PDF and ``gold.jsonl`` into ``out``; deterministic for a given selection."""
    rules = load_rules(rules_file)
    rows = read_selection(selection)
    docs: list[CorpusDoc] = []
    bodies: dict[str, str] = {}
    for n, row in enumerate(rows, 1):
        if row["source"] not in bodies:
            bodies[row["source"]] = source_body(
                (shared / row["source"]).read_text(encoding="utf-8", errors="replace")
            )
        body = bodies[row["source"]]
        if hashlib.sha256(body.encode()).hexdigest()[:16] != row["sha"]:
            raise SystemExit(
                f"{row['source']}: source text changed since the selection was made (--reselect)"
            )
        docs.append(build_real(row, body, random.Random(f"{SEED}:{row['source']}:{row['start']}"), rules, n))
    n = len(docs)
    for genre, count in rules["synthetic"].items():
        for k in range(count):
            n += 1
            docs.append(SYNTHETIC[genre](random.Random(f"{SEED}:{genre}:{k}"), n))
    out.mkdir(parents=True, exist_ok=True)
    if (out / "gold.jsonl").is_file():  # a previous build's documents would be run but never scored
        for prev in read_gold(out):
            (out / prev.name).unlink(missing_ok=True)
    with (out / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            render_pdf(doc, out / doc.name)
            fh.write(json.dumps(asdict(doc), ensure_ascii=False) + "\n")
    return docs


def read_gold(corpus: Path) -> list[CorpusDoc]:
    docs = []
    for ln in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(ln)
        obj["spans"] = [GoldSpan(**s) for s in obj["spans"]]
        docs.append(CorpusDoc(**obj))
    return docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/work/tmp-quality/corpus"))
    ap.add_argument("--shared", type=Path, default=SHARED_TEXTS)
    ap.add_argument(
        "--reselect", action="store_true", help="redo benchmarks/corpus/selection.tsv from ../shared"
    )
    args = ap.parse_args(argv)
    if args.reselect or not SELECTION_FILE.exists():
        rows = select_excerpts(args.shared, load_rules(), load_split())
        write_selection(rows)
        print(f"selection: {len(rows)} excerpts -> {SELECTION_FILE}", file=sys.stderr)
    docs = build_corpus(args.out, args.shared)
    by = {g: sum(1 for d in docs if d.genre == g) for g in GENRES}
    go = sum(len(d.redact_spans()) for d in docs)
    print(
        f"corpus: {len(docs)} documents {by}; {go} gold spans to redact, "
        f"{sum(len(d.spans) for d in docs) - go} to keep -> {args.out}"
    )


def _slot_count(seg: str, rules: dict) -> int:
    """Refillable places in an excerpt (ground-code markers and gaps): preferred in the selection."""
    from models.synth.refill import find_markers

    fields = "|".join(re.escape(f) for f in rules["header_fields"])
    n = sum(1 for m in find_markers(seg) if m.kind)
    n += len(re.findall(rf"^(?:{fields})\s*:[ \t]*$", seg, re.M))
    n += len(re.findall(rules["list_gap"], seg, re.M))
    return n


if __name__ == "__main__":
    main()


__all__ = [
    "CorpusDoc",
    "GoldSpan",
    "build_corpus",
    "read_gold",
    "render_pdf",
    "classify_genre",
    "source_body",
    "excerpts",
    "fake_phone",
    "bsn",
    "iban",
]
