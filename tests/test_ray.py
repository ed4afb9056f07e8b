"""The ray engine: Parquet partitions whose records equal the local runner's, attached into a store.

One real run of `dateline ingest --engine ray` on a local Ray (one actor, batches of 2 articles)
over the bundled examples and a file of bad records; the rest reads its output.  Two actors give
the same records: benchmarks/ray_scaling.py checks that on the corpus.
"""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, run_cli

pytest.importorskip("ray", reason="ray is not installed: the ray engine needs pip install 'dateline[ray]'")

BAD = '{"id": "no-text"}\nnot json\n'


@pytest.fixture(scope="module")
def ray_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ray")
    bad = folder / "bad.jsonl"
    bad.write_text(BAD, encoding="utf-8")
    parts, db = folder / "parts", folder / "ray.duckdb"
    proc = run_cli("ingest", str(EXAMPLES), str(bad), "--engine", "ray", "--workers", "1", "--partitions", str(parts),
                   "--no-attach", "--db", str(db), env={"DATELINE_BATCH_SIZE": "2"})
    assert proc.returncode == 0, proc.stderr
    return folder, parts, db, proc


def _examples():
    from dateline.model import Article
    from dateline.read import read_inputs

    return [a for a in read_inputs([str(EXAMPLES)], max_bytes=1_000_000) if isinstance(a, Article)]


def test_partitions_hold_the_local_runners_records(ray_run, extractor):
    from dateline.store.partitions import complete_chunks, read_chunk

    _, parts, db, proc = ray_run
    assert not db.exists()  # --no-attach
    chunks = [read_chunk(str(parts), stem) for stem in complete_chunks(str(parts))]
    got = [ex.to_dict() for chunk in chunks for ex in chunk.extractions]
    want = [r.to_dict() for r in extractor.extract_many(_examples())]
    assert len(want) >= 4
    assert got == want  # the same contract JSON, article by article, in input order
    for table in ("articles", "actors", "mentions", "events", "errors"):
        assert list((parts / table).glob("*.parquet")), table
    assert "wrote to" in proc.stderr and f"{len(want)} articles, 2 errors" in proc.stderr


def test_bad_input_becomes_errors_rows_and_the_batch_goes_on(ray_run):
    from dateline.store.partitions import complete_chunks, read_chunk

    _, parts, _, proc = ray_run
    errors = [e for stem in complete_chunks(str(parts)) for e in read_chunk(str(parts), stem).errors]
    assert sorted((e["code"], e["source"].rsplit("/", 1)[-1]) for e in errors) == [
        ("E006", "bad.jsonl:1"), ("E006", "bad.jsonl:2")]
    assert "malformed record: no 'text' field" in {e["reason"] for e in errors}
    assert proc.stderr.count("warning: E006") == 2


def test_attach_makes_the_partitions_a_store_like_a_local_ingest(ray_run, tmp_path, extractor):
    from dateline.model import Article, Failure
    from dateline.read import read_inputs
    from dateline.settings import Settings
    from dateline.store import Store

    folder, parts, db, _ = ray_run
    proc = run_cli("store", "attach", str(parts), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    n = len(_examples())
    assert f"{n} articles stored, 2 errors" in proc.stderr
    again = run_cli("store", "attach", str(parts), "--db", str(db))  # idempotent
    assert again.returncode == 0 and "0 articles stored" in again.stderr and "attached before" in again.stderr

    local_db = tmp_path / "local.duckdb"  # what `dateline ingest` (local engine) stores: one batch here
    items = list(read_inputs([str(EXAMPLES), str(folder / "bad.jsonl")], max_bytes=1_000_000))
    with Store.open(str(local_db), pipeline=Settings().model) as local:
        local.write(extractor.extract_many([a for a in items if isinstance(a, Article)]),
                    [f for f in items if isinstance(f, Failure)])
    with Store.open(str(db), read_only=True) as ray_store, Store.open(str(local_db), read_only=True) as local:
        assert ray_store.counts() == local.counts()
        assert ray_store.counts()["articles"] == n and ray_store.counts()["errors"] == 2
        for article_id in local.article_ids():
            assert ray_store.extraction(article_id).to_dict() == local.extraction(article_id).to_dict()
        clusters = "SELECT source, target, cameo, mode, date_start, date_end, reports FROM clusters ORDER BY ALL"
        assert ray_store.query(clusters) == local.query(clusters)
        assert ray_store.query("SELECT count(*) AS n FROM events WHERE cluster_id IS NULL") == [{"n": 0}]
    stats = run_cli("stats", "--db", str(db))
    assert stats.returncode == 0 and "clusters" in stats.stdout


def test_events_reported_in_two_partitions_join_one_cluster(tmp_path, extractor):
    """Two chunks (as two workers or runs write) holding reports of the same event: one cluster."""
    from datetime import datetime

    from dateline.model import Article
    from dateline.store import Store
    from dateline.store.partitions import PartitionWriter, attach, result_tables

    text = ("WASHINGTON — U.S. Secretary of State Mike Pompeo met Iraqi Foreign Minister Fuad Hussein on "
            "Thursday in Washington.")
    first = Article(id="report-1", text=text, published="2020-06-12")
    second = Article(id="report-2", text=text + " They discussed the dialogue.", published="2020-06-12")
    parts = tmp_path / "parts"
    for article in (first, second):  # one writer (one run) each: two partitions
        writer = PartitionWriter(str(parts))
        writer.add(result_tables(extractor.extract_many([article]), pipeline="test", now=datetime(2020, 6, 12)))
        writer.close()
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        summary = attach(store, str(parts))
        assert (summary.chunks, summary.articles) == (2, 2)
        rows = store.query("SELECT article_id, cluster_id FROM events WHERE cameo = '040' AND source IS NOT NULL "
                           "ORDER BY article_id")
        assert {r["article_id"] for r in rows} == {"report-1", "report-2"}
        assert len({r["cluster_id"] for r in rows}) == 1
        assert store.query("SELECT reports FROM clusters WHERE id = ?", [rows[0]["cluster_id"]]) == [{"reports": 2}]


def test_a_damaged_partition_is_an_errors_row_and_the_others_attach(tmp_path, extractor):
    from datetime import datetime

    from dateline.store import Store
    from dateline.store.partitions import PartitionWriter, attach, result_tables

    parts = tmp_path / "parts"
    for article in _examples()[:2]:
        writer = PartitionWriter(str(parts))
        writer.add(result_tables(extractor.extract_many([article]), pipeline="test", now=datetime(2024, 1, 1)))
        writer.close()
    damaged = sorted((parts / "actors").glob("*.parquet"))[0]
    damaged.write_bytes(b"not parquet")
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        summary = attach(store, str(parts))
        assert (summary.chunks, summary.articles, summary.errors) == (1, 1, 1)
        [error] = store.query("SELECT code, reason FROM errors")
        assert error["code"] == "E006" and damaged.name in error["reason"]
        assert attach(store, str(parts)).errors == 0  # recorded as unreadable: not reported again


def test_a_rerun_skips_what_the_partitions_or_the_store_hold(tmp_path, extractor):
    """The skip keys a run sends to its read tasks: partitions' and store's texts, nothing else."""
    from datetime import datetime

    from dateline.store import Store
    from dateline.store.partitions import (PartitionWriter, attach, complete_chunks, is_known, known_keys,
                                           result_tables)

    first, second, third = _examples()[:3]
    parts = tmp_path / "parts"
    writer = PartitionWriter(str(parts))
    writer.add(result_tables(extractor.extract_many([first]), pipeline="test", now=datetime(2024, 1, 1)))
    writer.add(result_tables(extractor.extract_many([first]), pipeline="test", now=datetime(2024, 1, 1)))
    writer.close()
    assert len(complete_chunks(str(parts))) == 2  # the same id again starts a chunk
    other = tmp_path / "other"
    writer = PartitionWriter(str(other))
    writer.add(result_tables(extractor.extract_many([second]), pipeline="test", now=datetime(2024, 1, 1)))
    writer.close()
    db = tmp_path / "s.duckdb"
    with Store.open(str(db)) as store:
        summary = attach(store, str(other))
        assert (summary.articles, summary.skipped) == (1, 0)
        assert attach(store, str(parts)).skipped == 1  # the same article twice: stored once
    keys = known_keys(str(parts), str(db))
    assert [is_known(keys, a.hash) for a in (first, second, third)] == [True, True, False]
    assert [is_known(known_keys(str(parts)), a.hash) for a in (first, second)] == [True, False]


def test_usage_errors_are_one_line(tmp_path):
    from conftest import free_port

    proc = run_cli("ingest", str(EXAMPLES), "--engine", "ray", "--ray-address", "ray://head:10001")
    assert proc.returncode == 2 and proc.stderr.startswith("dateline: error: E110") and "Traceback" not in proc.stderr
    proc = run_cli("ingest", str(EXAMPLES), "--engine", "ray", "--ray-address", f"127.0.0.1:{free_port()}")
    assert proc.returncode == 2 and "E110" in proc.stderr and "no Ray cluster answers" in proc.stderr
    proc = run_cli("store", "attach", str(tmp_path / "nothing"), "--db", str(tmp_path / "s.duckdb"))
    assert proc.returncode == 2 and "E100" in proc.stderr and "no such folder" in proc.stderr
    proc = run_cli("ingest", str(EXAMPLES), "--partitions", str(tmp_path / "p"))
    assert proc.returncode == 2 and "need --engine ray" in proc.stderr
