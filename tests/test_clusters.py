"""Event clusters: reports of one event join up, in an article and across the store."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dateline.cluster import Cluster, Report, assign, codes_agree, same_event
from dateline.model import Article
from dateline.store import Store


def report(source="USA", target="IRN", cameo="190", mode="asserted", value="2020-01-03", bound=None):
    return Report.of(source, target, cameo, mode, value, bound)


@pytest.mark.parametrize("a, b, agree", [
    ("19", "193", True), ("190", "193", True), ("193", "1931", True), ("193", "194", False),
    ("036", "030", True), ("036", "04", False), ("111", "112", False),
])
def test_codes_agree(a, b, agree):
    assert codes_agree(a, b) is agree


def test_same_event_needs_dyad_mode_code_and_dates():
    [cluster] = [c for c in assign([report()], [], str) if c]
    assert same_event(report(source="USAMIL", value="2020-01"), cluster)  # month covers the day
    assert same_event(report(value="2020-01-05", bound="before"), cluster)  # "came after" it
    assert not same_event(report(value="2020-01-04"), cluster)  # another day
    assert not same_event(report(target="IRQ"), cluster)
    assert not same_event(report(mode="future"), cluster)
    assert not same_event(report(cameo="173"), cluster)
    assert not same_event(report(source=None), cluster)


def test_assign_narrows_the_cluster_and_counts_reports():
    clusters: list[Cluster] = []
    joined = assign([report(value="2020-01"), report(cameo="193", value="2020-01-03"), report(target=None)],
                    clusters, lambda n: f"K{n + 1}")
    assert [c.id if c else None for c in joined] == ["K1", "K1", None]
    [k1] = clusters
    assert (k1.cameo, k1.start, k1.end, k1.reports) == ("193", date(2020, 1, 3), date(2020, 1, 3), 2)


TEXT_A = ("BAGHDAD — U.S. forces attacked Iranian militias near the Syrian border on Friday, "
          "Iraqi officials said.")
TEXT_B = ("WASHINGTON — The Pentagon confirmed on Saturday that U.S. forces attacked Iranian "
          "militias on Friday.\n\nU.S. forces attacked Iranian militias again on Monday.")  # published Tuesday


def test_reports_in_two_articles_are_one_cluster(tmp_path, extractor):
    db = str(tmp_path / "c.duckdb")
    a = extractor.extract(Article(id="a", text=TEXT_A, published="2021-03-06", source="t"))
    b = extractor.extract(Article(id="b", text=TEXT_B, published="2021-03-09", source="t"))
    with Store.open(db) as store:
        store.write([a])
        store.write([b])
        store.write([a, b])  # idempotent: nothing stored twice, no report counted twice
    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT e.article_id, e.date, e.cluster_id FROM events e "
                       "WHERE e.cameo LIKE '19%' ORDER BY e.article_id, e.id").fetchall()
    friday = {cid for article, day, cid in rows if day == "2021-03-05"}
    monday = {cid for article, day, cid in rows if day == "2021-03-08"}
    assert len(friday) == 1 and len(monday) == 1 and friday != monday
    [(reports,)] = con.execute("SELECT reports FROM clusters WHERE id = ?", [friday.pop()]).fetchall()
    assert reports == 2
