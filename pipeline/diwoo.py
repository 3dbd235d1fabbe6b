"""DiWoo metadata and the sitemaps the Woo-index harvests, written at the end of every run.

The Woo (art. 2.4) asks for publication with metadata; the Woo-index (KOOP) harvests it
as DiWoo 0.9.8 records inside sitemaps.  Per released document ``diwoo/<name>.xml`` holds
one ``diwoo:Document``; ``diwoo/release.xml`` describes the release as a whole (its parts
are the documents); with a ``base_url`` also ``sitemapindex.xml`` and ``sitemap-N.xml``
(one ``<url>`` per released document, its DiWoo record inside).

Publisher, information categories and the kind of documenthandeling come from the release
configuration (``release:`` in the rules file, ``--publisher`` / ``--category``), checked
against the value lists of the shipped schema (pipeline/diwoo_schema) before any document
is touched.  Titles and dates come from the audit log's document records, which hold the
title with its personal data already replaced by ground codes.  No configuration: no
DiWoo files (a publisher cannot be guessed).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from pipeline.errors import ConfigError

SCHEMA_DIR = Path(__file__).parent / "diwoo_schema"
SCHEMA = SCHEMA_DIR / "diwoo-metadata.xsd"
LISTS = SCHEMA_DIR / "diwoo-metadata-lijsten.xsd"
NS = "https://standaarden.overheid.nl/diwoo/metadata/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XS = "{http://www.w3.org/2001/XMLSchema}"
ORGANISATION_LISTS = (
    "collijst",
    "gemeentelijst",
    "ministerielijst",
    "provincielijst",
    "oorglijst",
    "solijst",
    "waterschapslijst",
    "zbolijst",
)
SITEMAP_MAX_URLS = 50_000  # sitemaps.org: at most 50,000 URLs per sitemap
FOLDER = "diwoo"
DEFAULT_HANDELING = "vaststelling"


@dataclass(frozen=True)
class Concept:
    """A value from a DiWoo list: its URI (the ``resource`` attribute) and its label (the text)."""

    resource: str
    label: str


@dataclass(frozen=True)
class Release:
    """What the metadata says about everything in this release (validated against the schema)."""

    publisher: Concept
    categories: tuple[Concept, ...]
    handeling: Concept
    base_url: str = ""  # where documents/ is published; "" = no sitemaps
    title: str = ""  # officiële titel of the release as a whole
    identifier: str = ""  # e.g. the Woo-besluit's kenmerk


# --------------------------------------------------------------------------- the value lists


@lru_cache(maxsize=1)
def _simple_types() -> dict[str, Any]:
    from lxml import etree

    tree = etree.parse(str(LISTS))
    return {el.get("name"): el for el in tree.getroot().iter(f"{XS}simpleType") if el.get("name")}


def enumeration(list_name: str) -> dict[str, str]:
    """The values of a DiWoo list type as URI -> label (empty for a list given as a pattern)."""
    el = _simple_types().get(list_name)
    if el is None:
        raise ConfigError(f"DiWoo schema has no list {list_name!r}")
    out = {}
    for enum in el.iter(f"{XS}enumeration"):
        doc = enum.find(f".//{XS}documentation")
        label = " ".join(doc.itertext()).strip() if doc is not None else ""
        out[enum.get("value")] = label
    return out


def _in_list(list_name: str, value: str) -> bool:
    el = _simple_types().get(list_name)
    if el is None:
        return False
    values = enumeration(list_name)
    if values:
        return value in values
    patterns = [p.get("value") for p in el.iter(f"{XS}pattern")]
    return any(re.fullmatch(p, value) for p in patterns)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def concept(list_name: str, value: str, what: str) -> Concept:
    """``value`` (URI, code such as ``c_3baef532``, or label) as a Concept of ``list_name``."""
    values = enumeration(list_name)
    value = str(value).strip()
    for uri, label in values.items():
        if value in (uri, uri.rsplit("/", 1)[-1]) or _fold(value) == _fold(label):
            return Concept(uri, label)
    choices = "; ".join(sorted(values.values()))
    raise ConfigError(f"unknown {what} {value!r}: use one of the DiWoo list ({choices})")


def organisation(value: str | Mapping[str, str], what: str = "publisher") -> Concept:
    """A TOOI organisation: ``"URI label"`` or ``{resource: URI, label: ...}``, URI in the schema's lists."""
    if isinstance(value, Mapping):
        uri, label = str(value.get("resource", "")).strip(), str(value.get("label", "")).strip()
    else:
        uri, _, label = str(value).strip().partition(" ")
        label = label.strip()
    if not any(_in_list(name, uri) for name in ORGANISATION_LISTS):
        raise ConfigError(
            f"{what} {uri!r} is not a TOOI organisation identifier of the DiWoo lists "
            "(e.g. https://identifier.overheid.nl/tooi/id/ministerie/mnre1034 or .../gemeente/gm0363)"
        )
    return Concept(uri, label or uri.rsplit("/", 1)[-1])


def release_config(
    section: Mapping[str, Any] | None, publisher: str | None = None, categories: Iterable[str] = ()
) -> Release | None:
    """The release configuration from the rules file's ``release:`` section and the command line.

    The command line wins.  None when no publisher or no category is configured; a value
    outside the schema's lists is a ConfigError (exit 2, before any document is touched).
    """
    section = dict(section or {})
    unknown = set(section) - {
        "publisher",
        "categories",
        "category",
        "handeling",
        "base_url",
        "title",
        "identifier",
    }
    if unknown:
        raise ConfigError(f"release: unknown key(s) {', '.join(sorted(unknown))}")
    pub = publisher or section.get("publisher")
    cats = list(categories) or section.get("categories") or section.get("category") or []
    if isinstance(cats, str):
        cats = [cats]
    if not pub and not cats:
        return None
    if not pub or not cats:
        raise ConfigError("release: DiWoo metadata needs both a publisher and at least one category")
    base_url = str(section.get("base_url") or "").strip()
    if base_url and not re.match(r"https?://[^\s/]+", base_url):
        raise ConfigError(f"release.base_url {base_url!r} is not an http(s) URL")
    return Release(
        publisher=organisation(pub),
        categories=tuple(dict.fromkeys(concept("informatiecategorielijst", c, "category") for c in cats)),
        handeling=concept("soorthandelinglijst", section.get("handeling") or DEFAULT_HANDELING, "handeling"),
        base_url=base_url.rstrip("/"),
        title=str(section.get("title") or "").strip(),
        identifier=str(section.get("identifier") or "").strip(),
    )


# --------------------------------------------------------------------------- records


def _at_time(date: str, fallback: datetime) -> str:
    """xs:dateTime of a document's date (midnight, no zone: the date is a calendar day) or ``fallback``."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
        try:
            datetime.strptime(date, "%Y-%m-%d")
            return f"{date}T00:00:00"
        except ValueError:
            pass
    return fallback.strftime("%Y-%m-%dT%H:%M:%SZ")


def _org(parent, tag: str, org: Concept):
    from lxml import etree

    el = etree.SubElement(parent, f"{{{NS}}}{tag}", resource=org.resource)
    el.text = org.label
    return el


def document_element(
    release: Release,
    title: str,
    at_time: str,
    *,
    identifiers: Iterable[str] = (),
    creatiedatum: str = "",
    part_of: str = "",
    parts: Iterable[tuple[str, str]] = (),
):
    """One ``diwoo:Document`` element (lxml)."""
    from lxml import etree

    q = f"{{{NS}}}"
    doc = etree.Element(f"{q}Document", nsmap={"diwoo": NS})
    dw = etree.SubElement(doc, f"{q}DiWoo")
    ids = [i for i in identifiers if i]
    if ids:
        box = etree.SubElement(dw, f"{q}identifiers")
        for i in ids:
            etree.SubElement(box, f"{q}identifier").text = i
    _org(dw, "publisher", release.publisher)
    titles = etree.SubElement(dw, f"{q}titelcollectie")
    etree.SubElement(titles, f"{q}officieleTitel").text = title
    classes = etree.SubElement(dw, f"{q}classificatiecollectie")
    cats = etree.SubElement(classes, f"{q}informatiecategorieen")
    for c in release.categories:
        etree.SubElement(cats, f"{q}informatiecategorie", resource=c.resource).text = c.label
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", creatiedatum or ""):
        etree.SubElement(dw, f"{q}creatiedatum").text = creatiedatum
    if part_of:
        etree.SubElement(dw, f"{q}isPartOf", resource=part_of).text = release.title or part_of
    parts = list(parts)
    if parts:
        box = etree.SubElement(dw, f"{q}hasParts")
        for resource, label in parts:
            etree.SubElement(box, f"{q}hasPart", resource=resource).text = label
    acts = etree.SubElement(dw, f"{q}documenthandelingen")
    act = etree.SubElement(acts, f"{q}documenthandeling")
    etree.SubElement(
        act, f"{q}soortHandeling", resource=release.handeling.resource
    ).text = release.handeling.label
    etree.SubElement(act, f"{q}atTime").text = at_time
    return doc


@lru_cache(maxsize=1)
def schema():
    """The DiWoo 0.9.8 XML schema (offline: the MDTO import is a local stub)."""
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def validate(element) -> list[str]:
    """Schema errors of a ``diwoo:Document`` element (empty: valid)."""
    s = schema()
    return [] if s.validate(element) else [str(e) for e in s.error_log]


# --------------------------------------------------------------------------- writing


def _write(path: Path, element) -> None:
    from lxml import etree

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    os.replace(tmp, path)


def _url(base: str, rel: str) -> str:
    return f"{base}/documents/{quote(rel)}"


@dataclass
class DiwooReport:
    documents: int
    sitemaps: int
    invalid: list[str]


def write_diwoo(
    out_dir: Path,
    release: Release | None,
    *,
    finished: datetime | None = None,
    log: Callable[[str], None] | None = None,
) -> DiwooReport | None:
    """(Re)write ``diwoo/`` (and the sitemaps) for the released documents in the audit log.

    Each record is validated against the schema before it is written; an invalid one is
    not written and reported (it would be refused by the Woo-index).
    """
    import shutil

    from pipeline.inventory import last_document_records
    from pipeline.status import Status

    folder = Path(out_dir) / FOLDER
    if release is None:
        return None
    finished = finished or datetime.now(UTC)
    audit = Path(out_dir) / "audit.jsonl"
    records = (
        [
            r
            for r in last_document_records(audit).values()
            if r.get("status") == Status.RELEASED and r.get("output")
        ]
        if audit.exists()
        else []
    )
    shutil.rmtree(folder, ignore_errors=True)  # documents no longer released lose their record
    release_id = release.identifier or (
        f"{release.base_url}/{FOLDER}/release.xml" if release.base_url else ""
    )
    invalid: list[str] = []
    entries: list[tuple[str, str, Any]] = []  # (url or rel, lastmod, element)
    parts: list[tuple[str, str]] = []
    for rec in records:
        rel = str(rec["output"])
        stem = PurePosixPath(rel).stem
        title = str(rec.get("title") or stem)
        url = _url(release.base_url, rel) if release.base_url else ""
        el = document_element(
            release,
            title,
            _at_time(str(rec.get("date") or ""), finished),
            identifiers=[url or rel],
            creatiedatum=str(rec.get("date") or ""),
            part_of=release_id,
        )
        problems = validate(el)
        if problems:
            invalid.append(f"{rel}: {problems[0]}")
            continue
        _write(folder / f"{rel}.xml", el)
        entries.append((url, finished.strftime("%Y-%m-%d"), el))
        parts.append((url or rel, title))
    whole = document_element(
        release,
        release.title or f"Woo-publicatie {finished:%Y-%m-%d}",
        finished.strftime("%Y-%m-%dT%H:%M:%SZ"),
        identifiers=[release_id],
        parts=parts,
    )
    problems = validate(whole)
    if problems:
        invalid.append(f"release: {problems[0]}")
    else:
        _write(folder / "release.xml", whole)
    sitemaps = _write_sitemaps(folder, release.base_url, entries) if release.base_url else 0
    if log:
        for line in invalid:
            log(f"diwoo: record not written, not valid against DiWoo 0.9.8: {line}")
        if not release.base_url:
            log("diwoo: no release.base_url configured: DiWoo records written, no sitemaps")
    return DiwooReport(documents=len(entries), sitemaps=sitemaps, invalid=invalid)


def _write_sitemaps(folder: Path, base: str, entries: list[tuple[str, str, Any]]) -> int:
    """``sitemap-N.xml`` (a ``<url>`` with the DiWoo record per document) and ``sitemapindex.xml``."""
    from lxml import etree

    s = f"{{{SITEMAP_NS}}}"
    chunks = [entries[i : i + SITEMAP_MAX_URLS] for i in range(0, len(entries), SITEMAP_MAX_URLS)] or [[]]
    index = etree.Element(f"{s}sitemapindex", nsmap={None: SITEMAP_NS})
    for n, chunk in enumerate(chunks, 1):
        urlset = etree.Element(f"{s}urlset", nsmap={None: SITEMAP_NS, "diwoo": NS})
        for url, lastmod, el in chunk:
            u = etree.SubElement(urlset, f"{s}url")
            etree.SubElement(u, f"{s}loc").text = url
            etree.SubElement(u, f"{s}lastmod").text = lastmod
            u.append(el)
        _write(folder / f"sitemap-{n}.xml", urlset)
        sm = etree.SubElement(index, f"{s}sitemap")
        etree.SubElement(sm, f"{s}loc").text = f"{base}/{FOLDER}/sitemap-{n}.xml"
    _write(folder / "sitemapindex.xml", index)
    return len(chunks)


def publish_metadata(out_dir: Path, rules, options, log: Callable[[str], None] | None = None) -> None:
    """The hook at the end of a run: DiWoo records from the rules' ``release:`` and the options.

    Never raises for a document's metadata: the run's results stand; problems are logged.
    """
    try:
        release = release_config(
            getattr(rules, "release", None),
            getattr(options, "publisher", None),
            getattr(options, "categories", ()) or (),
        )
        write_diwoo(Path(out_dir), release, log=log)
    except (ConfigError, OSError) as exc:
        if log:
            log(f"diwoo: metadata not written: {exc}")
