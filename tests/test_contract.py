"""The extraction contract: every key present, valid against the JSON Schema, spans true to the text."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import DATA, EXAMPLES, TEHRAN, jsonl, run_cli, tehran_required

from dateline.contract import schema, span_problems
from dateline.model import Extraction
from dateline.read import read_inputs


@pytest.fixture(scope="module")
def extractions(extractor):
    inputs = [str(EXAMPLES), str(DATA)]
    # through JSON, as a user of `dateline extract` sees them
    return [json.loads(json.dumps(extractor.extract(a).to_dict()))
            for a in read_inputs(inputs, max_bytes=1_000_000) if not hasattr(a, "reason")]


def test_schema_is_valid_and_requires_every_key():
    s = schema()
    jsonschema.Draft202012Validator.check_schema(s)
    assert set(s["required"]) == {"article", "text", "actors", "places", "times", "quotes", "events",
                                  "forecasts", "errors"}
    assert set(s["properties"]["article"]["required"]) == {"id", "published", "title", "url", "outlet", "dateline"}


def test_every_extraction_matches_the_schema(extractions):
    validator = jsonschema.Draft202012Validator(schema())
    assert len(extractions) >= 10
    for obj in extractions:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(json.loads(json.dumps(obj)))]
        assert errors == [], obj["article"]["id"]
        assert span_problems(obj) == [], obj["article"]["id"]


def test_the_schema_rejects_a_broken_object(extractions):
    validator = jsonschema.Draft202012Validator(schema())
    broken = json.loads(json.dumps(extractions[0]))
    del broken["quotes"]
    broken["article"]["published"] = "18 April 2020"
    messages = [e.message for e in validator.iter_errors(broken)]
    assert any("'quotes' is a required property" in m for m in messages)
    assert any("does not match" in m for m in messages)


def test_round_trip_through_the_records(extractions):
    for obj in extractions:
        assert json.loads(json.dumps(Extraction.from_dict(obj).to_dict())) == json.loads(json.dumps(obj))


def test_examples_have_datelines_actors_and_places(extractions):
    by_id = {o["article"]["id"]: o for o in extractions}
    geneva = by_id["geneva-water-talks"]
    assert geneva["article"]["dateline"]["text"] == "GENEVA"
    assert geneva["article"]["dateline"]["span"] == [0, 6]
    place = next(p for p in geneva["places"] if p["id"] == geneva["article"]["dateline"]["place"])
    assert place["name"] == "Geneva" and len(place["mentions"]) == 2  # the dateline and "to Geneva"
    people = {a["name"]: a for a in geneva["actors"] if a["kind"] == "person"}
    assert {"Miriam Osei", "Karim Fahmy", "Dawit Bekele"} <= set(people)
    assert [m["text"] for m in people["Dawit Bekele"]["mentions"]] == ["Dawit Bekele", "Bekele"]
    seoul = by_id["seoul-missile-test"]
    assert seoul["article"]["dateline"]["text"] == "SEOUL"
    assert seoul["article"]["published"] == "2023-07-12"


@tehran_required()
def test_tehran_article_through_the_cli():
    proc = run_cli("extract", str(TEHRAN), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    [obj] = jsonl(proc.stdout)
    assert obj["article"]["published"] == "2020-04-18"
    assert obj["article"]["dateline"]["text"] == "TEHRAN"
    assert obj["text"][slice(*obj["article"]["dateline"]["span"])] == "TEHRAN"
    people = {a["name"]: a for a in obj["actors"] if a["kind"] == "person"}
    assert "Hassan Kazemi Qomi" in people and "Mike Pompeo" in people
    kazemi = [m["text"] for m in people["Hassan Kazemi Qomi"]["mentions"]]
    assert kazemi[0] == "Hassan Kazemi Qomi" and "Kazemi Qomi" in kazemi and "Kazemi" in kazemi
    assert "Kazemi" not in {p["name"] for p in obj["places"]}
    jsonschema.validate(obj, schema())
    assert span_problems(obj) == []


def test_records_are_what_asdict_gives(extractor):
    """to_dict's shallow walk gives exactly dataclasses.asdict's data, copies included."""
    from dataclasses import asdict

    for article in read_inputs([str(EXAMPLES)], max_bytes=1_000_000):
        if hasattr(article, "reason"):
            continue
        found = extractor.extract(article)
        out = found.to_dict()
        for key in ("actors", "places", "times", "quotes", "events", "forecasts"):
            assert out[key] == [asdict(x) for x in getattr(found, key)]
        if found.actors:
            out["actors"][0]["mentions"].clear()  # a copy: the record keeps its mentions
            assert found.actors[0].mentions
