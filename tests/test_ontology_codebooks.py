"""dateline's own CAMEO / PLOVER codebook tables (src/dateline/ontology/data/*.tsv)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from dateline.ontology import cameo, plover
from dateline.ontology.cameo import (
    all_codes,
    cameo_code,
    goldstein,
    parent,
    plover_of,
    quad_class,
    root_of,
)
from dateline.ontology.plover import mode_definition, modes, plover_type, plover_types, sectors

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "ontologies"

ROOTS = {
    "01": "MAKE PUBLIC STATEMENT", "02": "APPEAL", "03": "EXPRESS INTENT TO COOPERATE", "04": "CONSULT",
    "05": "ENGAGE IN DIPLOMATIC COOPERATION", "06": "ENGAGE IN MATERIAL COOPERATION", "07": "PROVIDE AID",
    "08": "YIELD", "09": "INVESTIGATE", "10": "DEMAND", "11": "DISAPPROVE", "12": "REJECT", "13": "THREATEN",
    "14": "PROTEST", "15": "EXHIBIT FORCE POSTURE", "16": "REDUCE RELATIONS", "17": "COERCE", "18": "ASSAULT",
    "19": "FIGHT", "20": "USE UNCONVENTIONAL MASS VIOLENCE",
}
ROOT_GOLDSTEIN = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
    "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
    "18": -9.0, "19": -10.0, "20": -10.0,
}
PLOVER_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
PLOVER_CONTEXTS = set(
    "military intelligence executive legislative election political_institutions pro_democracy "
    "pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security "
    "gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration "
    "disasters natural_resource environment technology terrorism cbrn cyber misinformation crime "
    "corruption illegal_drugs trafficking".split()
)
# Codes whose label follows the CAMEO 1.1b3 manual, not GDELT's lookup (listed in cameo.tsv's header).
LABEL_DIFFERS_FROM_GDELT = {
    "020", "0252", "028", "032", "033", "0355", "044", "0863", "101", "102", "103", "105", "106",
    "107", "108", "1312", "1321", "133", "137", "138", "162", "2041",
}
GOLDSTEIN_DISAGREEMENTS = {"016", "022", "124", "1246", "163", "164", "165", "166"}
EXTRA_CODES = {"1213"}  # in the 1.1b3 manual, not in GDELT's lookups


def _data_text(name: str) -> str:
    return resources.files("dateline.ontology").joinpath("data", name).read_text(encoding="utf-8")


def _header(name: str) -> str:
    return "\n".join(line for line in _data_text(name).splitlines() if line.startswith("#"))


# --------------------------------------------------------------------------- CAMEO


def test_concrete_codes():
    c = cameo_code("036")
    assert (c.label, c.goldstein, c.quad_class, c.penta_class) == ("EXPRESS INTENT TO MEET OR NEGOTIATE", 4.0, 1, 1)
    assert c.root == "03" and "negotiations" in c.description
    a = cameo_code("186")
    assert (a.label, a.goldstein, a.quad_class, a.penta_class) == ("ASSASSINATE", -10.0, 4, 4)
    assert cameo_code("185").goldstein == -8.0
    arrest = cameo_code("173")
    assert arrest.label == "ARREST, DETAIN, OR CHARGE WITH LEGAL ACTION"
    assert (arrest.goldstein, arrest.quad_class) == (-5.0, 4)
    assert cameo_code("0211").label == "APPEAL FOR ECONOMIC COOPERATION"
    assert cameo_code("012").label == "MAKE PESSIMISTIC COMMENT"
    assert cameo_code("010").label == "MAKE STATEMENT, NOT SPECIFIED BELOW"
    assert cameo_code("195").goldstein == -10.0 and cameo_code("0874").goldstein == 10.0
    # GDELT values where the sources disagree
    assert goldstein("016") == -2.0 and goldstein("022") == 3.2 and goldstein("163") == -8.0
    assert goldstein("1213") == -4.0


def test_lookup_defects_fixed():
    assert cameo_code("044").label == "MEET AT A 'THIRD' LOCATION"
    assert cameo_code("1056").label == "DEMAND DE-ESCALATION OF MILITARY ENGAGEMENT"
    assert cameo_code("106").label == "DEMAND MEETING, NEGOTIATION"
    assert cameo_code("106").goldstein == -5.0
    assert cameo_code("2041").label == "USE CHEMICAL, BIOLOGICAL, OR RADIOLOGICAL WEAPONS"
    assert cameo_code("101").label == "DEMAND MATERIAL COOPERATION, NOT SPECIFIED BELOW"
    assert "police" in cameo_code("153").description and "Need new" not in cameo_code("151").description


def test_unknown_code_raises():
    for bad in ("99", "0", "1214", "109", "36", ""):
        with pytest.raises(KeyError):
            cameo_code(bad)


def test_code_structure():
    codes = all_codes()
    assert len(codes) == 312
    keys = [c.code for c in codes]
    assert len(set(keys)) == len(keys)
    roots = [c for c in codes if len(c.code) == 2]
    assert {c.code: c.label for c in roots} == ROOTS
    assert {c.code: c.goldstein for c in roots} == ROOT_GOLDSTEIN
    for c in codes:
        assert re.fullmatch(r"\d{2,4}", c.code), c
        assert c.root == c.code[:2] == root_of(c.code)
        assert c.root in ROOTS
        p = parent(c.code)
        assert (p is None) == (len(c.code) == 2)
        if p is not None:
            assert cameo_code(p).code == p  # every parent exists
        assert -10.0 <= c.goldstein <= 10.0
        assert c.label and c.label == c.label.upper() and "  " not in c.label
        assert c.description and "\n" not in c.description and "\t" not in c.description
        assert c.description == c.description.strip()
        assert c.description.endswith(".")
        assert not re.search(r"[\u00c0-\u00ff\u2018-\u201d\ufffd]", c.label + c.description), c
    assert parent("1712") == "171" and parent("171") == "17" and parent("17") is None
    assert cameo.children("17") == ["170", "171", "172", "173", "174", "175"]


def test_quad_and_penta_classes_per_root():
    quad = {r: 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4 for r in range(1, 21)}
    penta = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 3, 13: 3,
             14: 4, 15: 4, 16: 3, 17: 4, 18: 4, 19: 4, 20: 4}
    for c in all_codes():
        assert c.quad_class == quad[int(c.root)], c.code
        assert c.penta_class == penta[int(c.root)], c.code
    assert quad_class("090") == 2 and quad_class("145") == 3 and quad_class("150") == 4
    assert cameo.penta_class("160") == 3


def test_cameo_header_documents_choices():
    head = _header("cameo.tsv")
    flat = re.sub(r"\s*\n#\s*", " ", head).lower()
    assert "transcribed from the cameo 1.1b3 codebook and gdelt's lookup tables" in flat
    for code in GOLDSTEIN_DISAGREEMENTS | EXTRA_CODES:
        assert re.search(rf"\b{code}\b", head), code
    for code in LABEL_DIFFERS_FROM_GDELT:
        assert re.search(rf"\b{code}\b", head), code
    assert "09-13" in head and "14-20" in head  # the other quad groupings are mentioned


def test_no_import_time_loading():
    code = (
        "import dateline.ontology as o, dateline.ontology.cameo as c, dateline.ontology.plover as p\n"
        "assert c._codes.cache_info().currsize == 0 and c._plover.cache_info().currsize == 0\n"
        "assert p._table.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_runtime_code_does_not_read_reference_folder():
    for module in (cameo, plover):
        text = Path(module.__file__).read_text()
        assert "shared" not in text and "reference" not in text, module


# --------------------------------------------------------------------------- CAMEO -> PLOVER


def test_every_code_has_a_plover_row():
    rows = [line.split("\t") for line in _data_text("cameo_plover.tsv").splitlines() if line and line[0] != "#"]
    assert rows[0] == ["cameo", "event", "mode", "context"]
    assert sorted(r[0] for r in rows[1:]) == sorted(c.code for c in all_codes())
    for c in all_codes():
        m = cameo.plover_mapping(c.code)
        if m.event is None:
            assert m.mode is None and c.root == "01", c.code
            continue
        assert m.event in PLOVER_TYPES, c.code
        assert m.mode is None or m.mode in modes(m.event), (c.code, m)
        assert set(m.contexts) <= PLOVER_CONTEXTS, (c.code, m.contexts)


def test_cameo_to_plover_facts():
    assert plover_of("036") == ("AGREE", None)
    assert cameo.plover_contexts("036") == ("diplomatic",)
    assert plover_of("042") == ("CONSULT", "visit")
    assert plover_of("044") == ("CONSULT", "third-party")
    assert plover_of("190") == ("ASSAULT", None)
    assert plover_of("195") == ("ASSAULT", "aerial")
    assert plover_of("193") == ("ASSAULT", "firearms")
    assert plover_of("173") == ("COERCE", "arrest")
    assert plover_of("186") == ("ASSAULT", "targeted")
    assert plover_of("1712") == ("ASSAULT", "destroy")
    assert plover_of("163") == ("SANCTION", "discontinue")
    assert plover_of("116") == ("SANCTION", "convict")
    assert plover_of("090") == ("ACCUSE", "investigate")
    assert plover_of("111") == ("ACCUSE", "disapprove")
    assert plover_of("1121") == ("ACCUSE", "allege")
    assert plover_of("1053") == ("REQUEST", "yield")
    assert plover_of("0841") == ("RETREAT", "release")
    assert plover_of("0871") == ("RETREAT", "ceasefire")
    assert plover_of("1411") == ("PROTEST", "demo")
    assert plover_of("145") == ("PROTEST", "riot")
    assert plover_of("154") == ("MOBILIZE", "troops")
    assert plover_of("2041") == ("ASSAULT", "unconventional")
    assert cameo.plover_contexts("2041") == ("cbrn",)
    assert cameo.plover_contexts("091") == ("crime", "corruption")


def test_statements_and_appeals():
    for c in all_codes():
        if c.root == "01":
            assert plover_of(c.code) == (None, None), c.code
        if c.root == "02" and len(c.code) > 2:  # mirrors the parallel 10x DEMAND code
            assert plover_of(c.code)[0] == "REQUEST"
            mine, demand = cameo.plover_mapping(c.code), cameo.plover_mapping("10" + c.code[2:])
            assert (mine.mode, mine.contexts) == (demand.mode, demand.contexts), c.code
    assert plover_of("02") == ("REQUEST", None)
    assert plover_of("026") == ("REQUEST", "meet")
    assert plover_of("0243") == ("REQUEST", "change")


def test_roots_follow_their_residual_code():
    for root in ROOTS:
        assert plover_of(root) == plover_of(root + "0"), root


# --------------------------------------------------------------------------- PLOVER


def test_plover_types():
    types = plover_types()
    assert [t.event for t in types] == PLOVER_TYPES
    quads = {t.event: t.quad_class for t in types}
    assert [quads[e] for e in PLOVER_TYPES] == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]
    assert plover_type("PROTEST").quad_category == "material conflict"
    assert {t.event for t in types if t.requires_recipient} == {"COOPERATE", "AID", "SANCTION"}
    for t in types:
        assert t.definition and t.definition[0].isupper()
    with pytest.raises(KeyError):
        plover_type("DEMAND")


def test_plover_modes():
    assert modes("CONSULT") == ["visit", "third-party", "multilateral", "phone"]
    assert modes("RETREAT") == ["withdraw", "release", "disarm", "ceasefire", "access", "resign"]
    assert modes("REQUEST") == modes("REJECT") == ["assist", "change", "yield", "meet"]
    assert modes("ACCUSE") == ["disapprove", "investigate", "allege"]
    assert modes("SANCTION") == ["convict", "expel", "withdraw", "discontinue"]
    assert len(modes("COERCE")) == 10 and len(modes("ASSAULT")) == 15 and len(modes("PROTEST")) == 7
    for e in ("AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID"):
        assert modes(e) == []
    assert "historical" not in {m for t in plover_types() for m in t.modes}  # auxiliary modes excluded
    assert "drone" in mode_definition("ASSAULT", "drone") or "unmanned" in mode_definition("ASSAULT", "drone")
    with pytest.raises(KeyError):
        mode_definition("ASSAULT", "massacre")
    with pytest.raises(KeyError):
        modes("CRIME")


def test_sectors_and_special_countries():
    s = sectors()
    assert len(s) == 25
    assert {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
            "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC"} == set(s)
    assert "military" in s["MIL"]
    assert plover.frequent_sectors() == {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK"}
    special = plover.special_country_codes()
    assert list(special) == ["IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"]
    assert special["UNO"] == "United Nations" and "Kosovo" in special["KOS"]


# --------------------------------------------------------------------------- reference comparison

needs_reference = pytest.mark.skipif(
    not (REFERENCE / "cameo" / "CAMEO.eventcodes.GDELT-lookup.txt").exists(),
    reason="reference ontologies folder not beside the checkout",
)


def _norm(label: str) -> str:
    label = label.lower().replace("not spec below", "not specified below")
    label = re.sub(r",?\s*not specified below", "", label)
    return re.sub(r"[^a-z0-9]+", " ", label).strip()


@needs_reference
def test_matches_gdelt_lookups():
    labels: dict[str, str] = {}
    for line in (REFERENCE / "cameo" / "CAMEO.eventcodes.GDELT-lookup.txt").read_text().splitlines()[1:]:
        code, desc = line.split("\t", 1)
        if len(code) < 2:
            continue
        glued = re.match(r"^(.*?)(\d{3}):\[-?[\d.]+\]\s*(.*)$", desc)
        if glued:  # "1056 ...106:[-5.0] Demand withdrawal"
            desc = glued.group(1)
            labels[glued.group(2)] = glued.group(3)
        labels[code] = desc
    gold = dict(
        (code, float(value))
        for code, value in (
            line.split("\t") for line in (REFERENCE / "cameo" / "CAMEO.goldsteinscale.GDELT-lookup.txt").read_text().splitlines()[1:]
        )
    )
    ours = {c.code: c for c in all_codes()}
    assert set(labels) == set(gold)
    assert set(ours) - EXTRA_CODES == set(gold)
    for code, value in gold.items():
        assert ours[code].goldstein == value, code
    differing = {code for code, text in labels.items() if _norm(text) != _norm(ours[code].label)}
    assert differing == LABEL_DIFFERS_FROM_GDELT


@needs_reference
def test_goldstein_disagreements_are_the_documented_ones():
    derived = json.loads((REFERENCE / "cameo" / "cameo_ontology.derived.json").read_text())
    listed = {d["code"] for d in derived["goldstein_disagreements"]}
    assert listed == GOLDSTEIN_DISAGREEMENTS
    for d in derived["goldstein_disagreements"]:
        assert goldstein(d["code"]) == d["gdelt"]


def test_frames_table():
    """Appeals, intents, demands and refusals of an act follow CAMEO's parallel structure."""
    table = cameo._frames()
    assert len(table) > 90
    for (frame, act), code in table.items():
        assert frame in cameo.FRAMES and act[:2] in {"04", "05", "06", "07", "08"}, (frame, act)
        assert cameo.is_cameo_code(code) and cameo.root_of(code) == frame, code
    assert cameo.refusal_of("0841") == "1243" and cameo.refusal_of("085") == "1244"
    assert cameo.refusal_of("0871") == "1246" and cameo.refusal_of("190") is None
    assert cameo.framed("02", "0841") == "0253" and cameo.framed("10", "046") == "106"
    assert cameo.framed("03", "073") == "0333"
