"""Non-Dutch text: a paragraph's language, ordinary words, and what decide and the batch do with them."""

from __future__ import annotations

import pytest
from test_decide import find, make_doc, redacted

from pipeline import language
from pipeline.decide import decide
from pipeline.rules import load_rules

EN = "The agreement with Japan was signed in Tokyo and it will be published on the Page of the Form."
NL = "Het akkoord is door de minister getekend en wordt volgende week op de website van het ministerie gezet."
DE = "Die Vereinbarung wurde von der Regierung unterzeichnet und wird nicht mehr geändert, sagte er."


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_a_paragraphs_language_from_its_stop_words():
    assert (language.guess(EN), language.guess(NL), language.guess(DE)) == ("en", "nl", "de")
    assert language.guess("Form 1040") is None  # too little evidence: the page or Dutch decides
    page = NL + "\n\n" + EN + "\n\nForm 1040"
    assert language.language_at(page, 3) == "nl"
    assert language.language_at(page, page.index("Japan")) == "en"
    assert language.language_at(page, page.index("1040")) == "nl"  # a mixed page: Dutch by default


def test_ordinary_words_of_any_language_but_never_a_listed_name():
    assert all(language.ordinary_phrase(p) for p in ("Hello World", "The Team", "Form", "Page", "Japan"))
    assert all(language.ordinary_word(w) for w in ("Register", "Airplanes", "Formular"))
    assert not any(language.ordinary_phrase(p) for p in ("Bakker", "Smith", "Jennifer Lee", "T. Gant"))
    assert language.ordinary_word("Form", "en") and not language.ordinary_word("Gant", "en")


def test_a_capitalised_english_word_is_no_name_in_an_english_paragraph(rules):
    doc = make_doc("Hello World is the first program. Please send the Form to The Team in Japan.")
    fs = [find(doc, t) for t in ("Hello World", "Form", "The Team", "Japan")]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == []
    assert {d.rule for d in out.decisions} == {"ordinary-words:en"}
    assert out.batch_terms() == []


def test_a_real_name_in_an_english_paragraph_and_dutch_paragraphs_are_unchanged(rules):
    doc = make_doc(
        "For further information contact Jennifer Smith, who wrote the report on the World.\n\n"
        "Gesprek met Hello World en Sanne Bakker over de regeling van het ministerie, die wij besproken."
    )
    fs = [find(doc, "Jennifer Smith"), find(doc, "Hello World"), find(doc, "Sanne Bakker")]
    out = decide(doc, fs, rules)
    # a Dutch paragraph keeps the Dutch rules ("Hello World" there is as before)
    assert {"Jennifer Smith", "Hello World", "Sanne Bakker"} <= set(redacted(out, doc))


def test_batch_consistency_never_carries_an_ordinary_word(rules):
    doc = make_doc("Geachte heer Willem Register, uw brief over Hello Kitty is ontvangen.")
    out = decide(doc, [find(doc, "Willem Register"), find(doc, "Hello Kitty")], rules)
    terms = {t for t, _, _ in out.batch_terms()}
    assert "Willem Register" in terms and "Register" not in terms  # an English word alone
    assert "Hello Kitty" in terms and "Kitty" in terms  # "Kitty" is no common word


def test_a_batch_term_written_here_as_an_ordinary_word_is_not_spread(rules):
    other = make_doc("De kitty van het team is leeg; Kitty belde. Daarna belde Kitty opnieuw.")
    terms = [("Kitty", "5.1.2e", "PERSON")]
    assert redacted(decide(other, [], rules, None, terms), other) == []
    third = make_doc("Daarna belde Kitty opnieuw over de aanvraag.")
    assert redacted(decide(third, [], rules, None, terms), third) == ["Kitty"]
