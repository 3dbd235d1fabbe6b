"""Identifier gold of the generalisation corpus (benchmarks/eval_identifiers.py) and its per-type report."""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

import phonenumbers
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
import eval_identifiers as ids  # noqa: E402
import evalcorpus  # noqa: E402
import quality  # noqa: E402
from test_benchmark_corpus import LAYOUT_LETTER  # noqa: E402

from pipeline.recognizers.bsn import elfproef  # noqa: E402
from pipeline.recognizers.iban import iban_valid  # noqa: E402

# sha256 of the sorted "publication<TAB>split" pairs of benchmarks/corpus/eval_selection.tsv (65 excerpts):
# the frozen split; the identifier items must never move a publication from one part to the other.
SPLIT_SHA256 = "3f15225c01862a3c9706e9d1fee0d9079712ec4747cf7848793a68a5123868b6"


def test_the_frozen_split_did_not_change():
    rows = evalcorpus.read_selection()
    blob = "\n".join(sorted({f"{r['publication']}\t{r['split']}" for r in rows}))
    assert hashlib.sha256(blob.encode()).hexdigest() == SPLIT_SHA256
    assert all(r["split"] == evalcorpus.split_of(r["publication"], corpus.load_split()) for r in rows)


def _values(kind: str, n: int = 40) -> list[tuple[str, str]]:
    rng = random.Random(f"test:{kind}")
    out = []
    for _ in range(n):
        pc = ids.identifier(kind, rng)
        out += [(label, value) for _a, _b, label, value, _p in pc.spans]
    return out


def test_identifier_values_are_realistic():
    for label, value in _values("loonheffingen_nr"):
        digits = re.sub(r"\D", "", value.split("L")[0])
        assert label == "LOONHEFFINGEN_NR" and elfproef(digits) and re.search(r"L0[1-3]$", value)
    for label, value in _values("iban_invalid"):
        assert label == "IBAN_INVALID" and value.startswith("NL") and not iban_valid(value.replace(" ", ""))
    for _label, value in _values("phone_intl"):
        assert phonenumbers.is_valid_number(phonenumbers.parse(value.replace("(0)", ""), "NL")), value
    for _label, value in _values("passport") + _values("id_card"):
        assert re.fullmatch(r"[A-NP-Z]{2}[A-NP-Z0-9]{6}\d", value), value
    for _label, value in _values("driving_licence") + _values("v_number"):
        assert len(re.sub(r"\D", "", value)) == 10
    for _label, value in _values("detainee_nr"):
        assert re.fullmatch(r"\d{7,8}", value)
    for _label, value in _values("cell_nr"):
        assert value.startswith("cel ")
    for _label, value in _values("paraph"):
        assert re.fullmatch(r"[A-Z](?:[a-z.]{0,4})?[A-Z.]{1,3}", value) and value not in ids._ACRONYMS, value


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The fictitious letter built without and with the identifier items."""
    tmp = tmp_path_factory.mktemp("evalids")
    (tmp / "nl-gov-woo" / "texts").mkdir(parents=True)
    (tmp / "nl-gov-woo" / "texts" / "Bes-fictief.txt").write_text(LAYOUT_LETTER, encoding="utf-8")
    body = corpus.source_body(LAYOUT_LETTER)
    row = {
        "source": "nl-gov-woo/Bes-fictief.txt",
        "start": 0,
        "end": len(body),
        "body_sha256_16": hashlib.sha256(body.encode()).hexdigest()[:16],
        "publication": "nl-gov-woo/Bes-fictief.txt",
        "body": "JenV",
        "genre": "letter",
        "split": evalcorpus.split_of("nl-gov-woo/Bes-fictief.txt", {}),
    }
    selection = tmp / "selection.tsv"
    evalcorpus.write_selection([row], selection)
    builds = []
    for with_ids in (False, True):
        extra = yaml.safe_load(evalcorpus.EVAL_RULES.read_text(encoding="utf-8"))
        extra["synthetic"] = {"chat": 1, "form": 1}
        if not with_ids:
            extra["identifiers"] = {}
        rules_file = tmp / f"rules{with_ids}.yaml"
        rules_file.write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
        out = tmp / f"out{with_ids}"
        builds.append((out, evalcorpus.build(out, shared=tmp, selection=selection, rules_file=rules_file)))
    return builds


def test_identifier_items_are_added_and_nothing_else_changes(two_builds):
    (_, plain), (out, with_ids) = two_builds
    new = set(ids.ID_GROUNDS) | set(ids.NEAR_MISS_LABELS)
    for a, b in zip(plain, with_ids, strict=True):
        assert (a.name, a.split, a.body, a.genre, a.publication) == (
            b.name,
            b.split,
            b.body,
            b.genre,
            b.publication,
        )
        old = sorted((s.label, s.value, s.action, s.origin) for s in a.spans)
        assert old == sorted((s.label, s.value, s.action, s.origin) for s in b.spans if s.label not in new)
        added = [s for s in b.spans if s.label in new]
        assert len([s for s in added if s.action == "redact"]) == 3 or b.genre == "chat"  # chat: two kinds
        assert len([s for s in added if s.action == "keep"]) == 3
        for s in added:
            assert b.text[s.start : s.end] == s.value
            if s.label in ids.ID_GROUNDS:
                assert (s.action, s.origin, s.ground) == ("redact", "insert", ids.ID_GROUNDS[s.label])
            else:
                assert (s.action, s.origin) == ("keep", "")
        text = quality.normalise(quality.pdf_text(out / b.name))
        assert all(quality.contains(text, s.value) for s in added)
    letter = with_ids[0]
    assert {s.label for s in letter.spans} & set(ids.ID_GROUNDS) <= {
        "PASSPORT",
        "ID_CARD",
        "DRIVING_LICENCE",
        "V_NUMBER",
        "IBAN_INVALID",
        "LOONHEFFINGEN_NR",
    }


def test_identifiers_in_both_parts_of_the_committed_corpus_rules():
    rules = evalcorpus.load_rules()
    kinds = {k for genre in rules["identifiers"]["genres"].values() for k in genre}
    assert {k.upper() for k in kinds} == set(ids.ID_GROUNDS)
    assert {k.upper() for k in rules["identifiers"]["near_misses"]} == set(ids.NEAR_MISS_LABELS)


def test_report_gives_leak_and_keep_per_type(two_builds):
    out, docs = two_builds[1]
    sc = quality.Score()
    for d in docs:  # the unredacted PDF as "output": every identifier leaks, every near-miss is kept
        quality.score_doc(d, out / d.name, sc)
    lines, fig = quality.type_table(sc)
    assert fig["leak"] and all(k == n for k, n in fig["leak"].values())
    assert fig["keep"] and all(k == n for k, n in fig["keep"].values())
    assert any(ln.startswith("identifier") for ln in lines)
