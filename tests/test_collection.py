"""Extraction leaves no reference cycles behind, and batches run with automatic garbage
collection paused (then collect their own cycles once), restoring the collector's state."""

from __future__ import annotations

import gc
import threading

from dateline.model import Article, Extraction
from dateline.nlp import extract as extract_module
from dateline.nlp.extract import collection_paused, forget_views


class Ring:
    def __init__(self):
        self.me = self  # a reference cycle: only the collector frees it


def test_extraction_leaves_no_cyclic_garbage(extractor, tehran_text):
    extractor.extract(Article(id="warm", text=tehran_text))  # lazy tables are loaded by now
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        results = list(extractor.extract_many([Article(id=f"t{i}", text=tehran_text) for i in range(3)]))
        assert all(isinstance(r, Extraction) and r.events for r in results)
        del results
        gc.collect()
        # spaCy's parser leaves a few cycles of its own per batch (step models); the docs, their
        # spans and the records must not be among the garbage
        kinds = {type(o).__name__ for o in gc.garbage}
        assert not kinds & {"Doc", "Span", "Token", "Extraction", "Quote", "Event", "ParseView"}, kinds
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()


def test_stages_forget_their_views_of_the_doc(extractor, tehran_text):
    doc = extractor.nlp(tehran_text)
    doc.user_data["caller"] = 1
    extract_module.stages(doc, Article(id="t", text=tehran_text))
    assert doc.user_data == {"caller": 1}
    doc.user_data["dateline_parse_view"] = object()
    forget_views(doc)
    assert doc.user_data == {"caller": 1}


def test_collection_paused_restores_the_collector_and_frees_the_block_cycles():
    was = gc.isenabled()
    gc.enable()
    try:
        with collection_paused():
            assert not gc.isenabled()
            with collection_paused():  # nested: still paused after the inner block
                pass
            assert not gc.isenabled()
            ring = Ring()
            gone = []
            import weakref
            weakref.finalize(ring, gone.append, True)
            del ring
            assert not gone  # no automatic collection while paused
        assert gc.isenabled() and gone == [True]  # one collection of the young generation freed it
        gc.disable()
        with collection_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        (gc.enable if was else gc.disable)()


def test_collection_paused_counts_threads():
    was = gc.isenabled()
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other():
        with collection_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    try:
        thread.start()
        assert inside.wait(10)
        with collection_paused():
            pass
        assert not gc.isenabled()  # the other thread's batch is still running
        release.set()
        thread.join(10)
        assert gc.isenabled()
    finally:
        release.set()
        thread.join(10)
        (gc.enable if was else gc.disable)()
