"""The Dutch vocabulary lists (pipeline/vocab/*.txt): well-formed, and one source for every stage."""

from __future__ import annotations

import pytest

from pipeline import vocab


def test_every_list_loads_without_duplicates_or_stray_whitespace():
    kinds = vocab.kinds()
    assert {"titles", "interfixes", "months", "greetings", "org_role_words", "department_words"} <= set(kinds)
    for kind in kinds:
        entries = vocab.ordered(kind)
        assert entries, kind
        assert len(set(entries)) == len(entries), f"{kind}: duplicate entries"
        assert all(e == e.strip() and "  " not in e and "\t" not in e for e in entries), kind


def test_months_and_their_abbreviations():
    months = vocab.ordered("months")
    assert months[0] == "januari" and months[11] == "december" and len(months) == 12
    abbr = vocab.mapping("month_abbreviations")
    assert abbr["mrt"] == 3 and abbr["okt"] == 10 and set(abbr.values()) <= set(range(1, 13))
    for key, number in abbr.items():
        assert months[number - 1].startswith(key[:2]) or key == "mrt", key


def test_unknown_list_is_an_error_not_an_empty_set():
    with pytest.raises(KeyError, match="no vocabulary list 'titels'"):
        vocab.words("titels")


def test_the_stages_share_one_list_per_kind():
    """Months, titles and interfixes were copied (and drifted apart) in five modules."""
    from pipeline import decide, describe, extract
    from pipeline.decide import names
    from pipeline.recognizers import birthdate, person

    months = vocab.ordered("months")
    assert list(describe._MONTHS) == list(months)
    assert {m: n for m, n in birthdate.MONTHS.items() if m in months} == describe._MONTHS
    assert person.MONTHS == set(months)
    assert person.MONTH_ABBREVIATIONS == set(vocab.mapping("month_abbreviations"))
    assert person.TITLES == vocab.words("titles") <= decide.TITLES
    one_word = vocab.single_words("interfixes")
    assert person._INTERFIX_SET == vocab.words("interfixes")
    assert extract.INTERFIXES == one_word
    assert one_word <= names._INTERFIX_WORDS and one_word <= decide.NAME_PARTS
    assert vocab.words("greetings") <= decide.TITLES and not vocab.words("greetings") & decide.NAME_PARTS
