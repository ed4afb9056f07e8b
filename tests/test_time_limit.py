"""An article whose stages outrun DATELINE_ARTICLE_SECONDS becomes an E008 errors row; the rest go on."""

from __future__ import annotations

import threading

import pytest

from dateline.model import Article, Extraction, Failure
from dateline.nlp.extract import ArticleTimeout, Extractor, time_limit
from dateline.settings import Settings

TEXT = "Iran's foreign minister said on Monday that talks with the United States would resume. " * 40


def test_slow_article_becomes_errors_row_and_batch_goes_on():
    extractor = Extractor(Settings.from_env(article_seconds=0.001, check_language=False))
    results = list(extractor.extract_many([Article(id="slow", text=TEXT), Article(id="short", text="Hi.")]))
    assert isinstance(results[0], Failure) and results[0].code == "E008"
    assert "took over 0.001 s" in results[0].reason and "\n" not in results[0].reason
    # the batch went on to the next article (which may or may not fit in a millisecond)
    second = results[1]
    assert (second.article_id if isinstance(second, Failure) else second.article.id) == "short"
    relaxed = Extractor(Settings.from_env(article_seconds=60, check_language=False))
    assert isinstance(relaxed.extract(Article(id="slow", text=TEXT)), Extraction)


def test_time_limit_raises_and_restores_the_alarm():
    with pytest.raises(ArticleTimeout):
        with time_limit(0.01):
            while True:
                pass
    with time_limit(5):  # a block that ends in time leaves no alarm behind
        pass
    import signal
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_limit_off_the_main_thread():
    done = []

    def work():
        with time_limit(0.001):
            sum(range(200_000))
        done.append(True)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert done == [True]


def test_setting_from_environment():
    assert Settings.from_env({"DATELINE_ARTICLE_SECONDS": "2.5"}).article_seconds == 2.5
