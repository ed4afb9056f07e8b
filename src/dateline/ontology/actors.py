"""Actor vocabulary: role words, named organisations and seats of government.

    from dateline.ontology.actors import role_of, organisation, seat, compose_code
    role_of("Former Iranian Ambassador to Baghdad")   # Role(code='GOV', sector='GOV', person_title=True, ...)
    role_of("army spokesman").code                    # 'MIL'  (a generic title takes its head's sector)
    organisation("Tasnim").code                       # 'IRNMED'
    organisation("Daesh").code                        # 'IMGREB'
    seat("the White House")                           # ('USA', 'GOV')
    compose_code("IRN", ["GOV"])                      # 'IRNGOV'

Data (package data, hand-made for dateline; each file's ``#`` header documents its
columns, coding choices and how to extend it):

* ``data/roles.tsv`` -- role words and titles -> CAMEO role code(s), PLOVER sector(s),
  person title or collective, generic or not.
* ``data/organisations.tsv`` -- named organisations -> CAMEO-style code (country part +
  roles), PLOVER sectors, kind, aliases.
* ``data/seats.tsv`` -- buildings and quarters standing for a government body.

Codes.  A CAMEO-style actor code is a country part followed by role codes, three
letters each ("IRNGOV", "USAMIL", "IMGREB").  The country part is ISO 3166-1 alpha-3
or one of the PLOVER non-state codes (:data:`NONSTATE`): UNO for the United Nations
family, EUR for the European Union, IGO for other intergovernmental organisations
(NATO is "IGOMIL", the ICC "IGOJUD"), NGO for international NGOs, IMG for transnational
militarised groups (Islamic State, al-Qaeda), MNC for multinationals.  Role codes are
CAMEO's (:data:`ROLE_CODES`); sectors are PLOVER's (:data:`SECTORS`).  Note the renaming
between the two: CAMEO MED (media) is PLOVER JRN, CAMEO HLH (health) is PLOVER MED
(:func:`plover_sector`).

Nothing is read at import; each table is loaded once on first use
(``functools.lru_cache``).  All lookups are pure functions of their arguments.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "NONSTATE",
    "ORGANISATION_KINDS",
    "ROLE_CODES",
    "SECTORS",
    "Organisation",
    "Role",
    "RoleMatch",
    "compose_code",
    "find_roles",
    "organisation",
    "organisations",
    "plover_sector",
    "role_of",
    "role_table",
    "roles_in",
    "seat",
    "seats",
]

# Entries kept by each look-up cache over names and phrases.  News keeps bringing new names, so
# a cache grows with a worker's run until it is full (~250 bytes an entry): 8,192 entries fill
# within the first few hundred articles and keep the names an article repeats, which is where
# the hits are; 65,536 took ~3,000 articles to fill and held ~70 MB more over them.
NAME_CACHE_SIZE = 1 << 13

# CAMEO role codes used by dateline's tables (primary and secondary roles).
ROLE_CODES = frozenset({
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "INS", "SEP", "PTY", "UAF",
    "MED", "BUS", "CVL", "EDU", "REL", "REF", "HLH", "ELI", "LAB", "AGR", "CRM",
    "IGO", "NGO", "HRI", "ENV", "DEV", "MOD", "RAD",
})
# PLOVER sector codes.
SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE",
    "REL", "SOC",
})
# PLOVER/CAMEO country parts for international non-state actors.
NONSTATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})

# CAMEO role -> PLOVER sector where the two differ or one has no counterpart.
_CAMEO_TO_PLOVER = {
    "MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB",
    "NGO": "SOC", "HRI": "SOC", "ENV": "SOC",
    "IGO": None, "DEV": None, "MOD": None, "RAD": None,
}

_DATA = "data"


# --------------------------------------------------------------------------- values

@dataclass(frozen=True, slots=True)
class Role:
    """A role found in text: CAMEO role code and PLOVER sector (primary ones first).

    ``person_title`` is true when the phrase names one person ("ambassador"), false
    for a collective ("the army", "protesters").  ``generic`` is true when the role is
    only the default of a title that normally takes its sector from what it heads
    ("spokesman", "deputy head"): callers should prefer an organisation's codes then.
    """

    code: str
    sector: str
    person_title: bool
    phrase: str = ""
    roles: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    generic: bool = False


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A role phrase in a token list: tokens ``start``..``end`` (end exclusive)."""

    start: int
    end: int
    role: Role


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    code: str
    country: str
    roles: tuple[str, ...]
    sectors: tuple[str, ...]
    kind: str  # igo, ngo, media, party, militant, militia, government, company
    aliases: tuple[str, ...] = ()


ORGANISATION_KINDS = frozenset({"igo", "ngo", "media", "party", "militant", "militia", "government", "company"})


# --------------------------------------------------------------------------- reading

def _rows(name: str, ncols: int) -> list[tuple[int, list[str]]]:
    text = resources.files("dateline.ontology").joinpath(_DATA, name).read_text(encoding="utf-8")
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != ncols or not all(cols):
            raise ValueError(f"{name}:{lineno}: expected {ncols} non-empty tab-separated columns: {line!r}")
        out.append((lineno, cols))
    return out


def _codes(field: str, allowed: frozenset[str], where: str) -> tuple[str, ...]:
    if field == "-":
        return ()
    codes = tuple(field.split())
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise ValueError(f"{where}: unknown code(s) {bad}")
    return codes


def _is_country(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}", code))


# --------------------------------------------------------------------------- folding

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
_ARTICLES = frozenset({"the", "a", "an"})
_PREPOSITIONS = frozenset({
    "of", "to", "for", "in", "at", "from", "with", "on", "by", "over", "against", "between",
    "among", "near", "into", "about", "under", "inside", "within", "across",
})
_OPAQUE_PREFIXES = ("anti-", "pro-", "non-", "counter-")


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DASHES.sub("-", text.translate(_APOSTROPHES))


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def _fold_token(token: str) -> tuple[str | None, ...]:
    """One text token -> its folded words for role matching ([None] for punctuation).

    Lower-cases, strips accents, full stops ("U.S." -> "us") and possessives, and splits
    hyphenated words ("vice-president"), except anti-/pro-/non-/counter- compounds.
    """
    w = _ascii(token).lower().strip()
    w = re.sub(r"'s$|(?<=s)'$", "", w)
    w = w.replace(".", "")
    if w.startswith(_OPAQUE_PREFIXES):
        parts = [w]
    else:
        parts = re.split(r"[-/]", w)
    out: list[str | None] = []
    for p in parts:
        p = re.sub(r"[^\w'-]", "", p).strip("'-")
        if p:
            out.append(p)
    return tuple(out) or (None,)


def _fold_words(words: Iterable[str]) -> tuple[list[str | None], list[int]]:
    """Folded word stream and, for each folded word, the index of its source token."""
    folded: list[str | None] = []
    origin: list[int] = []
    for i, token in enumerate(words):
        for part in _fold_token(token):
            if part in _ARTICLES:
                continue
            folded.append(part)
            origin.append(i)
    return folded, origin


def _singulars(word: str) -> list[str]:
    out = []
    if len(word) < 3:
        return out
    if word.endswith("women"):
        out.append(word[:-5] + "woman")
    elif word.endswith("men"):
        out.append(word[:-3] + "man")
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("ves"):
        out += [word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.append(word[:-1])
    return out


# --------------------------------------------------------------------------- roles

@dataclass(frozen=True, slots=True)
class _RoleRow:
    phrase: str
    roles: tuple[str, ...]
    sectors: tuple[str, ...]
    person: bool
    generic: bool

    def role(self, plural: bool = False) -> Role:
        return Role(self.roles[0], self.sectors[0], self.person and not plural, self.phrase,
                    self.roles, self.sectors, self.generic)


_INVERSIONS = {
    "ministry": (("ministry", "of"),),
    "minister": (("minister", "of"), ("minister", "for")),
    "department": (("department", "of"),),
    "secretary": (("secretary", "of"),),
}


@functools.lru_cache(maxsize=1)
def _role_index() -> tuple[Mapping[tuple[str, ...], _RoleRow], int]:
    index: dict[tuple[str, ...], _RoleRow] = {}
    derived: dict[tuple[str, ...], _RoleRow] = {}
    for lineno, (phrase, roles, sectors, kind, generic) in _rows("roles.tsv", 5):
        where = f"roles.tsv:{lineno}"
        if kind not in ("person", "group") or generic not in ("yes", "no"):
            raise ValueError(f"{where}: kind must be person|group and generic yes|no")
        row = _RoleRow(phrase, _codes(roles, ROLE_CODES, where), _codes(sectors, SECTORS, where),
                       kind == "person", generic == "yes")
        if not row.roles or not row.sectors:
            raise ValueError(f"{where}: a role row needs at least one role and one sector")
        key, _ = _fold_words(phrase.split())
        if None in key or not key:
            raise ValueError(f"{where}: bad phrase {phrase!r}")
        key_t = tuple(key)  # type: ignore[arg-type]
        if key_t in index:
            raise ValueError(f"{where}: duplicate phrase {phrase!r}")
        index[key_t] = row
        if len(key_t) > 1 and key_t[-1] in _INVERSIONS:
            for head in _INVERSIONS[key_t[-1]]:
                derived.setdefault(head + key_t[:-1], row)
    for key_t, row in derived.items():
        index.setdefault(key_t, row)
    return MappingProxyType(index), max(len(k) for k in index)


def role_table() -> Mapping[str, Role]:
    """Every role phrase of ``roles.tsv`` -> its Role (read-only)."""
    return _role_table()


@functools.lru_cache(maxsize=1)
def _role_table() -> Mapping[str, Role]:
    index, _ = _role_index()
    return MappingProxyType({row.phrase: row.role() for row in index.values()})


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # in the folded stream
    end: int
    row: _RoleRow
    plural: bool


def _lookup(key: tuple[str, ...], index: Mapping[tuple[str, ...], _RoleRow]) -> tuple[_RoleRow, bool] | None:
    row = index.get(key)
    if row is not None:
        return row, False
    for s in _singulars(key[-1]):
        row = index.get(key[:-1] + (s,))
        if row is not None:
            return row, True
    if len(key) > 1 and key[1] == "of":  # "heads of state", "chiefs of staff"
        for s in _singulars(key[0]):
            row = index.get((s,) + key[1:])
            if row is not None:
                return row, True
    return None


def _hits(folded: Sequence[str | None]) -> list[_Hit]:
    index, longest = _role_index()
    n = len(folded)
    candidates: list[_Hit] = []
    for i in range(n):
        if folded[i] is None:
            continue
        for length in range(min(longest, n - i), 0, -1):
            span = folded[i:i + length]
            if None in span:
                continue
            found = _lookup(tuple(span), index)  # type: ignore[arg-type]
            if found is not None:
                candidates.append(_Hit(i, i + length, found[0], found[1]))
    # longest first, then leftmost; keep the ones that do not overlap a better one
    candidates.sort(key=lambda h: (-(h.end - h.start), h.start))
    taken = [False] * n
    chosen: list[_Hit] = []
    for h in candidates:
        if any(taken[h.start:h.end]):
            continue
        for k in range(h.start, h.end):
            taken[k] = True
        chosen.append(h)
    chosen.sort(key=lambda h: h.start)
    return chosen


def find_roles(words: Sequence[str]) -> list[RoleMatch]:
    """All role phrases in a token list, longest first and non-overlapping, in text order.

    ``start``/``end`` index ``words``.  Tokens are folded as in :func:`role_of`; a
    punctuation token ends any phrase.  A person title found in the plural
    ("ambassadors") is returned with ``person_title`` false.
    """
    folded, origin = _fold_words(words)
    return [RoleMatch(origin[h.start], origin[h.end - 1] + 1, h.row.role(h.plural)) for h in _hits(folded)]


def roles_in(words: Sequence[str]) -> list[Role]:
    """The roles of :func:`find_roles`, in text order."""
    return [m.role for m in find_roles(words)]


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def role_of(phrase: str) -> Role | None:
    """The role a descriptive phrase gives its actor, or None if it names no known role.

    Folds case, accents, full stops, possessives, articles and plurals.  Role phrases
    are matched longest first, so multi-word titles ("secretary of state", "state
    secretary", "top general", "deputy head") beat their single words.  Then the head
    decides: the last role phrase before the first preposition ("former Iranian
    *ambassador* to Baghdad", "*deputy head* of Hashd al-Shaabi"); if that head is a
    generic title ("spokesman", "leader", "head"), a specific role elsewhere in the
    phrase gives the codes ("army spokesman" -> MIL, "spokesman for the defence
    ministry" -> MIL), else the title's default is returned with ``generic`` set.
    ``person_title`` comes from the head ("army spokesman" is a person, "army" is not;
    "officials" is a group).
    """
    folded, _ = _fold_words(phrase.split())
    hits = _hits(folded)
    if not hits:
        return None
    covered = {k for h in hits for k in range(h.start, h.end)}
    cut = next((i for i, w in enumerate(folded) if w in _PREPOSITIONS and i not in covered), len(folded))
    before = [h for h in hits if h.start < cut]
    head = before[-1] if before else hits[0]
    decisive = head
    if head.row.generic:
        strong_before = [h for h in before if not h.row.generic]
        strong_after = [h for h in hits if h.start >= cut and not h.row.generic]
        if strong_before:
            decisive = strong_before[-1]
        elif strong_after:
            decisive = strong_after[0]
    person = head.row.person and not head.plural
    r = decisive.row
    return Role(r.roles[0], r.sectors[0], person, r.phrase, r.roles, r.sectors, r.generic)


# --------------------------------------------------------------------------- organisations

@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def _fold_name(text: str) -> str:
    """Fold a name for alias lookup: accents, case, full stops, hyphens, apostrophes,
    a leading "the" and a trailing possessive ("the U.N.'s" -> "un")."""
    s = _ascii(text).strip()
    s = re.sub(r"'s$|(?<=s)'$", "", s)
    s = s.replace("'", "").replace(".", "").replace("&", " and ")
    s = re.sub(r"[^\w+]+", " ", s.lower()).strip()
    s = re.sub(r"^the ", "", s)
    return s


def _caps_key(text: str) -> str | None:  # not cached: ~1% of the names asked about repeat
    """The exact-case key of a short acronym ("UN", "U.N.", "WHO", "the AP", "LeT"), else None.

    Acronyms of two or three letters collide with English words ("who", "is", "ap",
    "let"), so those with two or more capitals only match as written.
    """
    s = _ascii(text).strip()
    s = re.sub(r"^(?i:the)\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[.\s]", "", s)
    if 2 <= len(s) <= 3 and s.isalpha() and sum(ch.isupper() for ch in s) >= 2:
        return s
    return None


@functools.lru_cache(maxsize=1)
def _organisation_index() -> tuple[tuple[Organisation, ...], Mapping[str, Organisation], Mapping[str, Organisation]]:
    orgs: list[Organisation] = []
    folded: dict[str, Organisation] = {}
    caps: dict[str, Organisation] = {}
    for lineno, (name, code, country, roles, sectors, kind, aliases) in _rows("organisations.tsv", 7):
        where = f"organisations.tsv:{lineno}"
        if not (_is_country(country)):
            raise ValueError(f"{where}: bad country part {country!r}")
        role_t = _codes(roles, ROLE_CODES, where)
        if code != compose_code(country, list(role_t)):
            raise ValueError(f"{where}: code {code!r} is not country + roles")
        if kind not in ORGANISATION_KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        alias_t = () if aliases == "-" else tuple(a.strip() for a in aliases.split("|") if a.strip())
        org = Organisation(name, code, country, role_t, _codes(sectors, SECTORS, where), kind, alias_t)
        orgs.append(org)
        for alias in (name, *alias_t):
            ck = _caps_key(alias)
            table, key = (caps, ck) if ck else (folded, _fold_name(alias))
            if not key:
                raise ValueError(f"{where}: empty alias")
            other = table.get(key)
            if other is not None and other is not org:
                raise ValueError(f"{where}: alias {alias!r} already names {other.name!r}")
            table[key] = org
    return tuple(orgs), MappingProxyType(folded), MappingProxyType(caps)


# Generic words a writer adds after a name ("Tasnim news agency", "Hamas movement"),
# dropped only when what is left names an organisation of a fitting kind.
_NAME_SUFFIXES = (
    (("news agency", "agency", "news", "newspaper", "daily", "tv", "television", "channel",
      "network", "broadcaster", "website"), frozenset({"media"})),
    (("militant group", "terrorist group", "armed group", "group", "movement", "militants", "militia",
      "militias", "fighters", "rebels", "organization", "organisation", "forces"),
     frozenset({"militant", "militia"})),
    (("party",), frozenset({"party"})),
)


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def organisation(name: str) -> Organisation | None:
    """The organisation a name or alias refers to, or None.

    Folds case, accents, full stops, hyphens, apostrophes, a leading "the" and a
    trailing possessive ("the U.N.'s", "Kataib Hezbollah", "al Qaida"); two- and
    three-letter acronyms match only in capitals ("WHO", not "who").  A trailing
    generic word is dropped when the rest names an organisation of a fitting kind
    ("Tasnim news agency", "Hamas movement", "Likud party").  Expects a name, not a
    sentence.
    """
    if not name or not name.strip():
        return None
    _, folded, caps = _organisation_index()
    ck = _caps_key(name)
    if ck and ck in caps:
        return caps[ck]
    key = _fold_name(name)
    if not key:
        return None
    org = folded.get(key)
    if org is not None:
        return org
    for suffixes, kinds in _NAME_SUFFIXES:
        for suffix in suffixes:
            if key.endswith(" " + suffix):
                stem = key[: -len(suffix) - 1].strip()
                org = folded.get(stem) or caps.get(stem.upper())
                if org is not None and org.kind in kinds:
                    return org
    return None


def organisations() -> tuple[Organisation, ...]:
    """Every organisation of ``organisations.tsv``, in file order."""
    return _organisation_index()[0]


# --------------------------------------------------------------------------- seats

@functools.lru_cache(maxsize=1)
def _seat_index() -> tuple[Mapping[str, tuple[str, str]], Mapping[str, tuple[str, str]]]:
    by_key: dict[str, tuple[str, str]] = {}
    by_name: dict[str, tuple[str, str]] = {}
    for lineno, (name, country, role, aliases) in _rows("seats.tsv", 4):
        where = f"seats.tsv:{lineno}"
        if not _is_country(country):
            raise ValueError(f"{where}: bad country {country!r}")
        if role != "-" and role not in ROLE_CODES:
            raise ValueError(f"{where}: unknown role {role!r}")
        value = (country, "" if role == "-" else role)
        by_name[name] = value
        for alias in (name, *([] if aliases == "-" else aliases.split("|"))):
            key = _fold_name(alias)
            if not key or (key in by_key and by_key[key] != value):
                raise ValueError(f"{where}: empty or conflicting alias {alias!r}")
            by_key[key] = value
    return MappingProxyType(by_key), MappingProxyType(by_name)


def seat(name: str) -> tuple[str, str] | None:
    """(country, role) for a seat of government named in text, or None.

    "the White House" -> ("USA", "GOV"); "the Pentagon" -> ("USA", "MIL"); "Turtle Bay"
    -> ("UNO", "") (the role is "" when the country part alone is the actor).  Capital
    cities are not seats here: the gazetteer resolves them.
    """
    if not name:
        return None
    return _seat_index()[0].get(_fold_name(name))


def seats() -> Mapping[str, tuple[str, str]]:
    """Canonical seat name -> (country, role), read-only."""
    return _seat_index()[1]


# --------------------------------------------------------------------------- codes

def compose_code(country: str | None, roles: Iterable[str]) -> str | None:
    """A CAMEO-style actor code: the country part followed by role codes.

    ``compose_code("IRN", ["GOV"]) == "IRNGOV"``; ``compose_code("IMG", ["REB"]) ==
    "IMGREB"``; ``compose_code("UNO", []) == "UNO"``.  Codes are upper-cased, empty
    ones skipped, repeats (and a role equal to the country part, "IGO" + ["IGO"])
    dropped, order kept.  Returns None when the country is None or empty: dateline
    does not emit role-only codes ("---GOV"); the actor keeps its roles and sectors
    and its ``code`` stays null.  Raises ValueError for a part that is not three letters.
    """
    if not country:
        return None
    head = country.strip().upper()
    if not _is_country(head):
        raise ValueError(f"not a three-letter country part: {country!r}")
    parts = [head]
    for r in roles:
        r = (r or "").strip().upper()
        if not r:
            continue
        if not _is_country(r):
            raise ValueError(f"not a three-letter role code: {r!r}")
        if r not in parts:
            parts.append(r)
    return "".join(parts)


def plover_sector(role: str) -> str | None:
    """The PLOVER sector for a CAMEO role code ("MED" -> "JRN", "HLH" -> "MED",
    "INS" -> "REB", "GOV" -> "GOV"); None when PLOVER has no counterpart ("IGO", "DEV")."""
    role = role.upper()
    if role in _CAMEO_TO_PLOVER:
        return _CAMEO_TO_PLOVER[role]
    return role if role in SECTORS else None
