"""Decide: thresholds, keep rules, public officials, consistency and merging."""

import pytest

from pipeline.decide import decide
from pipeline.detect import Finding
from pipeline.model import Char, Document, Page
from pipeline.rules import load_rules


def make_doc(*pages: str, author: str = "") -> Document:
    doc = Document(path="x.pdf", metadata={"Author": author} if author else {})
    for i, text in enumerate(pages):
        chars = [Char(c, 5.0 * k, 10.0, 5.0 * k + 5, 20.0) for k, c in enumerate(text)]
        doc.pages.append(Page(i, 600, 800, chars, text, list(range(len(text)))))
    return doc


def find(doc: Document, text: str, entity: str = "PERSON", score: float = 0.9, page: int = 0, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = doc.pages[page].text.index(text, start + 1)
    return Finding(f"f{page}-{start}", page, start, start + len(text), text, entity, score, "Test")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def redacted(outcome, doc):
    return [doc.pages[r.page].text[r.start : r.end] for r in outcome.redactions]


def test_threshold_and_ground(rules):
    doc = make_doc("Sanne Bakker belde over BSN 111222333 en Piet.")
    out = decide(
        doc,
        [find(doc, "Sanne Bakker"), find(doc, "111222333", "NL_BSN"), find(doc, "Piet", score=0.3)],
        rules,
    )
    assert redacted(out, doc) == ["Sanne Bakker", "111222333"]
    assert [r.ground for r in out.redactions] == ["5.1.2e", "5.1.1e"]
    rejected = [d for d in out.decisions if not d.accepted]
    assert [(d.finding.text, d.rule) for d in rejected] == [("Piet", "below-min-score")]


def test_functional_mailbox_and_main_number_stay(rules):
    doc = make_doc("Mail woo@minszw.nl of sanne.bakker@minszw.nl, bel 070 333 44 44 of 070 333 44 55.")
    fs = [
        find(doc, "woo@minszw.nl", "EMAIL_ADDRESS"),
        find(doc, "sanne.bakker@minszw.nl", "EMAIL_ADDRESS"),
        find(doc, "070 333 44 44", "PHONE_NUMBER"),
        find(doc, "070 333 44 55", "PHONE_NUMBER"),
    ]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["sanne.bakker@minszw.nl", "070 333 44 55"]
    rules_used = {d.finding.text: d.rule for d in out.decisions if not d.accepted}
    assert rules_used["woo@minszw.nl"] == "keep-mailbox:woo"
    assert rules_used["070 333 44 44"] == "keep-phone-number"


def test_public_officials_stay_by_role_and_by_registry(rules):
    doc = make_doc(
        "De minister Verhoeven sprak met Kees de Vries. Later zei Verhoeven dat "
        "Eddy van Hijum en staatssecretaris Yilmaz akkoord waren."
    )
    fs = [
        find(doc, "Verhoeven"),
        find(doc, "Kees de Vries"),
        find(doc, "Verhoeven", nth=1),
        find(doc, "Eddy van Hijum"),
        find(doc, "Yilmaz"),
    ]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["Kees de Vries"]
    why = {(d.finding.text, d.finding.start): d.rule for d in out.decisions if not d.accepted}
    assert why[("Verhoeven", fs[0].start)] == "public-official-role:minister"
    assert why[("Verhoeven", fs[2].start)] == "public-official"  # the same name later, without the title
    assert why[("Eddy van Hijum", fs[3].start)] == "public-official"  # rules/public_officials.yaml
    assert why[("Yilmaz", fs[4].start)] == "public-official-role:staatssecretaris"


def test_person_inside_an_organisation_name_stays(rules):
    doc = make_doc("Opdracht aan Bierman B.V. via Jan Bierman.")
    org = find(doc, "Bierman B.V.", "ORGANIZATION", 0.85)
    fs = [org, find(doc, "Bierman"), find(doc, "Jan Bierman")]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["Jan Bierman"]


def test_consistency_redacts_every_other_mention_across_pages(rules):
    doc = make_doc(
        "Van: Bakker, Sanne", "Beste Sanne, zoals Bakker al zei. Bakkerij De Zon.", "sanne.bakker@minszw.nl"
    )
    out = decide(doc, [find(doc, "Bakker, Sanne")], rules)
    got = sorted((r.page, doc.pages[r.page].text[r.start : r.end]) for r in out.redactions)
    assert got == [(0, "Bakker, Sanne"), (1, "Bakker"), (1, "Sanne")]  # "Bakkerij" is another word
    assert all(
        d.rule.startswith("consistency:") for d in out.decisions if d.finding.recognizer == "Consistency"
    )


def test_author_metadata_name_is_redacted_in_the_text(rules):
    doc = make_doc("Opgesteld door Visser, Marieke op 3 maart.", author="Visser, Marieke")
    out = decide(doc, [], rules)
    assert redacted(out, doc) == ["Visser, Marieke"]


def test_overlaps_merge_and_the_stronger_ground_wins(rules):
    doc = make_doc("BSN 111222333 van dhr. Jansen")
    fs = [find(doc, "111222333", "NL_BSN"), find(doc, "BSN 111222333", "PHONE_NUMBER", 0.6)]
    out = decide(doc, fs, rules)
    assert len(out.redactions) == 1
    assert redacted(out, doc) == ["BSN 111222333"]
    assert out.redactions[0].ground == "5.1.1e"


def test_secrets_count_legitimately_kept_occurrences(rules):
    doc = make_doc("Jan Bierman tekende. Bierman B.V. leverde.")
    org = find(doc, "Bierman B.V.", "ORGANIZATION", 0.85)
    out = decide(doc, [org, find(doc, "Jan Bierman")], rules)
    secrets = {s.text: s.allowed for s in out.secrets(doc)}
    assert secrets["Jan Bierman"] == 0
    assert secrets.get("Bierman", 0) in (0, 1)


def test_role_word_inside_the_span_keeps_the_official(rules):
    doc = make_doc(
        "Staatssecretaris Liza van den Velden heeft het besluit genomen. Later belde Van den Velden."
    )
    out = decide(doc, [find(doc, "Staatssecretaris Liza van den Velden"), find(doc, "Van den Velden")], rules)
    assert redacted(out, doc) == []


def test_a_name_wrapped_with_a_hyphen_in_a_table_cell_is_redacted_too(rules):
    doc = make_doc("Behandelaar: Rosalie Knoers-Cadefau\nZ-2023549\nKnoers-Cadefa-\nUitkeren\nu, R.")
    out = decide(doc, [find(doc, "Rosalie Knoers-Cadefau")], rules)
    assert "Knoers-Cadefa-" in redacted(out, doc)
    assert "Uitkeren" not in " ".join(redacted(out, doc))


def test_the_first_half_of_a_wrapped_double_surname_goes_with_the_rest(rules):
    doc = make_doc(
        "Z-2023001\n14-1-2023\nKronenberg-van\nKlantcontact\nin behandeling\nder Prinsen, V.\nNoord-Holland"
    )
    out = decide(doc, [find(doc, "der Prinsen, V.")], rules)
    assert redacted(out, doc) == ["Kronenberg-van", "der Prinsen, V."]


def test_batch_surname_keeps_its_interfix_so_a_village_of_that_name_stays(rules):
    doc = make_doc("Gesprek met Bram van Geffen en Piet Jansen over de regeling.")
    out = decide(doc, [find(doc, "Bram van Geffen"), find(doc, "Piet Jansen")], rules)
    terms = {t for t, _, _ in out.batch_terms()}
    assert {"Bram van Geffen", "van Geffen", "Piet Jansen", "Jansen"} <= terms
    assert "Geffen" not in terms
    other = make_doc("De gemeente Geffen doet mee. Van Geffen belde terug.")
    out2 = decide(other, [], rules, None, out.batch_terms())
    assert redacted(out2, other) == ["Van Geffen"]


def test_a_person_span_that_ran_on_into_an_organisation_or_interfix_is_cut(rules):
    doc = make_doc(
        "Xavi Meijer van Divosa belde. Faye Schouten van de Inspectie ook, met Ella Jong, ja. Divosa later."
    )
    fs = [
        find(doc, "Xavi Meijer van Divosa", score=0.7),
        find(doc, "Divosa", "ORGANIZATION", 0.85),
        find(doc, "Divosa", "ORGANIZATION", 0.85, nth=1),
        find(doc, "Faye Schouten van de"),
        find(doc, "Ella Jong,"),
    ]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["Xavi Meijer", "Faye Schouten", "Ella Jong"]
    assert {t for t, _, _ in out.batch_terms()} >= {"Xavi Meijer", "Meijer", "Faye Schouten", "Schouten"}
    assert not [t for t, _, _ in out.batch_terms() if "Divosa" in t or t.endswith(" de")]


def test_consistency_leaves_a_minister_with_the_same_surname_readable(rules):
    doc = make_doc("Faye Schouten stuurt de nota.", "Minister Schouten tekent. Schouten belt morgen.")
    out = decide(doc, [find(doc, "Faye Schouten")], rules)
    assert redacted(out, doc) == ["Faye Schouten", "Schouten"]
    assert [r.page for r in out.redactions] == [0, 1]
    assert out.redactions[1].start == doc.pages[1].text.index("Schouten belt")


def test_a_surname_that_is_also_a_town_stays_readable_where_the_town_is_meant(rules):
    doc = make_doc("Gesprek met Bram Oosterhout.", "De gemeente Oosterhout doet mee. Oosterhout belt terug.")
    out = decide(doc, [find(doc, "Bram Oosterhout")], rules)
    assert redacted(out, doc) == ["Bram Oosterhout", "Oosterhout"]
    assert out.redactions[1].start == doc.pages[1].text.index("Oosterhout belt")
    other = make_doc("Mevrouw Pieters uit Oosterhout schreef. Oosterhout belde ook.")
    out2 = decide(other, [], rules, None, out.batch_terms())
    assert [other.pages[0].text[r.start : r.end] for r in out2.redactions] == ["Oosterhout"]
    assert out2.redactions[0].start == other.pages[0].text.index("Oosterhout belde")


def test_consistency_matches_what_case_insensitive_regex_matches(rules):
    """The substring tests before each regex must not be narrower than re.IGNORECASE."""
    doc = make_doc("Het kind Tanir Inönü is geboren.", author="Tanır İnönü")
    out = decide(doc, [], rules)
    assert redacted(out, doc) == ["Tanir Inönü"]


def test_ascii_probe_is_never_narrower_than_ignorecase():
    """Every character re.IGNORECASE equates with an ASCII letter or digit folds to it."""
    import re
    import sys

    from pipeline.decide import fold

    everything = "".join(chr(cp) for cp in range(128, sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    equated = re.findall(r"[0-9a-z]", everything, re.IGNORECASE)
    assert sorted(equated) == sorted("\u0130\u0131\u017f\u212a")  # İ ı ſ K: what fold() is for
    for c in equated:
        assert fold(c).isascii() and re.fullmatch(fold(c), c, re.IGNORECASE), hex(ord(c))


def test_ascii_probe_picks_the_longest_ascii_run():
    from pipeline.decide import ascii_probe, might_contain

    assert ascii_probe("Bökenkamp") == "kenkamp"
    assert ascii_probe("Öz Ün") == ""  # nothing to test by: always scanned
    assert might_contain("de heer bökenkamp", "Bökenkamp")
    assert might_contain("de heer boekenkamp", "Öz")
    assert not might_contain("de heer bakker", "Bökenkamp")


def test_batch_terms_outside_ascii_are_found_through_known_terms(rules):
    from pipeline.decide import KnownTerms

    known = KnownTerms()
    known.add([("Sem Bökenkamp", "5.1.2e", "PERSON"), ("Bökenkamp", "5.1.2e", "PERSON")])
    known.add([("Chloë Stook", "5.1.2e", "PERSON"), ("Stook", "5.1.2e", "PERSON")])
    doc = make_doc("Overleg met SEM BÖKENKAMP.", "Daarna belde Bökenkamp terug.")
    relevant = known.relevant(doc)
    assert {t for t, _, _ in relevant} == {"Sem Bökenkamp", "Bökenkamp"}
    out = decide(doc, [], rules, None, relevant)
    assert redacted(out, doc) == ["SEM BÖKENKAMP", "Bökenkamp"]
    assert known.relevant(make_doc("Niets over hem.")) == []


def test_a_name_outside_ascii_wrapped_in_a_table_cell_is_redacted_too(rules):
    doc = make_doc("Behandelaar: Noëlle Bökenkamp", "Z-2023549\nBökenk-\nUitkeren")
    out = decide(doc, [find(doc, "Noëlle Bökenkamp")], rules)
    assert "Bökenk-" in redacted(out, doc)
    assert "Uitkeren" not in " ".join(redacted(out, doc))


def test_the_first_pass_skips_the_consistency_search_without_changing_the_batch_terms(rules):
    doc = make_doc(
        "Van: Sanne Bakker <sanne.bakker@minszw.nl>. Bel 06 12345678.",
        "Bakker belt terug. Sanne Bakker tekent.",
    )
    fs = [
        find(doc, "Sanne Bakker"),
        find(doc, "sanne.bakker@minszw.nl", "EMAIL_ADDRESS"),
        find(doc, "06 12345678", "PHONE_NUMBER"),
    ]
    full = decide(doc, fs, rules)
    first = decide(doc, fs, rules, consistency=False)
    assert len(full.redactions) > len(first.redactions)  # the other mentions are the second pass's
    assert sorted(first.batch_terms()) == sorted(full.batch_terms())
    assert {t for t, _, _ in full.batch_terms()} >= {"Sanne Bakker", "Bakker", "sanne.bakker@minszw.nl"}
