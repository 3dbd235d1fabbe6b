import pytest
from presidio_analyzer import EntityRecognizer

from pipeline.recognizers import RECOGNIZER_ENTITIES, all_recognizers


def test_all_recognizers_contract():
    recs = all_recognizers()
    assert all(isinstance(r, EntityRecognizer) for r in recs)
    assert {r.name: r.supported_entities for r in recs} == RECOGNIZER_ENTITIES
    assert all(r.supported_language == "nl" and r.name == type(r).__name__ for r in recs)
    assert all(r.context for r in recs), "every recognizer carries Dutch context words"
    assert all_recognizers({"site": "x"})[0] is not recs[0]  # fresh instances, options accepted


def test_entity_names():
    entities = {e for es in RECOGNIZER_ENTITIES.values() for e in es}
    assert entities == {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "NL_BSN",
        "IBAN_CODE",
        "NL_ADDRESS",
        "DATE_OF_BIRTH",
        "PERSON",
        "NL_LICENSE_PLATE",
        "NL_ID_DOCUMENT",
        "NL_CLIENT_NUMBER",
        "NL_SPECIAL_DATA",
        "NL_LOONHEFFINGENNUMMER",
        "NL_DRIVING_LICENCE",
        "NL_V_NUMBER",
        "NL_DETAINEE_NUMBER",
        "NL_CELL_NUMBER",
        "NL_LOGIN_CODE",
    }


def test_mixed_letter(analyzer):
    text = (
        "Van: Jansen, Piet (P.) <p.jansen@minbzk.nl>\n\nBeste Sanne,\n\n"
        "Mevrouw S. Bakker (BSN 123456782, geboren op 12-03-1985) woont op Kerkstraat 12a, 1234 AB Utrecht.\n"
        "Zij is bereikbaar op 06-12345678. Het besluit van 3 april 2024 (kenmerk 2024-123456) volgt.\n\n"
        "Met vriendelijke groet,\n\nKees de Vries\n"
    )
    got = {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, language="nl")}
    assert got == {
        ("PERSON", "Jansen, Piet (P.)"),
        ("EMAIL_ADDRESS", "p.jansen@minbzk.nl"),
        ("PERSON", "Sanne"),
        ("PERSON", "S. Bakker"),
        ("NL_BSN", "123456782"),
        ("DATE_OF_BIRTH", "12-03-1985"),
        ("NL_ADDRESS", "Kerkstraat 12a, 1234 AB Utrecht"),
        ("PHONE_NUMBER", "06-12345678"),
        ("PERSON", "Kees de Vries"),
    }


def test_registry_metadata_agrees_with_the_default_rules():
    """The usual ground in registry.yaml is the one rules/default.yaml gives each entity."""
    from pipeline.recognizers import registry
    from pipeline.rules import load_rules

    rules = load_rules()
    for entry in registry.entries():
        for entity in entry.entities:
            assert rules.entities[entity].ground == entry.ground, (entry.name, entity)
        assert entry.colour.startswith("#") and len(entry.colour) == 7
    # names, contact data and a person's numbers carry across the batch; a cell number is a place
    assert registry.batch_entities() == {
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "NL_BSN",
        "IBAN_CODE",
        "NL_LOONHEFFINGENNUMMER",
        "NL_DRIVING_LICENCE",
        "NL_V_NUMBER",
        "NL_DETAINEE_NUMBER",
        "NL_LOGIN_CODE",
    }


def test_engine_names_the_registered_recognizers_without_presidio():
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.engine import RULE_RECOGNIZERS; "
        "assert 'presidio_analyzer' not in sys.modules; print(len(RULE_RECOGNIZERS))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(len(RECOGNIZER_ENTITIES))


def test_a_new_recognizer_is_one_module_plus_one_registry_line(tmp_path, monkeypatch):
    """What the README's development section describes, done here with a throw-away module."""
    import sys

    from pipeline.recognizers import _classes, registry

    (tmp_path / "site_ticket.py").write_text(
        "from pipeline.recognizers._base import DutchPatternRecognizer\n\n\n"
        "class SiteTicketRecognizer(DutchPatternRecognizer):\n"
        '    ENTITY = "NL_TICKET"\n'
        '    PATTERNS = (("ticket", r"\\bTCK-\\d{5}\\b", 0.6),)\n'
        '    CONTEXT = ("ticket",)\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    line = '  - {class: "site_ticket:SiteTicketRecognizer", entities: [NL_TICKET], ground: 5.1.2e}\n'
    text = registry.REGISTRY_FILE.read_text(encoding="utf-8") + line
    entries = registry.parse(text)
    assert entries[-1].name == "SiteTicketRecognizer" and entries[-1].entities == ("NL_TICKET",)
    recs = [cls() for cls in _classes(entries)]
    assert [r.name for r in recs] == [e.name for e in entries]
    got = recs[-1].analyze("Zie TCK-12345 en TCK-123456.", ["NL_TICKET"])
    assert [(r.start, r.end) for r in got] == [(4, 13)]
    sys.modules.pop("site_ticket", None)


@pytest.mark.parametrize(
    "line, message",
    [
        ('  - {class: "nocolon", entities: [X]}\n', "module:ClassName"),
        ('  - {class: "a:B", entities: []}\n', "non-empty list"),
        ('  - {class: "a:B", entities: [X], colour: red, batsh: true}\n', "needs class and entities"),
        ('  - {class: "pipeline.recognizers.bsn:NlBsnRecognizer", entities: [NL_BSN]}\n', "registered twice"),
    ],
)
def test_registry_mistakes_are_config_errors(line, message):
    from pipeline.errors import ConfigError
    from pipeline.recognizers import registry

    with pytest.raises(ConfigError, match=None) as err:
        registry.parse(registry.REGISTRY_FILE.read_text(encoding="utf-8") + line)
    assert message in str(err.value)
