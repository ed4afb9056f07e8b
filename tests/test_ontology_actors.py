"""Actor vocabulary: role words, organisations, seats, codes (dateline.ontology.actors)."""

from __future__ import annotations

from importlib import resources

import pycountry
import pytest

from dateline.ontology import actors
from dateline.ontology.actors import (
    NONSTATE,
    ROLE_CODES,
    SECTORS,
    Role,
    compose_code,
    find_roles,
    organisation,
    organisations,
    plover_sector,
    role_of,
    roles_in,
    seat,
)

COUNTRIES = {c.alpha_3 for c in pycountry.countries} | {"KOS"}


def _data_rows(name: str) -> list[tuple[int, list[str]]]:
    text = resources.files("dateline.ontology").joinpath("data", name).read_text(encoding="utf-8")
    return [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]


# --------------------------------------------------------------------------- roles

@pytest.mark.parametrize("phrase, code, person", [
    ("Former Iranian Ambassador to Baghdad", "GOV", True),
    ("U.S. State Secretary", "GOV", True),
    ("Secretary of State", "GOV", True),
    ("top general", "MIL", True),
    ("the government", "GOV", False),
    ("Israeli troops", "MIL", False),
    ("security forces", "COP", False),
    ("riot police", "COP", False),
    ("the judiciary", "JUD", False),
    ("lawmakers", "LEG", False),
    ("an MP", "LEG", True),
    ("M.P.", "LEG", True),
    ("the spy agency", "SPY", False),
    ("rebel commander", "REB", True),
    ("unknown gunmen", "UAF", False),
    ("journalist", "MED", True),
    ("state media", "MED", False),
    ("doctors", "HLH", False),
    ("refugees", "REF", False),
    ("the ruling party", "PTY", False),
    ("senior cleric", "REL", True),
    ("businessman", "BUS", True),
    ("union leader", "LAB", True),
    ("inspector general", "GOV", True),   # not the MIL "general"
    ("the attorney general", "GOV", True),
])
def test_role_of_examples(phrase, code, person):
    role = role_of(phrase)
    assert role is not None, phrase
    assert role.code == code
    assert role.person_title is person


def test_role_of_deputy_head_and_organisation():
    role = role_of("the deputy head of Hashd al-Shaabi")
    assert role is not None and role.phrase == "deputy head" and role.person_title
    assert role.generic  # its real sector comes from the organisation
    pmf = organisation("Hashd al-Shaabi")
    assert pmf is not None and (pmf.country, pmf.roles, pmf.code) == ("IRQ", ("MIL",), "IRQMIL")
    assert "PRM" in pmf.sectors


def test_multiword_titles_beat_single_words():
    assert role_of("state secretary").phrase == "state secretary"
    assert role_of("secretary of state").phrase == "secretary of state"
    assert role_of("top general").phrase == "top general"
    assert role_of("deputy head").phrase == "deputy head"
    assert role_of("the foreign minister").phrase == "foreign minister"


def test_generic_titles_take_the_specific_role():
    assert role_of("army spokesman").code == "MIL"
    assert role_of("army spokesman").person_title
    assert role_of("spokesman for the defence ministry").code == "MIL"
    assert role_of("rebel leader").code == "REB"
    assert role_of("opposition leader").code == "OPP"
    assert role_of("head of the judiciary").code == "JUD"
    alone = role_of("spokesman")
    assert alone.code == "GOV" and alone.generic


def test_ministries_and_cameo_conventions():
    assert role_of("Ministry of Defence").code == "MIL"        # CAMEO: defence ministries are MIL
    assert role_of("defense minister").code == "MIL"
    assert role_of("Ministry of the Interior").code == "GOV"   # interior: GOV, COP second
    assert "COP" in role_of("interior ministry").sectors
    assert role_of("minister for foreign affairs").code == "GOV"
    assert role_of("Department of Justice").code == "GOV"
    assert role_of("health ministry").sectors == ("GOV", "MED")  # PLOVER MED is health
    assert role_of("journalist").sector == "JRN"                 # PLOVER JRN is media


def test_folding_case_plural_articles_punctuation():
    assert role_of("THE ARMY").code == "MIL"
    assert role_of("Spokesmen").person_title is False
    assert role_of("ambassadors").person_title is False
    assert role_of("ambassador").person_title is True
    assert role_of("the army's commander").code == "MIL"
    assert role_of("vice-president").phrase == "vice president"
    assert role_of("chargé d’affaires").code == "GOV"
    assert role_of("heads of state").phrase == "head of state"
    assert role_of("anti-government protesters").code == "CVL"   # "government" inside anti- is not a role


def test_role_of_unknown():
    assert role_of("") is None
    assert role_of("Tehran") is None
    assert role_of("the weather on Tuesday") is None


def test_roles_in_and_find_roles():
    words = "The Iranian foreign minister met army commanders and protesters , officials said".split()
    found = roles_in([w.lower() for w in words])
    assert [r.phrase for r in found] == ["foreign minister", "army", "commander", "protester", "official"]
    assert all(isinstance(r, Role) for r in found)
    spans = find_roles(words)
    assert (spans[0].start, spans[0].end) == (2, 4)
    assert words[spans[0].start:spans[0].end] == ["foreign", "minister"]
    # longest first, non-overlapping: "secretary of state" is one role, not "secretary" + nothing
    assert [m.role.phrase for m in find_roles("the secretary of state".split())] == ["secretary of state"]
    # a punctuation token ends a phrase
    assert [m.role.phrase for m in find_roles(["foreign", ",", "minister"])] == ["minister"]
    assert roles_in([]) == []


# --------------------------------------------------------------------------- organisations

@pytest.mark.parametrize("name, code", [
    ("Tasnim", "IRNMED"),
    ("Tasnim News Agency", "IRNMED"),
    ("Tasnim news agency", "IRNMED"),
    ("IRNA", "IRNMED"),
    ("Press TV", "IRNMED"),
    ("Al Jazeera", "QATMED"),
    ("the BBC", "GBRMED"),
    ("Reuters", "GBRMED"),
    ("Xinhua", "CHNMED"),
    ("the U.N.", "UNO"),
    ("United Nations", "UNO"),
    ("NATO", "IGOMIL"),
    ("Nato", "IGOMIL"),
    ("the EU", "EUR"),
    ("WHO", "UNOHLH"),
    ("ICC", "IGOJUD"),
    ("Red Cross", "NGO"),
    ("Amnesty International", "NGOHRI"),
    ("Houthis", "YEMREB"),
    ("Ansar Allah", "YEMREB"),
    ("Hezbollah", "LBNREB"),
    ("Hamas", "PSEREB"),
    ("Taliban", "AFGREB"),
    ("Kata'ib Hezbollah", "IRQMIL"),
    ("Kataib Hezbollah", "IRQMIL"),
    ("Popular Mobilization Forces", "IRQMIL"),
    ("PMF", "IRQMIL"),
    ("State Department", "USAGOV"),
    ("the Pentagon", "USAMIL"),
    ("CIA", "USASPY"),
    ("C.I.A.", "USASPY"),
    ("FBI", "USACOP"),
    ("Congress", "USALEG"),
    ("IRGC", "IRNMIL"),
    ("Revolutionary Guards", "IRNMIL"),
    ("Mossad", "ISRSPY"),
    ("Duma", "RUSLEG"),
    ("Knesset", "ISRLEG"),
    ("Kremlin", "RUSGOV"),
    ("Democrats", "USAPTY"),
    ("GOP", "USAPTY"),
    ("Tories", "GBRPTY"),
    ("Congress party", "INDPTY"),
    ("Likud party", "ISRPTY"),
    ("Communist Party of China", "CHNPTYGOV"),
    ("Hamas movement", "PSEREB"),
    ("Médecins Sans Frontières", "NGOHLH"),
    ("Medecins sans Frontieres", "NGOHLH"),
])
def test_organisation_aliases(name, code):
    org = organisation(name)
    assert org is not None, name
    assert org.code == code


@pytest.mark.parametrize("name", ["Daesh", "ISIL", "ISIS", "Isis", "Islamic State", "IS", "the Islamic State group",
                                  "al-Qaeda", "al Qaida", "Al-Qa'ida"])
def test_transnational_groups_are_img(name):
    org = organisation(name)
    assert org is not None and org.country == "IMG" and org.code == "IMGREB"
    assert org.kind == "militant" and org.sectors == ("REB",)


def test_organisation_fields():
    tasnim = organisation("Tasnim")
    assert (tasnim.country, tasnim.roles, tasnim.sectors, tasnim.kind) == ("IRN", ("MED",), ("JRN",), "media")
    assert tasnim.name == "Tasnim News Agency"
    assert organisation("Hezbollah's") is organisation("Hezbollah")


def test_organisation_short_acronyms_need_capitals():
    assert organisation("who") is None
    assert organisation("Who") is None
    assert organisation("is") is None
    assert organisation("un") is None
    assert organisation("ap") is None
    assert organisation("AP").code == "USAMED"
    assert organisation("let") is None and organisation("LeT").code == "PAKREB"   # mixed-case acronyms too


@pytest.mark.parametrize("word", ["Guards", "Observatory", "Total", "the Met", "the alliance", "the Union",
                                  "military junta", "Amal", "Badr", "Azov", "Chancellery"])
def test_organisation_common_words_are_not_aliases(word):
    assert organisation(word) is None


def test_organisation_unknown():
    assert organisation("") is None
    assert organisation("   ") is None
    assert organisation("Acme Widgets") is None
    assert organisation("Senate") is None          # shared by many countries: a role word instead
    assert organisation("Congress movement") is None  # suffixes drop only to a fitting kind


# --------------------------------------------------------------------------- seats

@pytest.mark.parametrize("name, expected", [
    ("the White House", ("USA", "GOV")),
    ("White House", ("USA", "GOV")),
    ("the Kremlin", ("RUS", "GOV")),
    ("Downing Street", ("GBR", "GOV")),
    ("Number 10", ("GBR", "GOV")),
    ("No. 10", ("GBR", "GOV")),
    ("the Élysée", ("FRA", "GOV")),
    ("the Elysee Palace", ("FRA", "GOV")),
    ("the Pentagon", ("USA", "MIL")),
    ("Foggy Bottom", ("USA", "GOV")),
    ("Capitol Hill", ("USA", "LEG")),
    ("Zhongnanhai", ("CHN", "GOV")),
    ("the Blue House", ("KOR", "GOV")),
    ("Quai d'Orsay", ("FRA", "GOV")),
    ("Quai d’Orsay", ("FRA", "GOV")),
    ("Whitehall", ("GBR", "GOV")),
    ("Brussels", ("EUR", "GOV")),
    ("Turtle Bay", ("UNO", "")),
])
def test_seat(name, expected):
    assert seat(name) == expected


def test_seat_unknown_and_no_capitals():
    assert seat("") is None
    assert seat("Tehran") is None
    assert seat("Washington") is None


# --------------------------------------------------------------------------- codes

def test_compose_code():
    assert compose_code("IRN", ["GOV"]) == "IRNGOV"
    assert compose_code("irn", ["gov", "GOV", "", "mil"]) == "IRNGOVMIL"
    assert compose_code("UNO", []) == "UNO"
    assert compose_code("IGO", ["IGO"]) == "IGO"
    assert compose_code(None, ["GOV"]) is None
    assert compose_code("", ["GOV"]) is None
    with pytest.raises(ValueError):
        compose_code("IR", ["GOV"])
    with pytest.raises(ValueError):
        compose_code("IRN", ["GOVT"])


def test_plover_sector():
    assert plover_sector("MED") == "JRN"
    assert plover_sector("HLH") == "MED"
    assert plover_sector("INS") == "REB"
    assert plover_sector("GOV") == "GOV"
    assert plover_sector("IGO") is None


# --------------------------------------------------------------------------- data files

def test_roles_rows_well_formed():
    rows = _data_rows("roles.tsv")
    assert len(rows) >= 300
    seen = set()
    for n, cols in rows:
        assert len(cols) == 5, n
        phrase, roles, sectors, kind, generic = cols
        assert phrase == phrase.lower().strip() and "  " not in phrase, n
        assert not set(phrase.split()) & {"the", "a", "an"}, n
        assert phrase not in seen, (n, phrase)
        seen.add(phrase)
        assert roles.split() and set(roles.split()) <= ROLE_CODES, n
        assert sectors.split() and set(sectors.split()) <= SECTORS, n
        assert kind in ("person", "group") and generic in ("yes", "no"), n
    assert len(actors.role_table()) == len(rows)


def test_organisation_rows_well_formed():
    rows = _data_rows("organisations.tsv")
    assert len(rows) >= 300
    names, keys = set(), {}
    for n, cols in rows:
        assert len(cols) == 7, n
        name, code, country, roles, sectors, kind, aliases = cols
        assert name and name not in names, n
        names.add(name)
        assert country in COUNTRIES or country in NONSTATE, (n, country)
        role_list = [] if roles == "-" else roles.split()
        assert set(role_list) <= ROLE_CODES, n
        assert sectors == "-" or set(sectors.split()) <= SECTORS, n
        assert code == country + "".join(role_list) == compose_code(country, role_list), n
        assert kind in actors.ORGANISATION_KINDS, n
        for alias in [name] + ([] if aliases == "-" else aliases.split("|")):
            assert alias == alias.strip() and alias, n
            key = actors._caps_key(alias) or actors._fold_name(alias)
            assert keys.setdefault(key, name) == name, (n, alias, keys[key])
    assert len(organisations()) == len(rows)
    kinds = {o.kind for o in organisations()}
    assert kinds == set(actors.ORGANISATION_KINDS)


def test_seat_rows_well_formed():
    rows = _data_rows("seats.tsv")
    assert len(rows) >= 40
    keys = {}
    for n, cols in rows:
        assert len(cols) == 4, n
        name, country, role, aliases = cols
        assert country in COUNTRIES or country in NONSTATE, n
        assert role == "-" or role in ROLE_CODES, n
        for alias in [name] + ([] if aliases == "-" else aliases.split("|")):
            key = actors._fold_name(alias)
            assert keys.setdefault(key, name) == name, (n, alias)
        assert seat(name) == (country, "" if role == "-" else role)
