"""Text as detection and verification see it: one normalisation for both.

A PDF's text layer can hide a name from a detector without hiding it from a reader:
a zero-width space or a soft hyphen inside ``Nie\u200buwenhuis`` or an e-mail address,
a ligature, full-width letters.  Detection reads the NFKC form with these invisible
characters removed; the extractor keeps every glyph and maps each character of that
text back to its glyph (pipeline.extract._build_page), so the whole visible name is
redacted.  Verification reads its output texts through ``visible_text`` so it looks
for a redacted string in the same form detection found it.

pypdfium2 also hands out a character above U+FFFF (an emoji) as two UTF-16 halves,
one "glyph" each; a lone half makes spaCy raise UnicodeEncodeError.  ``join_surrogates``
puts each pair back into one glyph with the union of their boxes.
"""

from __future__ import annotations

import unicodedata

import regex as re

# Characters that draw nothing: zero-width space, non-joiner, joiner, word joiner, BOM
# (zero-width no-break space) and the soft hyphen; more generally every format character
# (Unicode category Cf: also bidi marks) and control character.  A control character can
# come from a hostile /ToUnicode map ("Vries\x03"); it must not split a name for the NER.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
SOFT_HYPHEN = "\u00ad"
INVISIBLE = ZERO_WIDTH + SOFT_HYPHEN
# \x02 stays: pdfium's marker of a line-end hyphen, which the verifier turns into "-\n".
_DRAWS_NOTHING = re.compile(r"[\p{Cf}\x00\x01\x03-\x08\x0e-\x1f\x7f-\x9f]")
_SOFT_HYPHEN_AT_LINE_END = re.compile(r"\u00ad(?=[ \t]*(?:\r|\n))")


def glyph_text(text: str) -> str:
    """A glyph's text as detection reads it: NFKC, and "" for a character that draws nothing."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():
        return text
    return _DRAWS_NOTHING.sub("", unicodedata.normalize("NFKC", text))


def visible_text(text: str) -> str:
    """A whole text in the same form: NFKC, characters that draw nothing removed.

    A soft hyphen at a line end is where a word was broken: it becomes a hyphen, so the
    usual line-end hyphenation rules rejoin the word.
    """
    text = _SOFT_HYPHEN_AT_LINE_END.sub("-", text)
    return _DRAWS_NOTHING.sub("", unicodedata.normalize("NFKC", text))


def _is_high(ch: str) -> bool:
    return len(ch) == 1 and "\ud800" <= ch <= "\udbff"


def _is_low(ch: str) -> bool:
    return len(ch) == 1 and "\udc00" <= ch <= "\udfff"


def join_surrogates(glyphs: list[tuple]) -> list[tuple]:
    """Each pair of UTF-16 halves as one glyph (the character they encode); a lone half becomes U+FFFD.

    A glyph is a tuple whose first items are (text, x0, top, x1, bottom, ...); the joined
    glyph takes the union box of the halves that have one (pdfium gives the second half
    an empty box) and the first half's other fields.
    """
    if not any(_is_high(g[0]) or _is_low(g[0]) for g in glyphs):
        return glyphs
    out: list[tuple] = []
    i = 0
    while i < len(glyphs):
        g = glyphs[i]
        ch = g[0]
        if _is_high(ch) and i + 1 < len(glyphs) and _is_low(glyphs[i + 1][0]):
            h = glyphs[i + 1]
            joined = (ch + h[0]).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            boxes = [b for b in (g[1:5], h[1:5]) if b[2] > b[0] and b[3] > b[1]] or [g[1:5]]
            box = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            out.append((joined, *box, *g[5:]))
            i += 2
            continue
        if _is_high(ch) or _is_low(ch):
            g = ("\ufffd", *g[1:])
        out.append(g)
        i += 1
    return out


def decode_utf16(data: bytes) -> str:
    """UTF-16-LE text (pdfium's strings) that may hold lone surrogates: each becomes U+FFFD."""
    return data.decode("utf-16-le", "replace")


def pdfium_metadata(pdf) -> dict[str, str]:
    """The Info dictionary's non-empty values, read so that no value can fail the document.

    pypdfium2's ``get_metadata_dict`` raises UnicodeDecodeError on a lone surrogate; a
    broken Title must not make a document unreadable.
    """
    import ctypes

    import pypdfium2.raw as raw

    meta: dict[str, str] = {}
    for key in pdf.METADATA_KEYS:
        enc = (key + "\x00").encode("utf-8")
        n = raw.FPDF_GetMetaText(pdf, enc, None, 0)
        if n <= 2:
            continue
        buf = ctypes.create_string_buffer(n)
        raw.FPDF_GetMetaText(pdf, enc, buf, n)
        value = decode_utf16(buf.raw[: n - 2])
        if value:
            meta[key] = value
    return meta
