"""DiWoo metadata: release configuration checked against the schema's lists, records that validate.

The records of a real run are validated with lxml against the shipped DiWoo 0.9.8 XSD
(an independent check of what pipeline.diwoo writes), and must not contain the personal
data the run redacted from the titles.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from pdfs import text_pdf

from pipeline import diwoo
from pipeline.errors import ConfigError

SCHEMA_DIR = Path(diwoo.__file__).parent / "diwoo_schema"
BZK = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
WOO_VERZOEKEN = "https://identifier.overheid.nl/tooi/def/thes/kern/c_3baef532"
NS = {
    "diwoo": "https://standaarden.overheid.nl/diwoo/metadata/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
}


def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "diwoo-metadata.xsd")))


def release_rules(tmp_path: Path, extra: str) -> Path:
    """A copy of the shipped rules (model path made absolute) with ``extra`` appended."""
    shipped = Path(diwoo.__file__).parent / "_data" / "rules"
    folder = tmp_path / "rules"
    folder.mkdir()
    for f in shipped.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    model = (shipped.resolve().parent / "models" / "nl_woo_ner").resolve()
    text = (folder / "default.yaml").read_text(encoding="utf-8")
    text = text.replace("path: ../models/nl_woo_ner", f"path: {model}")
    (folder / "default.yaml").write_text(text + extra, encoding="utf-8")
    return folder / "default.yaml"


def test_release_config_accepts_uri_code_and_label():
    rel = diwoo.release_config(
        {
            "publisher": f"{BZK} ministerie van Binnenlandse Zaken",
            "categories": ["c_99a836c7", "Woo-verzoeken en -besluiten"],
        }
    )
    assert rel.publisher.resource == BZK and rel.publisher.label == "ministerie van Binnenlandse Zaken"
    assert [c.resource.rsplit("/", 1)[-1] for c in rel.categories] == ["c_99a836c7", "c_3baef532"]
    assert rel.handeling.label == "vaststelling"


def test_command_line_overrides_rules_and_nothing_configured_is_none():
    rel = diwoo.release_config({"publisher": BZK, "categories": ["adviezen"]}, categories=["beschikkingen"])
    assert [c.label for c in rel.categories] == ["beschikkingen"]
    assert diwoo.release_config({}) is None


@pytest.mark.parametrize(
    "section",
    [
        {"publisher": BZK, "categories": ["geheime stukken"]},  # not a Woo category
        {"publisher": "https://example.org/org/1", "categories": ["adviezen"]},  # not TOOI
        {"publisher": BZK},  # category missing
        {"publisher": BZK, "categories": ["adviezen"], "handeling": "verscheuring"},
        {"publisher": BZK, "categories": ["adviezen"], "colour": "blue"},
    ],
)
def test_bad_release_configuration_is_a_config_error(section):
    with pytest.raises(ConfigError):
        diwoo.release_config(section)


def test_document_element_validates_and_a_wrong_value_does_not():
    rel = diwoo.release_config({"publisher": BZK, "categories": [WOO_VERZOEKEN]})
    el = diwoo.document_element(rel, "Notitie van 5.1.2e", "2023-03-14T00:00:00", creatiedatum="2023-03-14")
    assert xsd().validate(el), xsd().error_log
    # the independent schema refuses what the Woo-index would refuse
    el.find(".//diwoo:informatiecategorie", NS).set(
        "resource", "https://identifier.overheid.nl/tooi/def/thes/kern/c_00000000"
    )
    assert not xsd().validate(el)
    el = diwoo.document_element(rel, "x", "14 maart 2023")
    assert not xsd().validate(el)


@pytest.mark.slow
def test_run_writes_valid_records_and_sitemaps_without_personal_data(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text_pdf(
        src / "notitie.pdf",
        ["Verzonden: 14 maart 2023\nNotitie van Sanne Bakker over de pilot."],
        title="Notitie van Sanne Bakker",
    )
    text_pdf(src / "brief.pdf", ["Brief over de planning van het project."], title="Planning")
    rules = release_rules(
        tmp_path,
        "\nrelease:\n  handeling: ontvangst\n  base_url: https://open.example.nl/woo/2023-17\n"
        "  title: Woo-besluit over de pilot\n",
    )
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "0"]
    cmd += ["--rules", str(rules), "--publisher", f"{BZK} ministerie van BZK", "--category", "adviezen"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    folder = out / "diwoo"
    records = sorted(folder.glob("**/*.pdf.xml"))
    assert len(records) == 2
    schema = xsd()
    for path in [*records, folder / "release.xml"]:
        doc = etree.parse(str(path))
        assert schema.validate(doc), (path, schema.error_log)
        written = path.read_text(encoding="utf-8")
        assert "Sanne" not in written and "Bakker" not in written
    note = etree.parse(str(folder / "notitie.pdf.xml"))
    assert note.findtext(".//diwoo:officieleTitel", namespaces=NS) == "Notitie van 5.1.2e"
    assert note.findtext(".//diwoo:atTime", namespaces=NS) == "2023-03-14T00:00:00"
    assert note.find(".//diwoo:soortHandeling", NS).text == "ontvangst"
    release = etree.parse(str(folder / "release.xml"))
    assert len(release.findall(".//diwoo:hasPart", NS)) == 2
    # sitemap index -> sitemap -> one url per released document, each with its DiWoo record
    index = etree.parse(str(folder / "sitemapindex.xml"))
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locs == ["https://open.example.nl/woo/2023-17/diwoo/sitemap-1.xml"]
    sitemap = etree.parse(str(folder / "sitemap-1.xml"))
    urls = sorted(sitemap.xpath("//sm:url/sm:loc/text()", namespaces=NS))
    assert urls == [
        "https://open.example.nl/woo/2023-17/documents/brief.pdf",
        "https://open.example.nl/woo/2023-17/documents/notitie.pdf",
    ]
    for el in sitemap.xpath("//sm:url/diwoo:Document", namespaces=NS):
        assert schema.validate(etree.ElementTree(el))


def test_unknown_category_stops_the_run_before_any_document(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text_pdf(src / "a.pdf", ["Tekst."])
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(src),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "0",
            "--publisher",
            BZK,
            "--category",
            "geheime stukken",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "geheime stukken" in proc.stderr
    assert not (tmp_path / "out" / "documents").exists()
