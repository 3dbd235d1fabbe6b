"""The audit log: hash chain, torn-line repair on resume, and keyed fingerprints."""

import json

from pipeline.audit import GENESIS, AuditLog, Fingerprinter, line_hash, read_records


def test_records_form_a_hash_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    with AuditLog(path, "m" * 64) as log:
        for i in range(3):
            log.write({"type": "t", "i": i})
    lines = path.read_bytes().splitlines()
    recs = [json.loads(x) for x in lines]
    assert recs[0]["prev"] == GENESIS
    assert recs[1]["prev"] == line_hash(lines[0])
    assert recs[2]["prev"] == line_hash(lines[1])
    assert [r["seq"] for r in recs] == [1, 2, 3]
    assert all(r["manifest_sha256"] == "m" * 64 for r in recs)


def test_torn_last_line_is_cut_and_the_chain_continues(tmp_path):
    path = tmp_path / "audit.jsonl"
    with AuditLog(path, "x") as log:
        log.write({"type": "a"})
        log.write({"type": "b"})
    good = path.read_bytes()
    path.write_bytes(good + b'{"seq":3,"type":"half')  # killed mid-write
    log = AuditLog(path, "x")
    assert log.repaired
    log.write({"type": "c"})
    log.close()
    recs = read_records(path)
    assert [r["type"] for r in recs] == ["a", "b", "c"]
    assert recs[2]["seq"] == 3
    assert recs[2]["prev"] == line_hash(good.splitlines()[-1])


def test_fingerprints_are_keyed_and_normalised(tmp_path):
    fp = Fingerprinter.from_file(tmp_path / "k.key")
    assert (tmp_path / "k.key").stat().st_mode & 0o077 == 0  # private key file
    assert fp("Sanne  Bakker") == fp("sanne bakker")
    assert fp("Sanne Bakker") != fp("Kees de Vries")
    same_key = Fingerprinter.from_file(tmp_path / "k.key")
    other_key = Fingerprinter.from_file(tmp_path / "other.key")
    assert same_key("Sanne Bakker") == fp("Sanne Bakker")
    assert other_key("Sanne Bakker") != fp("Sanne Bakker")
    assert "Sanne" not in fp("Sanne Bakker")


def test_a_large_log_resumes_from_its_tail_after_a_torn_and_a_corrupt_line(tmp_path):
    from pipeline.audit import iter_records

    path = tmp_path / "audit.jsonl"
    with AuditLog(path, "x") as log:
        for i in range(3000):  # ~1.5 MB: more than the tail that resuming reads
            log.write({"type": "finding" if i % 10 else "document", "i": i, "pad": "p" * 400})
    good = path.read_bytes()
    path.write_bytes(good + b"not json\n" + b'{"seq":3001,"type":"ha')  # corrupt line, then torn
    log = AuditLog(path, "x")
    assert log.repaired and log.seq == 3000
    log.write({"type": "document", "i": 3000})
    log.close()
    assert path.read_bytes().startswith(good)
    last = path.read_bytes().splitlines()[-1]
    assert json.loads(last)["prev"] == line_hash(good.splitlines()[-1])
    docs = list(iter_records(path, types=("document",)))
    assert [d["i"] for d in docs] == list(range(0, 3000, 10)) + [3000]
