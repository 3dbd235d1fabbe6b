"""An official's name in every written form: parsing, matching part by part, own work addresses.

Decide-level tests build documents in memory; the end-to-end ones (tests/test_officials_end_to_end.py)
check the output PDFs with pdftotext.
"""

import pytest

from pipeline.decide import KnownTerms, decide
from pipeline.detect import Finding
from pipeline.model import Char, Document, Page
from pipeline.official_forms import address_locals, is_own_address, parse_name, same_person
from pipeline.officials import OFFICIAL_TERM
from pipeline.rules import load_rules


def make_doc(*pages: str) -> Document:
    doc = Document(path="x.pdf", metadata={})
    for i, text in enumerate(pages):
        chars = [Char(c, 5.0 * k, 10.0, 5.0 * k + 5, 20.0) for k, c in enumerate(text)]
        doc.pages.append(Page(i, 600, 800, chars, text, list(range(len(text)))))
    return doc


def find(doc: Document, text: str, entity: str = "PERSON", nth: int = 0, page: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = doc.pages[page].text.index(text, start + 1)
    return Finding(f"f{page}-{start}", page, start, start + len(text), text, entity, 0.9, "Test")


def redacted(out, doc) -> list[str]:
    return [doc.pages[r.page].text[r.start : r.end] for r in out.redactions]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize(
    "text, given, initials, interfix, surname",
    [
        ("Anna de Vries", ("anna",), "a", "de", "vries"),
        ("Vries, Anna de", ("anna",), "a", "de", "vries"),
        ("Vries, Anna de <a.devries@gemeente.nl>", ("anna",), "a", "de", "vries"),
        ("Vries de, A.", (), "a", "de", "vries"),
        ("A.M. de Vries", (), "am", "de", "vries"),
        ("mevrouw drs. A. (Anna) de Vries", (), "a", "de", "vries"),
        ("De Vries", (), "", "de", "vries"),
        ("Anna Maria van der Berg-Jansen", ("anna", "maria"), "am", "van der", "berg-jansen"),
        ("Anna de Vries het voorstel", ("anna",), "a", "de", "vries"),  # a run-on span
        ("Ben Jansen", ("ben",), "b", "", "jansen"),  # "Ben" is an interfix only in lower case
    ],
)
def test_written_forms_are_parsed_into_their_parts(text, given, initials, interfix, surname):
    form = parse_name(text)
    assert form is not None
    assert (form.given, form.initials, form.interfix, form.surname) == (given, initials, interfix, surname)


def test_a_form_matches_only_with_the_same_first_name_or_initial():
    anna = parse_name("Anna de Vries")
    for same in ("Vries, Anna de", "A. de Vries", "Vries de, A.", "ANNA DE VRIES".title()):
        assert same_person(parse_name(same), anna, surname_alone=False), same
    for other in ("Arjen de Vries", "Vries, Arjen de", "B. de Vries", "Anna van Vries", "Anna de Boer"):
        assert not same_person(parse_name(other), anna, surname_alone=True), other
    # the surname alone only where the official is named in the document itself
    assert same_person(parse_name("De Vries"), anna, surname_alone=True)
    assert not same_person(parse_name("De Vries"), anna, surname_alone=False)
    # known by surname only ("Wethouder De Vries"): who "Arjen de Vries" is cannot be told
    assert not same_person(parse_name("Arjen de Vries"), parse_name("De Vries"), surname_alone=True)
    # known by initials only: a first name cannot be checked; other second initials are somebody else
    minister = parse_name("K.C. Heijmans")
    assert same_person(parse_name("K. Heijmans"), minister, surname_alone=False)
    assert same_person(parse_name("K.C. Heijmans"), minister, surname_alone=False)
    assert not same_person(parse_name("K.F. Heijmans"), minister, surname_alone=True)
    assert not same_person(parse_name("Kyra Heijmans"), minister, surname_alone=True)


def test_own_work_addresses_but_not_a_colleagues_or_a_private_one():
    anna = parse_name("Anna de Vries")
    assert {"a.devries", "anna.devries", "adevries", "anna.de.vries", "a_devries"} <= address_locals(anna)
    for own in ("a.devries@gemeente.nl", "Anna.deVries@utrecht.nl", "anna.de.vries@minszw.nl"):
        assert is_own_address(own, [anna]), own
    for other in ("arjen.devries@gemeente.nl", "b.devries@gemeente.nl", "devries@gemeente.nl"):
        assert not is_own_address(other, [anna]), other
    assert not is_own_address("a.devries@gmail.com", [anna])  # private mail is personal data
    assert address_locals(parse_name("De Vries")) == set()  # no first name, no address


HEADER_FIRST = (
    "Van: Vries, Anna de <a.devries@gemeente.nl>\n"
    "Aan: Bos, Piet <p.bos@gemeente.nl>\n"
    "Cc: Vries, Arjen de <arjen.devries@gemeente.nl>\n"
    "Zoals besproken heeft wethouder Anna de Vries het voorstel ingebracht.\n"
    "De Vries wil snel starten. Arjen de Vries maakt de planning; B. de Vries helpt.\n"
    "Vragen kunnen naar A. de Vries zelf of naar anna.devries@gemeente.nl."
)


def header_findings(doc):
    return [
        find(doc, "Vries, Anna de"),
        find(doc, "a.devries@gemeente.nl", "EMAIL_ADDRESS"),
        find(doc, "Bos, Piet"),
        find(doc, "p.bos@gemeente.nl", "EMAIL_ADDRESS"),
        find(doc, "Vries, Arjen de"),
        find(doc, "arjen.devries@gemeente.nl", "EMAIL_ADDRESS"),
        find(doc, "Anna de Vries"),
        find(doc, "De Vries"),
        find(doc, "Arjen de Vries"),
        find(doc, "B. de Vries"),
        find(doc, "A. de Vries"),
        find(doc, "anna.devries@gemeente.nl", "EMAIL_ADDRESS"),
    ]


def test_an_alderman_introduced_below_her_header_stays_in_every_form(rules):
    doc = make_doc(HEADER_FIRST)
    out = decide(doc, header_findings(doc), rules)
    got = redacted(out, doc)
    for kept in ("Vries, Anna de", "a.devries@gemeente.nl", "De Vries", "A. de Vries", "anna.devries@"):
        assert not any(kept in g for g in got), (kept, got)
    for gone in ("Bos, Piet", "p.bos@gemeente.nl", "arjen.devries@gemeente.nl", "B. de Vries"):
        assert any(gone in g for g in got), (gone, got)
    assert any(g.startswith("Arjen") for g in got) and any(g.startswith("Vries, Arjen") for g in got)
    why = {d.finding.text: d.rule for d in out.decisions if not d.accepted}
    assert why["Vries, Anna"] == "public-official-form"  # decide cut the dangling "de" off the span
    assert why["a.devries@gemeente.nl"] == "public-official-address"
    assert why["Anna de Vries"] == "public-official-role:wethouder"
    assert ("Anna de Vries", "", OFFICIAL_TERM) in out.batch_terms()


def test_another_document_of_the_batch_keeps_her_forms_but_not_the_surname_alone(rules):
    first = make_doc("Wethouder Anna de Vries opende het overleg.")
    carried = decide(first, [find(first, "Anna de Vries")], rules).batch_terms()
    assert carried == [("Anna de Vries", "", OFFICIAL_TERM)]

    doc = make_doc(
        "Van: Vries, Anna de <a.devries@gemeente.nl>\nGeachte heer De Vries, Arjen de Vries belt u."
    )
    fs = [
        find(doc, "Vries, Anna de"),
        find(doc, "a.devries@gemeente.nl", "EMAIL_ADDRESS"),
        find(doc, "De Vries"),
        find(doc, "Arjen de Vries"),
    ]
    known = KnownTerms()
    known.add(carried + [("Kees Bakker", "5.1.2e", "PERSON")])
    terms = known.relevant(doc)  # an official is relevant in any written form
    assert ("Anna de Vries", "", OFFICIAL_TERM) in terms
    out = decide(doc, fs, rules, batch_terms=terms)
    got = redacted(out, doc)
    assert "Vries, Anna de" not in got and "a.devries@gemeente.nl" not in got
    assert "Arjen de Vries" in got
    # named here as "Vries, Anna de": as for the registry, her surname alone stays here too
    assert "De Vries" not in got

    # a document that does not name her with her first name: "De Vries" may be a citizen
    other = make_doc("Geachte heer De Vries, uw aanvraag is ontvangen.")
    out = decide(other, [find(other, "De Vries")], rules, batch_terms=known.relevant(other))
    assert redacted(out, other) == ["De Vries"]


def test_a_name_another_document_redacted_is_not_carried_over_the_official(rules):
    doc = make_doc("Wethouder Anna de Vries opende het overleg. A. de Vries sloot af.")
    fs = [find(doc, "Anna de Vries")]
    terms = [("Anna de Vries", "5.1.2e", "PERSON"), ("de Vries", "5.1.2e", "PERSON")]
    out = decide(doc, fs, rules, batch_terms=terms)
    assert redacted(out, doc) == []


def test_a_registry_official_in_header_form_and_by_address(rules):
    doc = make_doc(
        "Van: Vries, Aukje de <a.devries@minfin.nl>\n"
        "Aan: Vries, Bart de <b.devries@minfin.nl>\n"
        "Staatssecretaris Aukje de Vries vraagt om een nota."
    )
    fs = [
        find(doc, "Vries, Aukje de"),
        find(doc, "a.devries@minfin.nl", "EMAIL_ADDRESS"),
        find(doc, "Vries, Bart de"),
        find(doc, "b.devries@minfin.nl", "EMAIL_ADDRESS"),
    ]
    got = redacted(decide(doc, fs, rules), doc)
    assert got == ["Vries, Bart", "b.devries@minfin.nl"]  # decide leaves the dangling "de" (not mine)


def test_a_registry_initial_alone_is_not_enough(rules):
    # Aukje de Vries is in the registry; a document naming only "A. de Vries" may mean anyone
    doc = make_doc("Het verzoek van A. de Vries (a.devries@example.nl) is ontvangen.")
    fs = [find(doc, "A. de Vries"), find(doc, "a.devries@example.nl", "EMAIL_ADDRESS")]
    assert redacted(decide(doc, fs, rules), doc) == ["A. de Vries", "a.devries@example.nl"]


def test_an_organisation_adds_its_own_officials_next_to_the_shipped_registry(tmp_path):
    from pipeline.rules import DEFAULT_RULES

    for name in ("grounds.yaml", "public_officials.yaml", "default.yaml"):
        shipped = (DEFAULT_RULES.parent / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(shipped, encoding="utf-8")
    (tmp_path / "gemeente.yaml").write_text(
        "officials:\n"
        "  - {name: Joke Bakker-Smit, role: wethouder, as_of: 2024-01-01, source: 'raadsbesluit 12'}\n"
        "roles: [portefeuillehouder]\n",
        encoding="utf-8",
    )
    rules_file = tmp_path / "default.yaml"
    text = rules_file.read_text(encoding="utf-8")
    rules_file.write_text(
        text.replace(
            "public_officials: public_officials.yaml",
            "public_officials: [public_officials.yaml, gemeente.yaml]",
        ),
        encoding="utf-8",
    )
    rules = load_rules(rules_file)
    names = {o["name"] for o in rules.officials}
    assert {"Joke Bakker-Smit", "Dick Schoof"} <= names
    assert {"portefeuillehouder", "wethouder"} <= set(rules.official_roles)
    doc = make_doc("Joke Bakker-Smit besprak het met Kees Jansen; portefeuillehouder Lina Ozturk ook.")
    fs = [find(doc, "Joke Bakker-Smit"), find(doc, "Kees Jansen"), find(doc, "Lina Ozturk")]
    assert redacted(decide(doc, fs, rules), doc) == ["Kees Jansen"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Aanwezig: Anna de Vries (wethouder), Piet Bos (beleidsmedewerker).", "Anna de Vries"),
        ("Groet,\nAnna de Vries\nWethouder Werk en Inkomen\n\nCc: Piet Bos", "Anna de Vries"),
        ("Gesprek met Anna de Vries, burgemeester van Ons Dorp, en Piet Bos.", "Anna de Vries"),
    ],
)
def test_a_role_written_after_the_name_keeps_it_and_its_other_forms(rules, text, name):
    doc = make_doc(text + "\nVan: Vries, Anna de <a.devries@onsdorp.nl>")
    fs = [find(doc, name), find(doc, "Piet Bos"), find(doc, "Vries, Anna de")]
    fs.append(find(doc, "a.devries@onsdorp.nl", "EMAIL_ADDRESS"))
    assert redacted(decide(doc, fs, rules), doc) == ["Piet Bos"]


def test_a_role_keeps_only_the_name_it_introduces_not_the_list_around_it(rules):
    doc = make_doc("Overleg: Piet Bos, wethouder Anna de Vries en Kees Smit (notulen).")
    fs = [find(doc, "Piet Bos"), find(doc, "Anna de Vries"), find(doc, "Kees Smit")]
    assert redacted(decide(doc, fs, rules), doc) == ["Piet Bos", "Kees Smit"]


def test_named_in_full_in_another_document_her_surname_stays_there_too(rules):
    carried = [("Kees Bakker", "", OFFICIAL_TERM)]  # "burgemeester Kees Bakker" in another document
    doc = make_doc("Kees Bakker opende het overleg. Daarna sprak Bakker over de begroting.")
    fs = [find(doc, "Kees Bakker"), find(doc, "Bakker", nth=1)]
    assert redacted(decide(doc, fs, rules, batch_terms=carried), doc) == []
    assert redacted(decide(doc, fs, rules), doc) == ["Kees Bakker", "Bakker"]


def test_en_inside_a_ministrys_name_still_links_the_role(rules):
    doc = make_doc("De minister van Sociale Zaken en Werkgelegenheid, J. Gerritse, informeerde de Kamer.")
    f = find(doc, "Werkgelegenheid, J.")  # a span the NER cut wrongly
    assert redacted(decide(doc, [f, find(doc, "J. Gerritse")], rules), doc) == []
