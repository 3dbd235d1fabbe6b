"""Non-Dutch text: a paragraph's language, ordinary words, and what decide and the batch do with them."""

from __future__ import annotations

import pytest
from test_decide import find, make_doc, redacted

from pipeline import language
from pipeline.analyzer import NER_RECOGNIZER
from pipeline.decide import decide
from pipeline.rules import load_rules

EN = "The agreement with Japan was signed in Tokyo and it will be published on the Page of the Form."
NL = "Het akkoord is door de minister getekend en wordt volgende week op de website van het ministerie gezet."
DE = "Die Vereinbarung wurde von der Regierung unterzeichnet und wird nicht mehr geändert, sagte er."


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def ner(doc, text: str, nth: int = 0):
    """A finding of the NER model, whose only evidence is capitalisation and context."""
    f = find(doc, text, nth=nth)
    f.recognizer = NER_RECOGNIZER
    return f


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
    fs = [ner(doc, t) for t in ("Hello World", "Form", "The Team", "Japan")]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == []
    assert {d.rule for d in out.decisions} == {"ordinary-words:en", "country-not-person"}
    assert out.batch_terms() == []


def test_a_real_name_in_an_english_paragraph_stays_a_name(rules):
    doc = make_doc(
        "For further information contact Jennifer Smith, who wrote the report on the World.\n\n"
        "Gesprek met Hello World en Sanne Bakker over de regeling van het ministerie, die wij besproken."
    )
    fs = [ner(doc, "Jennifer Smith"), ner(doc, "Hello World"), ner(doc, "Sanne Bakker")]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["Jennifer Smith", "Sanne Bakker"]
    # in a Dutch paragraph only words that are no Dutch words at all are let go
    assert out.decisions[1].rule == "foreign-words"


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


def test_english_words_alone_on_a_line_are_no_dutch_name(rules):
    """No stop words to tell the language ("Hello World" as a page title): the words themselves do."""
    assert language.foreign_phrase("Hello World") and language.foreign_phrase("Page")
    assert not any(language.foreign_phrase(p) for p in ("Sanne Bakker", "Team", "Register", "Smith"))
    doc = make_doc("English:\nHello World\nSanne Bakker")
    out = decide(doc, [ner(doc, "Hello World"), ner(doc, "Sanne Bakker")], rules)
    assert redacted(out, doc) == ["Sanne Bakker"]
    assert out.decisions[0].rule == "foreign-words"


def test_a_name_after_a_title_or_from_a_name_rule_is_a_name_whatever_its_words(rules):
    """ "Geachte mevrouw Doe": "doe" is an English word, and this is still Mrs Doe."""
    doc = make_doc(
        "Geachte mevrouw Doe,\n\nDear Mrs Page, the Form is attached and will be sent to you by the team."
    )
    out = decide(doc, [ner(doc, "Doe"), ner(doc, "Page"), find(doc, "Form")], rules)
    assert redacted(out, doc) == ["Doe", "Page", "Form"]  # "Form": another recognizer's evidence


def test_a_country_is_no_person_and_a_weak_rejection_still_takes_consistency(rules):
    doc = make_doc("Mark Pagewood visited Japan and France.\nIndonesia\nPagewood said the Page is ready.")
    fs = [ner(doc, "Mark Pagewood"), ner(doc, "Japan"), ner(doc, "France"), ner(doc, "Indonesia")]
    fs.append(ner(doc, "Page"))
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["Mark Pagewood", "Pagewood"]
    assert [d.rule for d in out.decisions[1:4]] == ["country-not-person"] * 3
    # "Page" alone is no name; were it a redacted person's surname, consistency would still take it
    doc = make_doc("Mark Page wrote the report. Page said the Form is ready.")
    out = decide(doc, [ner(doc, "Mark Page"), ner(doc, "Page", 1)], rules)
    assert redacted(out, doc) == ["Mark Page", "Page"]
