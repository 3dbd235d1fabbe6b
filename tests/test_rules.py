"""Rules files: the defaults load, and every mistake is a clear ConfigError."""

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.rules import DEFAULT_RULES, load_rules


def write_rules(tmp_path: Path, body: str) -> Path:
    for name in ("grounds.yaml", "public_officials.yaml"):
        (tmp_path / name).write_text(
            (DEFAULT_RULES.parent / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    p = tmp_path / "rules.yaml"
    p.write_text(body, encoding="utf-8")
    return p


MINIMAL = """
grounds: grounds.yaml
public_officials: public_officials.yaml
model: {blank: nl}
entities:
  PERSON: {ground: 5.1.2e, min_score: 0.6}
  NL_BSN: {ground: 5.1.1e}
"""


def test_default_rules_load_with_the_complete_ground_table():
    rules = load_rules()
    for code in [
        "5.1.1a",
        "5.1.1b",
        "5.1.1c",
        "5.1.1d",
        "5.1.1e",
        "5.1.2a",
        "5.1.2b",
        "5.1.2c",
        "5.1.2d",
        "5.1.2e",
        "5.1.2f",
        "5.1.2g",
        "5.1.2h",
        "5.1.2i",
        "5.1.4",
        "5.1.5",
        "5.1.6",
        "5.2.1",
        "5.2.2",
    ]:
        assert rules.grounds[code], code
    assert rules.describe("5.1.2e") == "Eerbiediging van de persoonlijke levenssfeer"
    assert rules.entities["PERSON"].ground == "5.1.2e"
    assert rules.entities["NL_BSN"].ground == "5.1.1e"
    assert len(rules.sha256) == 64


def test_minimal_rules(tmp_path):
    rules = load_rules(write_rules(tmp_path, MINIMAL))
    assert rules.entities["PERSON"].min_score == 0.6
    assert rules.entities["NL_BSN"].min_score == 0.5
    assert rules.model == {"blank": "nl"}


@pytest.mark.parametrize(
    "body, message",
    [
        (MINIMAL.replace("5.1.1e", "5.1.9z"), "unknown Woo ground '5.1.9z'"),
        (MINIMAL.replace("5.1.1e", "10.2e"), "unknown Woo ground '10.2e'"),
        (MINIMAL + "deny:\n  - {text: Zwaluw, ground: 7.7}\n", "unknown Woo ground '7.7'"),
        (MINIMAL.replace("min_score: 0.6", "min_score: 6"), "min_score must be between 0 and 1"),
        (MINIMAL.replace("model: {blank: nl}", "model: {}"), "'model' needs one of"),
        (MINIMAL + "entitys: {}\n", "unknown key(s) entitys"),
        ("entities: [\n", "not valid YAML"),
    ],
)
def test_configuration_mistakes_are_named(tmp_path, body, message):
    with pytest.raises(ConfigError, match=None) as err:
        load_rules(write_rules(tmp_path, body))
    assert message in str(err.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(ConfigError, match="rules file not found"):
        load_rules(tmp_path / "nope.yaml")


CUSTOM = (
    MINIMAL
    + "  NL_CASE_NUMBER: {ground: 5.1.2e}\n"
    + """recognizers:
  - name: ZaaknummerRecognizer
    entity: NL_CASE_NUMBER
    regex: '\\bZK-\\d{6}\\b'
    score: 0.6
    context: [zaaknummer]
"""
)


def test_custom_pattern_recognizer_in_the_rules(tmp_path):
    rules = load_rules(write_rules(tmp_path, CUSTOM))
    (spec,) = rules.custom_recognizers
    assert (spec.name, spec.entity, spec.score, spec.context) == (
        "ZaaknummerRecognizer",
        "NL_CASE_NUMBER",
        0.6,
        ("zaaknummer",),
    )
    from pipeline.recognizers import custom

    rec = custom.build(spec)
    text = "Uw zaaknummer is ZK-123456; zk-654321 en ZK-1234567 niet."
    got = [(text[r.start : r.end], r.score) for r in rec.analyze(text, ["NL_CASE_NUMBER"])]
    assert got == [("ZK-123456", 0.6)]  # case-sensitive by default, whole words only
    assert rec.name == "ZaaknummerRecognizer" and rec.context == ["zaaknummer"]


@pytest.mark.parametrize(
    "change, message",
    [
        (("ZK-\\d{6}", "ZK-(\\d{6}"), "bad regex"),
        (("'\\bZK-\\d{6}\\b'", "'(ZK)?'"), "matches the empty string"),
        (("entity: NL_CASE_NUMBER", "entity: NL_ZAAK"), "NL_ZAAK has no ground"),
        (("score: 0.6\n", "score: 2\n"), "score must be a number"),
        (("name: ZaaknummerRecognizer", "name: DutchPersonRecognizer"), "must be a unique identifier"),
        (("    context: [zaaknummer]\n", "    kontext: [zaaknummer]\n"), "unknown key(s) kontext"),
        (("    score: 0.6\n", ""), "missing score"),
    ],
)
def test_custom_pattern_mistakes_are_named(tmp_path, change, message):
    body = CUSTOM.replace(*change)
    assert body != CUSTOM
    with pytest.raises(ConfigError) as err:
        load_rules(write_rules(tmp_path, body))
    assert message in str(err.value)


@pytest.mark.slow
def test_bad_custom_regex_stops_the_run_with_exit_2(tmp_path):
    import subprocess
    import sys

    from pdfs import text_pdf

    rules = write_rules(tmp_path, CUSTOM.replace("ZK-\\d{6}", "ZK-[0-9"))
    (tmp_path / "in").mkdir()
    pdf = text_pdf(tmp_path / "in" / "a.pdf", ["Zaaknummer ZK-123456"])
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(pdf.parent), "--out", str(tmp_path / "out")]
        + ["--rules", str(rules)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "bad regex" in run.stderr
    assert not (tmp_path / "out" / "documents").exists()


@pytest.mark.slow
def test_custom_pattern_redacts_through_the_real_pipeline(tmp_path):
    """A site pattern from the rules file is redacted in the released PDF (read back with pypdfium2)."""
    import subprocess
    import sys

    import pypdfium2 as pdfium
    from pdfs import text_pdf

    rules = write_rules(tmp_path, CUSTOM)
    (tmp_path / "in").mkdir()
    pages = ["Betreft uw zaaknummer ZK-123456 van 3 april.", "Kenmerk ZK-1234567"]
    text_pdf(tmp_path / "in" / "zaak.pdf", pages)
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
        + ["--rules", str(rules)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    pdf = pdfium.PdfDocument(tmp_path / "out" / "documents" / "zaak.pdf")
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert "ZK-123456 " not in text and "zaaknummer" in text
    assert "ZK-1234567" in text  # whole words only: a longer number is not this pattern
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "ZaaknummerRecognizer" in manifest
