"""Parts of redacted strings the verifier must not find either: a person's surname, a number's digits.

A whole-string search misses "Nieuwenhuis" when the redacted string was "Kees
Nieuwenhuis", and "12345678" when it was "06-12345678": the surname in a page label,
the digits in a link or a producer's private key.  Each redacted person's surname
(3+ letters) and each redacted string's digit runs (5+ digits) become extra secrets,
with ``allowed`` counted like the whole strings' (occurrences the document keeps
readable on purpose are not leaks).  The verifier checks them with its extractors
and, with :func:`scan_fragments`, in every decompressed stream and string object.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import pikepdf

from pipeline.model import Document, Secret

SURNAME_MIN = 3
DIGITS_MIN = 5
# Shorter fragments are searched in text-bearing objects only: in a font program or an
# ICC profile, 3-5 given bytes between non-letters occur by chance.
BINARY_MIN = 6
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGIT_RUN = re.compile(r"\d+")
_SEPARATED_DIGITS = re.compile(r"\d+(?:[ .\-/]?\d+)*")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def surname_of(text: str) -> str:
    """The surname in a person's name: before a comma ("Bakker, S."), else the last word."""
    head, comma, _ = text.partition(",")
    words = _LETTERS.findall(head if comma else text)
    if len(words) < (1 if comma else 2):
        return ""
    word = words[0] if comma else words[-1]
    return word if sum(ch.isalpha() for ch in word) >= SURNAME_MIN else ""


def digit_runs(text: str) -> list[str]:
    """Runs of 5+ digits, and the digits of a separated number joined ("06-12345678" -> both)."""
    out: dict[str, None] = {}
    for group in _SEPARATED_DIGITS.findall(text):
        for run in _DIGIT_RUN.findall(group):
            if len(run) >= DIGITS_MIN:
                out.setdefault(run, None)
        joined = re.sub(r"\D", "", group)
        if len(joined) >= DIGITS_MIN:
            out.setdefault(joined, None)
    return list(out)


def fragment_secrets(doc: Document, redactions: Sequence, secrets: Sequence[Secret]) -> list[Secret]:
    """Surname and digit-run secrets for ``redactions`` (decide.Redaction), not repeating ``secrets``."""
    refs = {s.text.casefold(): s.ref for s in secrets}
    covered = [bytearray(len(p.text)) for p in doc.pages]
    for r in redactions:
        if r.end > r.start:
            covered[r.page][r.start : r.end] = b"\x01" * (r.end - r.start)
    wanted: dict[tuple[str, str], str] = {}  # (kind, text) -> ref of the string it came from
    for r in redactions:
        text = _norm(r.text)
        parent = refs.get(text.casefold(), "S?")
        if r.entity == "PERSON":
            surname = surname_of(text)
            if surname:
                wanted.setdefault(("surname", surname), parent)
        for run in digit_runs(text):
            wanted.setdefault(("digits", run), parent)
    out = []
    for n, ((kind, frag), parent) in enumerate(wanted.items(), 1):
        if frag.casefold() in refs:
            continue  # already a secret of its own
        pattern = _text_pattern(kind, frag)
        kept = 0
        for page in doc.pages:
            for m in pattern.finditer(page.text):
                if covered[page.index].find(0, m.start(), m.end()) != -1:
                    kept += 1
        out.append(Secret(ref=f"{parent}-{kind}{n}", text=frag, allowed=kept, kind=kind))
    return out


def _text_pattern(kind: str, frag: str) -> re.Pattern:
    """Occurrences in a page text; digits may be spaced out there as they are in the redacted string."""
    if kind == "digits":
        body = r"[ .\-/]?".join(re.escape(d) for d in frag)
        return re.compile(r"(?<!\d)" + body + r"(?!\d)")
    return re.compile(r"(?<!\w)" + re.escape(frag) + r"(?!\w)", re.IGNORECASE)


# --------------------------------------------------------------------------- raw bytes


def _is_binary(stream: pikepdf.Stream) -> bool:
    """Font programs and ICC profiles: bytes, not text."""
    if any(k in stream for k in ("/Length1", "/Length2", "/Length3", "/N")):
        return True
    return stream.get("/Subtype") in ("/Type1C", "/CIDFontType0C", "/OpenType")


def _needles(frag: str) -> list[bytes]:
    from pipeline.verify import _encodings

    return _encodings(frag)


def _byte_pattern(kind: str, frag: str) -> re.Pattern:
    """Whole-word byte forms (latin-1, UTF-8, UTF-16, hex) of a fragment, lower-cased like the data.

    A digit run must not follow a decimal point or precede one with more digits: content
    streams are full of numbers like ``72.12345``.
    """
    from pipeline.verify import _encodings, _raw_pattern

    pattern = _raw_pattern(_encodings(frag))
    if kind != "digits":
        return pattern
    return re.compile(rb"(?<![.\d])(?:" + pattern.pattern + rb")(?!\.\d)")


def scan_fragments(pdf: pikepdf.Pdf, fragments: Sequence[Secret]) -> tuple[list[str], str]:
    """Problems for fragments found in decompressed streams or string objects; and what was checked.

    Dictionaries and arrays are searched for surnames only (their numbers are the file's
    structure: lengths, object numbers); the strings in them are searched for both.
    """
    todo = [f for f in fragments if f.allowed == 0]
    if not todo:
        return [], f"fragments: {len(fragments)} (all kept readable elsewhere, raw search skipped)"
    texty: list[bytes] = []
    binary: list[bytes] = []
    structure: list[bytes] = []
    strings: list[str] = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            structure.append(obj.stream_dict.unparse().lower())
            if obj.get("/Subtype") == "/Image":
                continue  # pixels; their metadata is in the dictionary (and JPEG segments are stripped)
            try:
                data = obj.read_bytes()
            except pikepdf.PdfError:
                data = obj.read_raw_bytes()
            (binary if _is_binary(obj) else texty).append(data.lower())
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            structure.append(obj.unparse().lower())
        _strings(obj, strings, 0)
    structure.append(pdf.trailer.unparse().lower())
    _strings(pdf.trailer, strings, 0)
    texts = [unicodedata.normalize("NFKC", s).casefold() for s in strings]
    # One buffer per kind for a plain substring test first: most fragments are simply gone.
    joined = {"texty": b"\n".join(texty), "binary": b"\n".join(binary), "structure": b"\n".join(structure)}
    all_texts = "\n".join(texts)
    problems = []
    for frag in todo:
        needles = _needles(frag.text)
        kinds = ["texty"] + (["binary"] if len(frag.text) >= BINARY_MIN else [])
        kinds += ["structure"] if frag.kind != "digits" else []
        groups = {"texty": texty, "binary": binary, "structure": structure}
        blobs = [b for k in kinds if any(n in joined[k] for n in needles) for b in groups[k]]
        hits = 0
        if blobs:
            pattern = _byte_pattern(frag.kind, frag.text)
            hits += sum(1 for b in blobs if pattern.search(b))
        low = frag.text.casefold()
        if low in all_texts:
            target = re.compile(r"(?<!\w)" + re.escape(low) + r"(?!\w)")
            hits += sum(1 for s in texts if target.search(s))
        if hits:
            problems.append(f"{frag.ref} ({frag.kind}) found in the raw bytes of {hits} objects")
    return problems, f"fragments: {len(todo)} surnames/digit runs searched in streams and strings"


def _strings(obj, out: list[str], depth: int) -> None:
    if depth > 16:
        return
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            if not getattr(item, "is_indirect", False):
                _strings(item, out, depth + 1)
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for value in obj.values():
            if not getattr(value, "is_indirect", False):
                _strings(value, out, depth + 1)
