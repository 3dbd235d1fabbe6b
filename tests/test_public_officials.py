"""The public officials registry: real, sourced entries; a surname alone only where the full name is."""

import datetime

import pytest
import yaml

from pipeline.decide import decide
from pipeline.detect import Finding
from pipeline.model import Char, Document, Page
from pipeline.rules import DEFAULT_RULES, load_rules

REGISTRY = DEFAULT_RULES.parent / "public_officials.yaml"


def make_doc(*pages: str) -> Document:
    doc = Document(path="x.pdf", metadata={})
    for i, text in enumerate(pages):
        chars = [Char(c, 5.0 * k, 10.0, 5.0 * k + 5, 20.0) for k, c in enumerate(text)]
        doc.pages.append(Page(i, 600, 800, chars, text, list(range(len(text)))))
    return doc


def person(doc: Document, text: str, nth: int = 0, page: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = doc.pages[page].text.index(text, start + 1)
    return Finding(f"f{page}-{start}", page, start, start + len(text), text, "PERSON", 0.9, "Test")


def redacted(out, doc):
    return [doc.pages[r.page].text[r.start : r.end] for r in out.redactions]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_every_entry_is_sourced_and_dated():
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    officials = data["officials"]
    assert len(officials) >= 100
    for o in officials:
        assert o["name"].strip() and o["role"].strip(), o
        assert isinstance(o["as_of"], datetime.date), o
        assert len(o["source"]) > 20, o
    assert len({(o["name"], o["cabinet"]) for o in officials}) == len(officials)  # one entry per office
    assert {"secretaris-generaal", "directeur-generaal"} <= set(data["roles"])


def test_rules_load_the_registry(rules):
    names = {o["name"] for o in rules.officials}
    assert {"Dick Schoof", "Eddy van Hijum", "Mark Rutte"} <= names
    assert "secretaris-generaal" in rules.official_roles


def test_a_registry_official_stays_in_full_and_by_surname(rules):
    doc = make_doc("Minister Eddy van Hijum schreef de brief.", "Van Hijum ondertekende hem later.")
    fs = [person(doc, "Eddy van Hijum"), person(doc, "Van Hijum", page=1)]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == []
    assert {d.rule for d in out.decisions} <= {"public-official", "public-official-role:minister"}


def test_a_citizen_sharing_a_registry_surname_is_redacted(rules):
    # "Chris Jansen" and "Sophie Hermans" are in the registry; this document names neither.
    doc = make_doc("Geachte heer Jansen,\nUw buurman R. (Ruud) Hermans belde. Hermans vroeg om uitstel.")
    fs = [person(doc, "Jansen"), person(doc, "R. (Ruud) Hermans"), person(doc, "Hermans", nth=1)]
    out = decide(doc, fs, rules)
    got = redacted(out, doc)
    assert "Jansen" in got and "Hermans" in got
    assert not any(d.rule == "public-official" for d in out.decisions)


def test_the_surname_stays_where_the_official_is_named_in_full_across_a_line_break(rules):
    doc = make_doc("Overleg met staatssecretaris Chris\nJansen over het OV.", "Jansen stemde in.")
    out = decide(doc, [person(doc, "Jansen", page=1)], rules)
    assert redacted(out, doc) == []
    assert [d.rule for d in out.decisions] == ["public-official"]


def test_a_director_general_named_in_role_stays(rules):
    doc = make_doc("De directeur-generaal Werk en Inkomen, Anna Smit, en beleidsmedewerker Piet Bos.")
    fs = [person(doc, "Anna Smit"), person(doc, "Piet Bos")]
    out = decide(doc, fs, rules)
    assert redacted(out, doc) == ["Piet Bos"]
