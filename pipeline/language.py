"""What language a paragraph is in, and whether a word is an ordinary word of some language.

Why: Woo batches hold English (and sometimes German or French) documents and passages
too.  The Dutch name rules and the NER model take capitalised words there for names
("Form", "Page", "Hello World") and batch consistency then blacks them out everywhere.
A paragraph's language is told from its stop words (pipeline/vocab/stopwords_<lang>.txt);
a capitalised word is an ordinary word when it is among the most frequent words of a
language (common_<lang>.txt; Dutch: deduce's common-word list) and no listed Dutch name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline import vocab

DUTCH = "nl"
LANGUAGES = ("nl", "en", "de", "fr")
COMMON_LISTS = ("en", "de")  # languages with a shipped list of frequent words
# A paragraph is in a language when that language has at least MIN_HITS stop words in it and
# at least RATIO times as many as any other; otherwise the page decides, and failing that Dutch.
MIN_HITS = 3
RATIO = 2.0
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_BLANK = re.compile(r"\n[ \t]*\n")


@cache
def _stop_words() -> dict[str, frozenset[str]]:
    """Each language's stop words, without those shared with another language ("in", "was")."""
    raw = {lang: vocab.words(f"stopwords_{lang}") for lang in LANGUAGES}
    return {
        lang: frozenset(w for w in words if not any(w in raw[o] for o in LANGUAGES if o != lang))
        for lang, words in raw.items()
    }


def guess(text: str) -> str | None:
    """The language of ``text`` by its stop words, or None when the evidence is thin or mixed."""
    stops = _stop_words()
    counts = dict.fromkeys(LANGUAGES, 0)
    for w in _WORD.findall(text.lower()):
        for lang in LANGUAGES:
            if w in stops[lang]:
                counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (best, n), (_, runner_up) = ranked[0], ranked[1]
    if n >= MIN_HITS and n >= RATIO * runner_up:
        return best
    return None


@lru_cache(maxsize=256)
def _blocks(page_text: str) -> tuple[tuple[int, int, str | None], ...]:
    """(start, end, language or None) for each paragraph of a page, split at blank lines.

    Extracted pages often have no blank lines; a block longer than a few lines is then cut
    every ten lines, so one English passage in a Dutch page still stands out.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in [*_BLANK.finditer(page_text), None]:
        end = m.start() if m else len(page_text)
        lines = [(x.start() + pos, x.end() + pos) for x in re.finditer(r"[^\n]+", page_text[pos:end])]
        for k in range(0, len(lines), 10):
            chunk = lines[k : k + 10]
            if chunk:
                spans.append((chunk[0][0], chunk[-1][1]))
        pos = m.end() if m else end
    return tuple((s, e, guess(page_text[s:e])) for s, e in spans)


def language_at(page_text: str, start: int) -> str:
    """The language of the paragraph holding ``page_text[start]``: its own, else the page's, else Dutch."""
    for s, e, lang in _blocks(page_text):
        if s <= start <= e:
            if lang:
                return lang
            break
    return guess(page_text) or DUTCH


@cache
def _common(lang: str) -> frozenset[str]:
    if lang == DUTCH:
        from pipeline.recognizers._lexicon import common_words

        return common_words()
    return vocab.words(f"common_{lang}") if lang in COMMON_LISTS else frozenset()


def _listed_name(word: str) -> bool:
    from pipeline.recognizers._lexicon import first_names, surnames

    return word in first_names() or word in surnames()


def common_in(word: str, lang: str) -> bool:
    """Whether ``word`` (any case; an English plural too) is a frequent word of ``lang``."""
    low = word.lower()
    common = _common(lang)
    if low in common:
        return True
    return lang == "en" and low.endswith("s") and (low[:-1] in common or low[:-2] in common)


def ordinary_word(word: str, lang: str | None = None) -> bool:
    """A frequent word of ``lang`` (None: of any language with a list) that is no listed Dutch name.

    "World", "Form", "Register": ordinary; "Bakker", "Smith", "Jennifer": listed names, not.
    """
    word = word.strip(".,;:!?'\"()")
    if not word or _listed_name(word):
        return False
    langs = (lang,) if lang else (DUTCH, *COMMON_LISTS)
    return any(common_in(word, x) for x in langs)


@cache
def _before_names() -> frozenset[str]:
    return vocab.words("titles") | vocab.words("greetings") | vocab.words("titles_en") | {"heer"}


def after_title(page_text: str, start: int) -> bool:
    """Whether a title or salutation stands right before ``start`` ("Geachte mevrouw Doe", "Dear Mrs Doe")."""
    before = page_text[max(0, start - 20) : start].split("\n")[-1].split()
    return bool(before) and before[-1].lower().strip(",") in _before_names()


def foreign_phrase(text: str) -> bool:
    """Ordinary words of another language that are no Dutch words: "Hello World", "Page", "Japan".

    Such a span is no Dutch name even where the paragraph's language is unknown (a title
    line, a one-line page); "Team" or "Manager" (also Dutch words) are not foreign.
    """
    from pipeline.recognizers._lexicon import dutch_words

    words = _WORD.findall(text)
    dutch = dutch_words()
    return bool(words) and all(
        w.lower() not in dutch and any(ordinary_word(w, lang) for lang in COMMON_LISTS) for w in words
    )


def country(text: str) -> bool:
    """Whether ``text`` is a country's name (English, Dutch, German, French, ...): "Japan", "Frankrijk"."""
    return " ".join(text.lower().split()).strip(".,;:") in vocab.words("countries")


def ordinary_phrase(text: str, lang: str | None = None) -> bool:
    """Every word of ``text`` is an ordinary word (see ordinary_word): "Hello World", "The Team"."""
    words = _WORD.findall(text)
    return bool(words) and all(ordinary_word(w, lang) for w in words)
