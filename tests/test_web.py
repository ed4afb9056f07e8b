"""The web UI in a real headless Chromium (Debian's, driven by Playwright) against a real server.

Screenshots go to test-artifacts/screenshots/.  Skipped when Chromium or Playwright is missing
(`make test` installs both).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, serve

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "test-artifacts" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def site(talks_store):
    proc, base = serve(talks_store)
    con = duckdb.connect(str(talks_store), read_only=True)
    [(tehran,)] = con.execute("SELECT id FROM articles WHERE text LIKE '%Kazemi Qomi%'").fetchall()
    con.close()
    yield base, tehran
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        yield tab
        browser.close()


def test_article_page_highlights_kazemi_quotes(site, page):
    base, tehran = site
    page.goto(f"{base}/articles/{tehran}")
    quotes = page.locator('.text .ann-quote[id^="Q"][title*="Hassan Kazemi Qomi"]')
    assert quotes.count() >= 10
    first = quotes.first
    assert first.is_visible()
    colour = first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, in the speaker's colour
    assert page.locator(".text .ann-event").count() > 5 and page.locator(".text .ann-actor").count() > 5
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)


def test_dyad_chart_point_leads_to_its_sentence(site, page):
    base, _ = site
    page.goto(f"{base}/dyads?a=USA&b=IRQ&both_ways=true")
    bars = page.locator(".chart svg rect.bar")
    assert bars.count() >= 1 and bars.first.bounding_box()["height"] > 0
    page.screenshot(path=str(SHOTS / "dyad-chart.png"), full_page=True)
    page.locator(".chart svg a.point").first.click()
    page.wait_for_url("**/dyads/events**")
    link = page.locator("a.provenance").first
    sentence = link.inner_text()
    assert "Pompeo" in sentence
    link.click()
    page.wait_for_url("**/articles/**#E*")
    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"#{anchor}")
    assert target.is_visible() and target.inner_text() in sentence  # the event's words, in its sentence
    page.screenshot(path=str(SHOTS / "provenance.png"), full_page=True)


def test_search_and_actor_pages(site, page):
    base, _ = site
    page.goto(f"{base}/?q=strategic+dialogue")
    assert page.locator("table.results tr").count() > 2
    page.goto(f"{base}/actors/Pompeo")
    assert page.locator("h1").inner_text() == "Mike Pompeo"
    assert "USAGOV" in page.content()
    quotes = page.locator("h2", has_text="Quotes").inner_text()
    assert quotes.split()[-1].isdigit() and int(quotes.split()[-1]) >= 1  # the total beside the heading
    assert page.locator("h2 + ul").first.locator("li").count() >= 1
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    page.goto(f"{base}/actors/Pompeo?offset=1000")  # past the end: the page still renders, lists empty
    assert page.locator("h1").inner_text() == "Mike Pompeo" and page.locator('a[rel="prev"]').count() == 1


def test_map_of_event_locations(site, page):
    base, _ = site
    page.goto(f"{base}/map")
    assert page.locator(".map svg path.country").count() > 150  # the offline world outline
    dots = page.locator(".map svg a.event-point")
    assert dots.count() >= 1
    page.screenshot(path=str(SHOTS / "map.png"), full_page=True)
    dots.first.click()
    page.wait_for_url("**/articles/**#E*")
