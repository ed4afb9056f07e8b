"""Regenerate dateline's CAMEO / PLOVER codebook tables (development-time only).

    python scripts/transcribe_codebooks.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ``../shared/reference/ontologies`` beside the checkout.
Writes ``src/dateline/ontology/data/{cameo,plover,cameo_plover}.tsv``.

The reference files are only *read* to transcribe codebook facts (codes, Goldstein
values, manual names and definitions, the CAMEO->PLOVER table); the output is
our own format, cleaned, with every choice written into each file's header.
The package never reads the reference folder at run time.  After regenerating,
look at ``git diff`` on the TSVs: they are hand-checked, not trusted blindly.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "ontology" / "data"

# ---------------------------------------------------------------------------
# CAMEO
# ---------------------------------------------------------------------------

# Our own one-line summaries for the 20 cue (root) categories; the manual gives
# none (the roots only head their sections).
ROOT_DESCRIPTIONS = {
    "01": "Cue category: public statements, comments and symbolic acts that imply nothing stronger (010-019).",
    "02": "Cue category: appeals, requests and calls on others to cooperate, help, change, yield or meet (020-028).",
    "03": "Cue category: declared intentions, offers and promises to cooperate, help, change, yield or meet (030-039).",
    "04": "Cue category: consultations, visits, meetings, mediation and negotiation (040-046).",
    "05": "Cue category: diplomatic, non-material cooperation such as praise, recognition, apology or signing agreements (050-057).",
    "06": "Cue category: material cooperation in economic, military, judicial or intelligence matters (060-064).",
    "07": "Cue category: provision of economic, military or humanitarian aid, protection or asylum (070-075).",
    "08": "Cue category: concessions such as easing sanctions or dissent, releases, access and de-escalation (080-087).",
    "09": "Cue category: investigations of crime, corruption, abuses, military action or war crimes (090-094).",
    "10": "Cue category: demands and orders addressed to others (100-108).",
    "11": "Cue category: disapproval, criticism, accusations, complaints and lawsuits (110-116).",
    "12": "Cue category: rejections, refusals, vetoes and defiance (120-129).",
    "13": "Cue category: threats of sanctions, restrictions, repression or force, and ultimatums (130-139).",
    "14": "Cue category: political dissent - demonstrations, hunger strikes, strikes, boycotts, obstruction, riots (140-145).",
    "15": "Cue category: displays of military or police power short of its use (150-154).",
    "16": "Cue category: reducing or breaking relations, aid, negotiations or international involvement (160-166).",
    "17": "Cue category: coercion short of armed force - seizure, restrictions, arrests, deportation, repression (170-175).",
    "18": "Cue category: unconventional violence - abductions, assaults, bombings, human shields, assassinations (180-186).",
    "19": "Cue category: conventional military force, blockade, occupation and fighting (190-196).",
    "20": "Cue category: unconventional mass violence - mass expulsion, mass killing, ethnic cleansing, WMD (200-204).",
}

# CAMEO 1.1b3 code that GDELT's lookups lack; kept, with this Goldstein value
# (ICEWS-R and Phoenix both give -4.0, the same as its parent 121 in GDELT).
EXTRA_CODES = {"1213": -4.0}

# Goldstein disagreements between sources (GDELT value is used).
GOLDSTEIN_DISAGREEMENTS = {
    "016": "GDELT -2.0; ICEWS-R (manual table) -5.0; Phoenix +3.4",
    "022": "GDELT 3.2; ICEWS-R 3.4; Phoenix 3.4",
    "124": "GDELT -4.0; ICEWS-R -4.0; Phoenix -5.0",
    "1246": "GDELT -4.0; ICEWS-R -4.0; Phoenix -5.0",
    "163": "GDELT -8.0; ICEWS-R -8.0; Phoenix -6.5",
    "164": "GDELT -7.0; ICEWS-R -6.5; Phoenix -7.0",
    "165": "GDELT -6.5; ICEWS-R -7.0; Phoenix -7.0",
    "166": "GDELT -7.0; ICEWS-R -7.0; Phoenix -8.0",
}

QUAD = {r: (1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4) for r in range(1, 21)}
PENTA = {}
for _r in range(1, 21):
    if _r <= 2:
        PENTA[_r] = 0
    elif _r <= 5:
        PENTA[_r] = 1
    elif _r <= 8:
        PENTA[_r] = 2
    elif _r <= 13 or _r == 16:
        PENTA[_r] = 3
    else:
        PENTA[_r] = 4

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _unmangle(text: str) -> str:
    """Undo the andybega csv's 'cp1252 bytes of MacRoman-decoded UTF-8'."""
    if text.isascii():
        return text
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _clean(text: str) -> str:
    text = _unmangle(text or "").translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def _norm_label(text: str) -> str:
    """Loose form used to compare our labels with GDELT's (also in the tests)."""
    text = text.lower().replace("not spec below", "not specified below")
    text = re.sub(r",?\s*not specified below", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def read_gdelt(ref: Path) -> tuple[dict[str, str], dict[str, float]]:
    labels: dict[str, str] = {}
    for line in (ref / "cameo" / "CAMEO.eventcodes.GDELT-lookup.txt").read_text().splitlines()[1:]:
        code, desc = line.split("\t", 1)
        if len(code) < 2:  # the four QuadClass group headers "1".."4"
            continue
        m = re.match(r"^(.*?)(\d{3}):\[(-?[\d.]+)\]\s*(.*)$", desc)
        if m:  # the glued "1056 ...106:[-5.0] Demand withdrawal" line
            desc = m.group(1)
            labels[m.group(2)] = m.group(4)
        labels[code] = desc.strip()
    gold: dict[str, float] = {}
    for line in (ref / "cameo" / "CAMEO.goldsteinscale.GDELT-lookup.txt").read_text().splitlines()[1:]:
        code, value = line.split("\t")
        gold[code] = float(value)
    return labels, gold


def read_manual(ref: Path) -> dict[str, dict[str, str]]:
    raw = (ref / "cameo" / "cameo-codes.andybega-icews.csv").read_bytes().decode("cp1252", errors="strict")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(raw))}


def build_cameo(ref: Path) -> tuple[list[dict], dict[str, str]]:
    gdelt_labels, gold = read_gdelt(ref)
    manual = read_manual(ref)
    codes = sorted(set(gdelt_labels) | set(EXTRA_CODES), key=lambda c: (c[:2], c))
    assert set(gold) == set(gdelt_labels), "GDELT lookups disagree on the code set"
    rows = []
    label_diffs: dict[str, str] = {}
    for code in codes:
        m = manual[code]
        root = code[:2]
        name = _clean(m["name"])
        if len(code) == 2:
            label = name.upper()
            desc = ROOT_DESCRIPTIONS[code]
        else:
            has_children = len(code) == 3 and any(c != code and c.startswith(code) for c in codes)
            residual = len(code) == 3 and (code.endswith("0") or has_children)
            label = name.upper()
            if residual and "NOT SPECIFIED" not in label:
                label += ", NOT SPECIFIED BELOW"
            desc = DESCRIPTION_FIXES.get(code) or _clean(m["description"])
            for bad, good in _TEXT_FIXES:
                desc = desc.replace(bad, good)
        if code in gdelt_labels and _norm_label(label) != _norm_label(gdelt_labels[code]):
            label_diffs[code] = _clean(gdelt_labels[code])
        rows.append(
            {
                "code": code,
                "root": root,
                "label": label,
                "description": desc,
                "goldstein": gold.get(code, EXTRA_CODES.get(code)),
                "quad_class": QUAD[int(root)],
                "penta_class": PENTA[int(root)],
            }
        )
    return rows, label_diffs


# Hand fixes of the manual table's definitions: text cut off mid-sentence in the
# source, placeholders, a copy-paste duplicate, a glued word, an over-long line.
DESCRIPTION_FIXES = {
    "0254": "Make an appeal for, request, or suggest that target stops or eases economic sanctions, boycott, or embargo.",
    "0354": "Offer, promise, agree to, or otherwise indicate willingness or commitment to ease economic sanctions, boycott, or embargo.",
    "1124": "Allege, charge the target with, or blame for participation in war crimes.",
    "1244": "Reject requests, refuse, or decline to reduce or eliminate economic sanctions, boycott, or embargo.",
    "132": "Threaten to impose or expand non-force administrative restrictions and sanctions, not otherwise specified.",
    "044": "Meet, come together, gather with others at a neutral location, some place with which none of the attending parties are associated.",
    "151": "Raise the alert status or readiness of police or security forces.",
    "153": "Increase the number of police personnel and/or their equipment.",
}
_TEXT_FIXES = [("chemical-biologicalradiological", "chemical, biological, radiological")]


# GDELT labels that differ in *meaning* from the CAMEO 1.1b3 manual (not just wording).
SUBSTANTIVE_LABEL_DIFFS = {"101", "102", "103", "105", "106", "107", "108", "0863"}


def cameo_header(n_codes: int, label_diffs: dict[str, str]) -> str:
    wording = ", ".join(sorted(c for c in label_diffs if c not in SUBSTANTIVE_LABEL_DIFFS))
    substantive = "\n".join(
        f"#   {c}: GDELT says {label_diffs[c]!r}" for c in sorted(label_diffs) if c in SUBSTANTIVE_LABEL_DIFFS
    )
    disagree = "\n".join(f"#   {c}: {v}" for c, v in GOLDSTEIN_DISAGREEMENTS.items())
    return f"""\
# dateline CAMEO event codebook ({n_codes} codes: 20 cue/root codes, 3-digit base codes, 4-digit leaf codes).
# Transcribed from the CAMEO 1.1b3 codebook and GDELT's lookup tables
# (GDELT CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt); generated by
# scripts/transcribe_codebooks.py, then hand-checked.  Tab-separated, UTF-8.
#
# Columns
#   code         CAMEO code as a string, 2-4 digits, leading zeros kept ("036", "0211").
#   root         the 2-digit cue category the code belongs to.
#   label        the manual's short name, upper-cased.  Residual codes (3-digit codes that
#                end in 0 or have 4-digit children) carry ", NOT SPECIFIED BELOW" as in the
#                manual's section headings and GDELT's lookup.
#   description  one-line definition from the CAMEO 1.1b3 manual (roots: our own summary,
#                the manual has none); typographic quotes/dashes folded to ASCII.
#   goldstein    Goldstein conflict-cooperation weight, -10..+10, GDELT's lookup value.
#   quad_class   1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
#                4 material conflict.
#   penta_class  Phoenix PentaClass 0-4.
#
# Documented choices
# * quad_class follows the grouping of GDELT's CAMEO.eventcodes lookup: roots 01-05 -> 1,
#   06-09 -> 2, 10-14 -> 3, 15-20 -> 4.  Other groupings exist and disagree: the
#   andybega/icews R package (and py-gdelt) use 01-05 / 06-08 / 09-13 / 14-20, i.e. 09
#   INVESTIGATE is verbal conflict and 14 PROTEST material conflict there.  GDELT's own
#   Events codebook only names the four classes, not the per-root assignment.
# * penta_class follows phoenix_pipeline's quad_conversion (= ConfliBERT cameo_class):
#   0 = 01-02 (statement/appeal), 1 = 03-05 (verbal cooperation), 2 = 06-08 (material
#   cooperation), 3 = 09-13 and 16 (verbal conflict), 4 = 14-15 and 17-20 (material
#   conflict).  andybega/icews has a different five-way split (statement 01, 02-05,
#   06-08, 09-13, 14-20) which we do not use.
# * Goldstein: GDELT's lookup values throughout.  The sources disagree for:
{disagree}
#   1213 is absent from GDELT; we use -4.0 (ICEWS-R and Phoenix; = its parent 121).
# * Code set: every code of GDELT's lookups (310 lines + code 106, see below) plus 1213
#   REJECT JUDICIAL COOPERATION, which the 1.1b3 manual lists but GDELT's lookups lack.
#   Left out: 0110, 0357, 109, 1641-1643 (only in Phoenix's Goldstein dict, no name in
#   any codebook) and 1214 (only in the CAMEO->PLOVER draft table).
# * GDELT lookup defects fixed: the 1056 line has "106:[-5.0] Demand withdrawal" glued
#   onto it (106 had no line of its own) - 106 has its own row here; 044 reads
#   "Meet at a <mojibake>hird<mojibake>location" - here MEET AT A 'THIRD' LOCATION;
#   2041 "radiologicalweapons", 033 "matyerial" and doubled spaces are fixed.
# * Manual-table definition defects fixed by hand: cut off mid-sentence (0254, 0354,
#   1124, 1244, 132 - completed from the parallel codes), 151 ("Need new
#   description."), 153 (copy of 154's military text; 153 is about police), 044 (usage
#   note dropped), 1385 ("chemical-biologicalradiological").
# * Labels follow the 1.1b3 manual where GDELT's lookup names differ.  In meaning:
{substantive}
#   (GDELT's 101 and 105-108 names come from an older CAMEO revision and do not fit the
#   codes below them, e.g. 1011-1014 are demands for material cooperation.)
#   Wording only: {wording}.
"""


# ---------------------------------------------------------------------------
# PLOVER (v2.0 draft manual), our own wording
# ---------------------------------------------------------------------------

VC, MC, VK, MK = "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"

_ASK_MODES = {
    "assist": "{v} exchange, relations or assistance of any kind",
    "change": "{v} a change of policy, leadership, government or institutions that is not a concession",
    "yield": "{v} a concession: releasing prisoners, lifting sanctions, easing curfews or boycotts, a ceasefire",
    "meet": "{v} meetings, negotiations or mediation",
}

PLOVER_EVENTS = [
    ("AGREE", VC, False,
     "Promise, offer or otherwise commit to cooperate, incl. pledges to sign agreements and cooperative acts reported as future intentions.",
     []),
    ("CONSULT", VC, False,
     "Meetings, talks, visits and consultations, in person or by remote means.",
     [("visit", "the actor travels to the recipient, who hosts"),
      ("third-party", "the meeting is hosted by a party other than the participants"),
      ("multilateral", "the meeting takes place in a multilateral setting such as an alliance or IGO"),
      ("phone", "talks by telephone or another remote channel")]),
    ("SUPPORT", VC, False,
     "Non-material, diplomatic support: praise, endorsement, recognition, apology, forgiveness, signing or ratifying agreements.",
     []),
    ("CONCEDE", VC, False,
     "Verbal concessions without immediate material effect, e.g. announced easing of restrictions or declared ceasefires and withdrawals.",
     []),
    ("COOPERATE", MC, True,
     "Start, resume or expand mutual material cooperation or exchange (economic, military, judicial, intelligence).",
     []),
    ("AID", MC, True,
     "Provide material aid whose benefit goes mainly to the recipient: economic, military or humanitarian aid, protection, asylum.",
     []),
    ("RETREAT", MC, False,
     "Concessions with immediate material effect: withdrawals, releases, disarmament, ceasefires in force, granting access, resignations.",
     [("withdraw", "pull back from territory or withdraw forces from an area"),
      ("release", "free prisoners, hostages or other captives"),
      ("disarm", "give up weapons or demobilise"),
      ("ceasefire", "put a ceasefire into effect"),
      ("access", "let observers, peacekeepers or humanitarian workers in"),
      ("resign", "an official steps down")]),
    ("REQUEST", VK, False,
     "Requests, appeals, demands and orders - verbal, and less forceful than threats.",
     [(m, d.format(v="ask for")) for m, d in _ASK_MODES.items()]),
    ("ACCUSE", VK, False,
     "Disapproval, criticism, complaints, accusations, lawsuits and investigations of any kind.",
     [("disapprove", "criticise, condemn, object or complain"),
      ("investigate", "open or carry out an investigation: judicial, political, commissions, inquiries"),
      ("allege", "accuse formally or informally; charge, indict, sue or put on trial")]),
    ("REJECT", VK, False,
     "Rejections and refusals of requests, proposals, demands or plans.",
     [(m, d.format(v="refuse")) for m, d in _ASK_MODES.items()]),
    ("THREATEN", VK, False,
     "Threats and coercive warnings of serious consequences; verbal apart from purely symbolic acts.",
     [("restrict", "threaten boycotts, strikes, blockades, sanctions or other limits on movement of people or goods"),
      ("arrest", "threaten arrest, detention or imprisonment"),
      ("relations", "threaten to suspend relations or break off talks and negotiations"),
      ("expel", "threaten to expel diplomats, peacekeepers or NGOs"),
      ("territory", "threaten to occupy or seize all or part of a territory"),
      ("violence", "threaten violence or attack")]),
    ("PROTEST", MK, False,
     "Collective civilian protest against the recipient: demonstrations, riots, strikes, boycotts, blockades, symbolic damage.",
     [("demo", "organised, continuing and largely peaceful demonstration"),
      ("riot", "violent protest meant to injure people or damage property"),
      ("strike", "workers walk out of their workplaces, in one sector or across sectors"),
      ("hunger", "hunger strike"),
      ("boycott", "boycott by withdrawing commercial or social relations"),
      ("obstruct", "block passage or access to a place"),
      ("vandalize", "damage or destroy property as a symbolic act")]),
    ("SANCTION", MK, True,
     "Reductions of existing, routine or cooperative relations, formal sanctions included but not only.",
     [("convict", "a court or tribunal finds an entity guilty, liable or unconstitutional"),
      ("expel", "expel an entity (incl. diplomats) from a group, party, organisation or country"),
      ("withdraw", "withdraw one's own non-military presence or resources (aid, observers, diplomats) from a group or process"),
      ("discontinue", "cut, reduce or end diplomatic, commercial or material exchanges, incl. international sanctions")]),
    ("MOBILIZE", MK, False,
     "Military or police moves and readiness increases that stop short of using force.",
     [("troops", "mobilise armed forces"),
      ("weapons", "raise the readiness of weapons systems"),
      ("police", "mobilise police or security units"),
      ("militia", "mobilise a non-state group with significant armed capability")]),
    ("COERCE", MK, False,
     "Repression, restrictions on rights and other coercive uses of power short of violence.",
     [("seize", "raid, search or confiscate property"),
      ("restrict", "restrict political freedoms or movement, cordon off areas, ban people or groups from politics"),
      ("censor", "censor or block publications or information"),
      ("curfew", "impose a curfew"),
      ("martial-law", "declare a state of emergency or martial law"),
      ("arrest", "arrest or detain"),
      ("deport", "expel or deport individuals"),
      ("withhold", "cut off public goods or services such as power, internet, water, food or medicine"),
      ("misinformation", "deliberate deception, manipulation or misinformation"),
      ("cyber", "cyber attack, hacking or security breach")]),
    ("ASSAULT", MK, False,
     "Deliberate actions that can cause substantial physical harm, from beatings to bombings and mass violence.",
     [("abduct", "kidnap, abduct or hijack"),
      ("beat", "physical assault with blows or blunt objects"),
      ("torture", "torture"),
      ("sexual", "sexual violence"),
      ("targeted", "targeted killing incl. (attempted) assassination, execution and deliberate mass killing of defenceless people"),
      ("destroy", "deliberate destruction of property"),
      ("primitive", "attack with fire, blades, stones or other primitive weapons"),
      ("firearms", "attack with small arms: rifles, pistols, light machine guns"),
      ("explosives", "mines, IEDs, car bombs and other explosives not fired by heavy weapons"),
      ("suicide-attack", "suicide attack by a person or vehicle"),
      ("aerial", "attack from manned aircraft or helicopters"),
      ("drone", "attack by unmanned aerial vehicles"),
      ("heavy-weapons", "artillery, rocket launchers, armoured vehicles, tanks"),
      ("crowd-control", "less-lethal crowd control such as tear gas, water cannon, warning shots, baton charges"),
      ("unconventional", "chemical, biological, radiological or nuclear weapons")]),
]

SECTORS = [  # (code, label, frequent?)
    ("COP", "police and other law-enforcement or protective agencies", True),
    ("GOV", "government: executive, governing parties and coalition partners", True),
    ("JUD", "judiciary: judges and courts", True),
    ("LEG", "legislature: parliaments, assemblies, lawmakers", True),
    ("MIL", "state military: armed forces, soldiers", True),
    ("PRM", "paramilitary groups not opposed to the government", True),
    ("PTY", "political parties", True),
    ("REB", "rebels: armed opposition groups or individuals", True),
    ("SPY", "state intelligence services and their agents", True),
    ("UAF", "unidentified armed forces ('unknown gunmen')", True),
    ("UNK", "unidentified actors in general", True),
    ("AGR", "agricultural labour and peasants", False),
    ("BUS", "business: individuals, companies, enterprises (not MNCs)", False),
    ("CRM", "criminals and criminal gangs", False),
    ("CVL", "civilians, protesters, activists and other unaffiliated unarmed people", False),
    ("EDU", "education: teachers, schools, students", False),
    ("ELI", "former officials and their families, incl. exiled or ousted leaders", False),
    ("JRN", "journalists and media", False),
    ("LAB", "organised labour in services or manufacturing", False),
    ("MED", "health: medical people and organisations", False),
    ("REF", "refugees and internally displaced persons", False),
    ("OPP", "political opposition (usually a secondary code)", False),
    ("PRE", "partially recognised entities: breakaway regions, disputed territories", False),
    ("REL", "religious organisations and institutions", False),
    ("SOC", "other civil-society organisations and movements", False),
]

COUNTRY_CODES = [
    ("IGO", "international governmental organisation (other than the UN and EU)"),
    ("UNO", "United Nations"),
    ("EUR", "European Union"),
    ("NGO", "non-governmental organisation"),
    ("ISM", "international social movement"),
    ("IMG", "transnational militarised group"),
    ("MNC", "multinational corporation"),
    ("KOS", "Kosovo (its own entry; has no ISO 3166-1 code)"),
]

PLOVER_HEADER = """\
# dateline PLOVER ontology table: the 16 event types of the PLOVER manual (DRAFT Version
# 2.0, openeventdata/PLOVER), their modes, the actor sector codes and the special
# actor-country codes.  Definitions are our own one-line paraphrases of the manual.
# Generated by scripts/transcribe_codebooks.py, then hand-checked.  Tab-separated, UTF-8.
#
# Columns
#   kind                event | mode | sector | country
#   code                event type (AGREE ... ASSAULT), sector code (COP ...) or
#                       country code (IGO, UNO, EUR, NGO, ISM, IMG, MNC, KOS)
#   mode                kind=mode: the mode name; empty otherwise
#   quad_category       kind=event/mode: verbal cooperation | material cooperation |
#                       verbal conflict | material conflict (the manual's grouping;
#                       note PROTEST is material conflict); kind=sector: frequent | rare
#                       (the manual's "frequently / less frequently used codes")
#   requires_recipient  kind=event/mode: yes | no
#   definition          one line: the event type, the mode, or the code's label
#
# Notes
# * One "event" row per type (mode empty) plus one "mode" row per event:mode pair.
#   REQUEST and REJECT share the modes assist/change/yield/meet.  AGREE, SUPPORT,
#   CONCEDE, COOPERATE and AID have no modes.
# * Modes commented out in the manual's source are not listed (RETREAT return;
#   ASSAULT execute, cleansing, massacre, sideAB).
# * The four auxiliary modes (historical, future, hypothetical, negation) and the 37
#   contexts are not rows here: auxiliary modes are dateline's own `mode` field and
#   contexts appear in cameo_plover.tsv.
# * Older PLOVER drafts had 18 types (DEMAND, DISAPPROVE, INVESTIGATE, CRIME); v2.0
#   folds DEMAND into REQUEST and DISAPPROVE/INVESTIGATE into ACCUSE modes.
"""


def build_plover() -> list[list[str]]:
    rows = []
    for event, quad, recip, definition, modes in PLOVER_EVENTS:
        r = "yes" if recip else "no"
        rows.append(["event", event, "", quad, r, definition])
        for mode, mdef in modes:
            rows.append(["mode", event, mode, quad, r, mdef])
    for code, label, frequent in SECTORS:
        rows.append(["sector", code, "", "frequent" if frequent else "rare", "", label])
    for code, label in COUNTRY_CODES:
        rows.append(["country", code, "", "", "", label])
    return rows


# ---------------------------------------------------------------------------
# CAMEO -> PLOVER
# ---------------------------------------------------------------------------

CONTEXT_RENAMES = {"democracy": "pro_democracy", "humanitarian": "human_security"}
MODE_RENAMES = {"ease": "", "return": "", "ban": "restrict", "political": "restrict",
                "assassinate": "targeted", "cleansing": ""}
# Per-code changes of the 2021 table, (event, mode, context); None keeps the table's value.
OVERRIDES = {
    "105": (None, "yield", None),
    "124": (None, "yield", None),
    "1241": (None, "yield", None),
    "1242": (None, "yield", None),
    "112": (None, "allege", None),
    "116": ("SANCTION", "convict", None),
    "163": ("SANCTION", "discontinue", "economic"),
    "1712": (None, "destroy", None),
    "175": (None, "", "repression;pro_autocracy"),
    "183": (None, "explosives", None),
    "195": (None, "aerial", None),
    "200": (None, "", None),
    "202": (None, "targeted", None),
}


def read_c2p(ref: Path) -> dict[str, tuple[str, str, str]]:
    text = (ref / "plover" / "CAMEO2PLOVER-2021.txt").read_text().split("~~~~~")[0]
    table: dict[str, tuple[str, str, str]] = {}
    for line in text.splitlines():
        m = re.match(r"^(\d{3,4}):\s*([^#]*)", line)
        if not m:
            continue
        event, mode, ctx = (p.strip() for p in (m.group(2).split(",") + ["", ""])[:3])
        ctxs = [CONTEXT_RENAMES.get(c.strip(), c.strip()) for c in ctx.split(";") if c.strip()]
        table[m.group(1)] = (event, mode, ";".join(ctxs))
    return table


VALID_MODES = {e: {m for m, _ in modes} for e, _, _, _, modes in PLOVER_EVENTS}


def build_c2p(ref: Path, cameo_codes: list[str]) -> list[list[str]]:
    table = read_c2p(ref)
    final: dict[str, tuple[str, str, str]] = {}
    for code in cameo_codes:
        if len(code) == 2 or code.startswith("01") or code.startswith("02"):
            continue
        event, mode, ctx = table[code]
        mode = MODE_RENAMES.get(mode, mode)
        if mode == "pro_autocracy" or mode == "massacre":
            mode = ""
        if code in OVERRIDES:
            oe, om, oc = OVERRIDES[code]
            event = oe if oe is not None else event
            mode = om if om is not None else mode
            ctx = oc if oc is not None else ctx
        assert not mode or mode in VALID_MODES[event], (code, event, mode)
        final[code] = (event, mode, ctx)
    for code in cameo_codes:  # 02x APPEAL mirrors 10x DEMAND
        if code.startswith("02") and len(code) > 2:
            final[code] = final["10" + code[2:]]
        elif code.startswith("01") and len(code) > 2:
            final[code] = ("", "", "")
    for code in cameo_codes:  # roots take their residual X0 code's mapping
        if len(code) == 2:
            final[code] = final[code + "0"]
    return [[c, *final[c]] for c in cameo_codes]


C2P_HEADER = """\
# dateline CAMEO -> PLOVER v2.0 crosswalk: one row per CAMEO code in cameo.tsv.
# Transcribed from the PLOVER project's CAMEO2PLOVER-2021.txt (Draft 0.8 table,
# 17-Sep-2021, P. Schrodt) and mapped onto the 16 event types and modes of the PLOVER
# manual DRAFT Version 2.0.  Generated by scripts/transcribe_codebooks.py, hand-checked.
#
# Columns
#   cameo    CAMEO code (string, leading zeros kept)
#   event    PLOVER event type, or empty when nothing fits (CAMEO 01 statements)
#   mode     PLOVER v2.0 mode of that event, or empty
#   context  PLOVER context(s) the 2021 table gives, ';'-separated, or empty
#
# Re-mappings onto v2.0 (the 2021 table already uses REQUEST for DEMAND, ACCUSE mode
# investigate for INVESTIGATE and ACCUSE mode disapprove/allege for DISAPPROVE; these
# are kept)
# * 01 MAKE PUBLIC STATEMENT (01, 010-019): no PLOVER event (PLOVER does not code plain
#   statements, comments, denials or symbolic acts); event and mode empty.
# * 02 APPEAL (020-028): the 2021 table has no rows.  Mapped to REQUEST, mirroring the
#   parallel DEMAND codes (0211->1011, 022->102, 025x->105x, 026->106 ...): same mode
#   and context.  PLOVER's REQUEST covers requests and appeals as well as demands.
# * Roots (03..20) take the mapping of their residual X0 code (e.g. 19 = 190 ASSAULT,
#   08 = 080 CONCEDE although 084-087 are RETREAT; 09 = 090 ACCUSE investigate).
# * Modes that v2.0 no longer has: "ease" (085) and "return" (0842) -> no mode (the table
#   itself notes "ease" is gone; v2.0's RETREAT has withdraw/release/disarm/ceasefire/
#   access/resign); "ban" (132, 1322, 1722) and "political" (1321) -> restrict;
#   "assassinate" (185, 186) -> ASSAULT targeted; "massacre" -> targeted for 202 mass
#   killings, none for 200; "cleansing" (201, 203) -> no mode.
# * 175 USE TACTICS OF VIOLENT REPRESSION: the table puts "pro_autocracy" in the mode slot
#   (and lists 175 twice); here ASSAULT, no mode, contexts repression;pro_autocracy.
# * 1712 DESTROY PROPERTY: ASSAULT seize -> ASSAULT destroy (v2.0 mode for this).
# * 183 CONDUCT SUICIDE, CAR, OR OTHER NON-MILITARY BOMBING (residual): suicide-attack ->
#   explosives (the residual covers car and roadside bombs too; 1831 keeps suicide-attack).
# * 195 EMPLOY AERIAL WEAPONS: heavy-weapons -> aerial (v2.0 has an aerial mode).
# * 163 IMPOSE EMBARGO, BOYCOTT, OR SANCTIONS: COERCE restrict -> SANCTION discontinue,
#   context economic (v2.0: international sanctions are SANCTION discontinue).
# * 116 FIND GUILTY OR LIABLE (LEGALLY): ACCUSE disapprove -> SANCTION convict (v2.0 mode).
# * 112 ACCUSE: disapprove -> allege (v2.0: allege = formally or informally accuse).
# * 105 DEMAND THAT TARGET YIELDS, 124 DECLINE TO YIELD, 1241, 1242: mode change -> yield,
#   as their sibling codes and v2.0's yield definition (concessions) have it.
# * Contexts renamed to v2.0's list: democracy -> pro_democracy, humanitarian ->
#   human_security.
# * Kept as the 2021 table has them although they cut across CAMEO roots: 080-083 CONCEDE
#   but 084-087 and 0813/0814 RETREAT; 1712 ASSAULT; 191 and 192 COERCE (restrict, seize).
# * Not carried over: 1214 (not a CAMEO 1.1b3 code).
"""


def write_tsv(path: Path, header: str, columns: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        fh.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [str(c) for c in row]
            assert not any("\t" in c or "\n" in c for c in cells), row
            fh.write("\t".join(cells) + "\n")


def main(argv: list[str]) -> None:
    ref = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "reference" / "ontologies"
    OUT.mkdir(parents=True, exist_ok=True)
    cameo_rows, label_diffs = build_cameo(ref)
    cols = ["code", "root", "label", "description", "goldstein", "quad_class", "penta_class"]
    write_tsv(OUT / "cameo.tsv", cameo_header(len(cameo_rows), label_diffs), cols,
              [[r[c] for c in cols] for r in cameo_rows])
    write_tsv(OUT / "plover.tsv", PLOVER_HEADER,
              ["kind", "code", "mode", "quad_category", "requires_recipient", "definition"], build_plover())
    write_tsv(OUT / "cameo_plover.tsv", C2P_HEADER, ["cameo", "event", "mode", "context"],
              build_c2p(ref, [r["code"] for r in cameo_rows]))
    print(f"wrote {len(cameo_rows)} CAMEO codes; label differences vs GDELT: {sorted(label_diffs)}")


if __name__ == "__main__":
    main(sys.argv)
