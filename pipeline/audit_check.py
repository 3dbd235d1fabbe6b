"""``woo-redact verify DIR``: check an output folder against its own audit log.

An auditor receives a published folder and must be able to tell, without trusting
the tool that made it, that (1) the audit log is complete and unedited (hash chain,
consecutive sequence numbers, every record bound to a run manifest), (2) every file
in ``documents/`` is exactly the file the log says was verified and released, and
nothing is there that the log or the inventory does not account for, and (3) no
redacted string can be found in any output: the outputs are re-read with pypdfium2
and every word n-gram is fingerprinted with the coordinator's key and compared with
the fingerprints the log keeps of what was redacted.

Every problem names its place (``audit.jsonl line 17: ...``, ``documents/x.pdf: ...``)
and never repeats personal data: redacted strings are named by their ``ref`` only.

The leak re-check needs the fingerprint key.  Without it the check is not done and
that is a problem (exit 1): "verified" must mean all three checks ran.  An auditor
without the key passes ``leak_check=False`` (``--no-leak-check``): the chain and
file checks still run and the skipped check is reported as a note.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import textforms
from pipeline.audit import GENESIS, KEY_CHECK_TEXT, Fingerprinter, line_hash
from pipeline.manifest import manifest_sha256
from pipeline.status import Status

STATE_DIR = ".woo-redact"
MAX_WORDS = 8  # longest redacted string (in words) the leak re-check can find
INVENTORY_FIELDS = ("ID", "Bestand", "Status", "Lakkingen")


@dataclass
class CheckResult:
    """``ok`` only when every check ran and found nothing; ``checked`` counts what was looked at."""

    ok: bool
    problems: list[str]
    checked: dict[str, int]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Line:
    number: int  # 1-based line number in audit.jsonl
    record: dict[str, Any] | None  # None: not valid JSON


def check_output(out_dir: Path, key_file: Path | None = None, *, leak_check: bool = True) -> CheckResult:
    """Run every check on an output folder; see the module docstring."""
    out_dir = Path(out_dir)
    problems: list[str] = []
    notes: list[str] = []
    checked: dict[str, int] = {}
    audit_path = out_dir / "audit.jsonl"
    if not audit_path.is_file():
        return CheckResult(False, [f"audit.jsonl: not found in {out_dir}"], checked)

    lines = _check_chain(audit_path, out_dir / "manifest.json", problems, checked)
    latest = _latest_documents(lines)
    _check_documents(out_dir, lines, latest, problems, checked)
    _check_inventory(out_dir, lines, latest, problems, checked)

    if leak_check:
        key_path = Path(key_file) if key_file else out_dir / STATE_DIR / "fingerprint.key"
        key = _load_key(key_path, problems)
        if key is not None:
            _check_key(key, lines, notes, problems)
            _check_leaks(out_dir, lines, latest, key, problems, checked)
    else:
        notes.append(
            "leak re-check skipped on request (--no-leak-check): outputs were not searched "
            "for redacted strings"
        )
    return CheckResult(ok=not problems, problems=problems, checked=checked, notes=notes)


def format_result(result: CheckResult) -> str:
    """What ``woo-redact verify`` prints: one line per problem, then notes and what was checked."""
    if result.ok:
        head = "woo-redact verify: OK"
    else:
        head = f"woo-redact verify: {len(result.problems)} problem(s) found"
    lines = [head, *(f"  - {p}" for p in result.problems)]
    lines += [f"  note: {n}" for n in result.notes]
    if result.checked:
        lines.append("  checked: " + ", ".join(f"{k} {v}" for k, v in result.checked.items()))
    return "\n".join(lines)


# --------------------------------------------------------------------------- chain


def _check_chain(
    audit_path: Path, manifest_path: Path, problems: list[str], checked: dict[str, int]
) -> list[_Line]:
    data = audit_path.read_bytes()
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    elif raw_lines:
        problems.append(f"audit.jsonl line {len(raw_lines)}: incomplete last line (no newline; torn write)")
    lines: list[_Line] = []
    prev_hash = GENESIS
    prev_seq = 0
    run_hashes: set[str] = set()
    current_run: str | None = None
    last_run: tuple[int, Any] | None = None
    for i, raw in enumerate(raw_lines, 1):
        where = f"audit.jsonl line {i}"
        try:
            rec = json.loads(raw)
            if not isinstance(rec, dict):
                raise ValueError
        except ValueError:
            problems.append(f"{where}: not a valid JSON record (changed or damaged)")
            lines.append(_Line(i, None))
            prev_hash, prev_seq = line_hash(raw), prev_seq + 1
            continue
        lines.append(_Line(i, rec))
        if rec.get("prev") != prev_hash:
            if i == 1:
                problems.append(
                    f"{where}: prev hash is not the chain's start (GENESIS): records before it "
                    "were removed, or this line was changed"
                )
            else:
                problems.append(
                    f"{where}: prev hash does not match line {i - 1} (line {i - 1} or this line "
                    "was changed, or a record was removed or inserted here)"
                )
        seq = rec.get("seq")
        if seq != prev_seq + 1:
            problems.append(
                f"{where}: seq {seq} follows seq {prev_seq} (a record is missing or was inserted)"
            )
        prev_seq = seq if isinstance(seq, int) else prev_seq + 1
        prev_hash = line_hash(raw)

        msha = rec.get("manifest_sha256")
        if rec.get("type") == "run":
            manifest = rec.get("manifest")
            own = manifest_sha256(manifest) if isinstance(manifest, dict) else None
            if own is None or own != msha:
                problems.append(f"{where}: run record's manifest does not match its manifest_sha256")
            if own:
                run_hashes.add(own)
                current_run = own
                last_run = (i, manifest)
        elif current_run is None:
            problems.append(f"{where}: record before any run record")
        elif msha != current_run:
            known = " (of an earlier run)" if msha in run_hashes else ""
            problems.append(f"{where}: manifest_sha256 differs from the run record above it{known}")
    checked["audit records"] = len(lines)

    head = prev_hash
    try:
        current = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        problems.append("manifest.json: missing or not valid JSON")
        return lines
    if last_run is None:
        problems.append("audit.jsonl: no run record")
    elif not isinstance(current, dict) or manifest_sha256(current) != manifest_sha256(last_run[1]):
        problems.append(
            f"manifest.json: does not match the manifest of the last run (audit.jsonl line {last_run[0]})"
        )
    anchor = current.get("audit_head") if isinstance(current, dict) else None
    if isinstance(anchor, dict):
        # The end of the log is anchored in the manifest: a changed or removed last record shows.
        if anchor.get("seq") != prev_seq or anchor.get("sha256") != head:
            problems.append(
                f"audit.jsonl line {len(lines)}: the log does not end where manifest.json says "
                f"(seq {anchor.get('seq')}): its last record was changed, removed or added"
            )
        checked["anchored log end"] = 1
    else:
        problems.append(
            "manifest.json: no audit_head: the last run did not finish (interrupted or crashed while "
            "writing inventory, report or manifest): run the same command again"
        )
    _check_finished_documents(lines, problems)
    return lines


def _check_finished_documents(lines: list[_Line], problems: list[str]) -> None:
    """Every ``received`` document got its final ``document`` record before the next one started,
    and the last run recorded (or resumed) every document it was given."""
    pending: _Line | None = None
    last_run: _Line | None = None
    finished: set[str] = set()  # inputs with a document record since the last run record
    for ln in lines:
        rec = ln.record or {}
        kind = rec.get("type")
        if kind == "run":
            last_run, finished = ln, set()
        elif kind == "document":
            finished.add(str(rec.get("input") or rec.get("document")))
        if kind == "document" and pending and rec.get("document") == (pending.record or {}).get("document"):
            pending = None
        elif kind in ("received", "run", "document") and pending is not None:
            problems.append(
                f"audit.jsonl line {pending.number}: a document was received but has no final document "
                "record (the run stopped while recording it): run the same command again"
            )
            pending = None
        if kind == "received":
            pending = ln
    if pending is not None:
        problems.append(
            f"audit.jsonl line {pending.number}: a document was received but has no final document "
            "record (the run stopped while recording it): run the same command again"
        )
    run = (last_run.record or {}) if last_run else {}
    expected = run.get("documents")
    if isinstance(expected, int) and last_run is not None:
        done = len(finished) + int(run.get("resumed") or 0)
        if done < expected:
            problems.append(
                f"audit.jsonl line {last_run.number}: the last run did not finish: {expected - done} of its "
                f"{expected} documents have no final record (interrupted?): run the same command again"
            )


# --------------------------------------------------------------------------- documents


def _block(lines: list[_Line], index: int) -> list[_Line]:
    """The records written for one document result: back from its ``document`` record to ``received``."""
    doc = lines[index].record["document"]  # type: ignore[index]
    out = []
    j = index - 1
    while j >= 0:
        rec = lines[j].record
        if rec is None or rec.get("type") in ("run", "document") or rec.get("document") != doc:
            break
        out.append(lines[j])
        if rec.get("type") == "received":
            break
        j -= 1
    return out[::-1]


def _latest_documents(lines: list[_Line]) -> dict[str, int]:
    """Input (by fingerprint, like the inventory) -> index in ``lines`` of its latest document record."""
    latest: dict[str, int] = {}
    for idx, ln in enumerate(lines):
        rec = ln.record
        if rec and rec.get("type") == "document" and isinstance(rec.get("document"), str):
            latest[str(rec.get("input") or rec["document"])] = idx
    return latest


def _verification(lines: list[_Line], index: int) -> dict[str, Any] | None:
    for ln in _block(lines, index):
        if ln.record and ln.record.get("type") == "verification":
            return ln.record
    return None


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_documents(
    out_dir: Path, lines: list[_Line], latest: dict[str, int], problems: list[str], checked: dict[str, int]
) -> None:
    docs_dir = out_dir / "documents"
    on_disk = (
        sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file())
        if docs_dir.is_dir()
        else []
    )
    released: dict[str, int] = {}  # output -> index of its latest released document record
    for idx in latest.values():
        rec = lines[idx].record or {}
        if rec.get("status") != Status.RELEASED:
            continue
        output = str(rec.get("output") or "")
        if output in released:
            other = lines[released[output]].number
            problems.append(
                f"documents/{output}: released by two documents (audit.jsonl lines {other} "
                f"and {lines[idx].number})"
            )
        released[output] = idx

    for rel in on_disk:
        where = f"documents/{rel}"
        at = released.get(rel)
        if at is None:
            problems.append(f"{where}: not in the audit log (no released document record for this file)")
            continue
        idx = at
        rec = lines[idx].record or {}
        line_no = lines[idx].number
        if _sha256_file(docs_dir / rel) != rec.get("output_sha256"):
            problems.append(
                f"{where}: sha256 does not match the audit log (line {line_no}): "
                "the file was changed after release"
            )
        ver = _verification(lines, idx)
        if ver is None:
            problems.append(f"{where}: no verification record for it in its run (before line {line_no})")
        elif ver.get("passed") is not True:
            problems.append(f"{where}: its verification record (line {_line_of(lines, ver)}) did not pass")
    for rel, idx in released.items():
        if not (docs_dir / rel).is_file():
            problems.append(
                f"documents/{rel}: released in the audit log (line {lines[idx].number}) "
                "but the file is missing"
            )
    checked["documents"] = len(on_disk)


def _line_of(lines: list[_Line], rec: dict[str, Any]) -> int:
    return next((ln.number for ln in lines if ln.record is rec), 0)


def _check_inventory(
    out_dir: Path, lines: list[_Line], latest: dict[str, int], problems: list[str], checked: dict[str, int]
) -> None:
    from pipeline.inventory import document_ids, row_for
    from pipeline.safetext import for_csv

    path = out_dir / "inventory.csv"
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh, delimiter=";"))
    except OSError:
        problems.append("inventory.csv: missing")
        return
    expected = {}
    records = {key: lines[idx].record or {} for key, idx in latest.items()}
    ids = document_ids(records)
    for key, rec in records.items():
        row = row_for(rec, {}, own_id=ids[key])
        expected[row["Volgnummer"]] = row
    seen = set()
    for n, row in enumerate(rows, 2):  # line 1 is the header
        key = row.get("Volgnummer", "")
        exp = expected.get(key)
        if exp is None:
            problems.append(
                f"inventory.csv line {n}: document {row.get('Bestand', '')!r} is not in the audit log"
            )
            continue
        seen.add(key)
        for col in INVENTORY_FIELDS:
            if (row.get(col) or "") != for_csv(exp[col]):
                problems.append(
                    f"inventory.csv line {n}: {col} is {row.get(col)!r}, the audit log says {exp[col]!r}"
                )
    for key, exp in expected.items():
        if key not in seen:
            problems.append(f"inventory.csv: no row for documents/{exp['Bestand']} (Volgnummer {key})")
    checked["inventory rows"] = len(rows)


# --------------------------------------------------------------------------- leak re-check


def _load_key(path: Path, problems: list[str]) -> bytes | None:
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        problems.append(
            f"leak re-check not done: fingerprint key not found at {path} "
            "(give it with --key-file, or pass --no-leak-check to skip this check)"
        )
    except (OSError, ValueError):
        problems.append(f"leak re-check not done: {path} is not a readable fingerprint key")
    return None


def _check_key(key: bytes, lines: list[_Line], notes: list[str], problems: list[str]) -> None:
    """With a ``key_check`` in the run records, a wrong key cannot make the leak check pass silently."""
    expected = {
        ln.record.get("key_check")
        for ln in lines
        if ln.record and ln.record.get("type") == "run" and ln.record.get("key_check")
    }
    if not expected:
        notes.append("the log does not say which key the run used: a wrong key would find no leaks")
        return
    mine = Fingerprinter(key)(KEY_CHECK_TEXT)
    if mine not in expected:
        problems.append(
            "leak re-check: the fingerprint key is not the key of this run "
            "(its key_check does not match the run record)"
        )


def _check_leaks(
    out_dir: Path,
    lines: list[_Line],
    latest: dict[str, int],
    key: bytes,
    problems: list[str],
    checked: dict[str, int],
) -> None:
    n_docs = n_secrets = 0
    for idx in latest.values():
        rec = lines[idx].record or {}
        if rec.get("status") != Status.RELEASED:
            continue
        output = str(rec.get("output") or "")
        pdf = out_dir / "documents" / output
        if not pdf.is_file():
            continue  # already reported as missing
        ver = _verification(lines, idx) or {}
        secrets = ver.get("secrets") or {}
        allowed = ver.get("allowed") or {}
        if not isinstance(secrets, dict):
            problems.append(f"documents/{output}: verification record has no usable secrets list")
            continue
        n_docs += 1
        n_secrets += len(secrets)
        try:
            pages = pdf_page_texts(pdf)
        except Exception as exc:  # noqa: BLE001 - an output that cannot be read is not verified
            problems.append(
                f"documents/{output}: cannot be read for the leak re-check ({type(exc).__name__})"
            )
            continue
        for ref, where in find_leaks(pages, secrets, key, allowed).items():
            problems.append(f"documents/{output}: redacted string {ref} found in the output text ({where})")
        txt_rel = str(PurePosixPath(output).with_suffix(".txt"))
        txt = out_dir / "text" / txt_rel
        if txt.is_file():  # the published plain text must be as clean as the PDF
            text_pages = txt.read_text(encoding="utf-8", errors="replace").split("\f")
            for ref, where in find_leaks(text_pages, secrets, key, allowed).items():
                problems.append(f"text/{txt_rel}: redacted string {ref} found in the text ({where})")
        # the structure tree, title and published DiWoo record are leak channels too (pipeline.tags)
        for name, texts in published_texts(out_dir, pdf, output):
            for ref, _ in find_leaks(texts, secrets, key, allowed).items():
                problems.append(f"{name}: redacted string {ref} found in it")
    checked["documents leak-checked"] = n_docs
    checked["fingerprints compared"] = n_secrets


def published_texts(out_dir: Path, pdf: Path, output: str) -> list[tuple[str, list[str]]]:
    """Text a reader gets besides the page text: the PDF's structure tree and title, its DiWoo record."""
    from pipeline.tags import tree_texts

    out = [(f"documents/{output} (structure tree, title)", tree_texts(pdf))]
    record = out_dir / "diwoo" / f"{output}.xml"
    if record.is_file():
        out.append((f"diwoo/{output}.xml", [record.read_text(encoding="utf-8", errors="replace")]))
    return [(name, texts) for name, texts in out if texts]


def pdf_page_texts(path: Path) -> list[str]:
    """The text of each page as pypdfium2 (PDFium) reads it, independent of the pipeline's extractor."""
    return textforms.pdfium_page_texts(path)


def _variants(text: str) -> list[str]:
    """Forms of a page's text a redacted string could be found in (pipeline.textforms), normalised
    as fingerprints are."""
    return list(dict.fromkeys(Fingerprinter.normalize(v) for v in textforms.forms(text)))


def _spans(text: str, max_words: int = MAX_WORDS) -> Iterable[tuple[int, int]]:
    """Every (start, end) of a substring that could be a whole redacted string of up to ``max_words`` words.

    A redacted string starts where no word character precedes it and ends where none
    follows (the verifier's own whole-word rule), and never at a space.
    """
    n = len(text)
    word = [c.isalnum() or c == "_" for c in text]
    starts = [i for i in range(n) if text[i] != " " and (i == 0 or not word[i - 1])]
    ends = [j for j in range(1, n + 1) if text[j - 1] != " " and (j == n or not word[j])]
    e0 = 0
    for s in starts:
        while e0 < len(ends) and ends[e0] <= s:
            e0 += 1
        spaces = 0
        last = s
        for e in ends[e0:]:
            spaces += text.count(" ", last, e)
            last = e
            if spaces >= max_words:
                break
            yield s, e


def find_leaks(
    pages: list[str], secrets: dict[str, str], key: bytes, allowed: dict[str, int] | None = None
) -> dict[str, str]:
    """Redacted strings (by ref) whose fingerprint matches text on the pages more often than allowed.

    Each page is searched in each of its variants; per page the variant with the most
    hits counts (as the verifier does).  Candidates are also tried without their spaces,
    for e-mail addresses and numbers an extractor splits.  Returns ref -> "page 2, 3".
    """
    allowed = allowed or {}
    by_fp: dict[str, list[str]] = {}
    for ref, fp in secrets.items():
        by_fp.setdefault(str(fp), []).append(str(ref))
    totals: dict[str, int] = {}
    where: dict[str, list[int]] = {}
    cache: dict[str, str] = {}
    for pno, page in enumerate(pages, 1):
        best: dict[str, int] = {}
        for text in _variants(page):
            counts: dict[str, int] = {}
            for s, e in _spans(text):
                cand = text[s:e]
                hit_refs: set[str] = set()
                for c in {cand, cand.replace(" ", "")}:
                    fp = cache.get(c) or ""
                    if not fp:
                        fp = cache[c] = hmac.new(key, c.encode("utf-8"), hashlib.sha256).hexdigest()
                    hit_refs.update(by_fp.get(fp, ()))
                for ref in hit_refs:
                    counts[ref] = counts.get(ref, 0) + 1
            for ref, n in counts.items():
                best[ref] = max(best.get(ref, 0), n)
        for ref, n in best.items():
            totals[ref] = totals.get(ref, 0) + n
            where.setdefault(ref, []).append(pno)
    out = {}
    for ref, total in totals.items():
        limit = int(allowed.get(ref, 0) or 0)
        if total > limit:
            pages_s = ", ".join(str(p) for p in where[ref])
            extra = f", allowed {limit}" if limit else ""
            out[ref] = f"{total}x on page {pages_s}{extra}"
    return dict(sorted(out.items(), key=lambda kv: _ref_key(kv[0])))


def _ref_key(ref: str) -> tuple[int, str]:
    m = re.search(r"\d+", ref)
    return (int(m.group()) if m else 10**9, ref)
