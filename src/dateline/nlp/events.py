"""Events stage: who did what to whom, coded in CAMEO and PLOVER, with mode, true date and place.

`eventcodes.triggers` says which verbs and event nouns are events and their CAMEO code;
this stage finds their participants in the dependency tree (subjects and agents as
sources; objects, passive subjects and prepositional objects as targets; "the U.S.
assassination of Iran's top general" for nouns), one event per actor pair, and adds:
- mode: negated ("did not meet"), hypothetical ("if", "unless", could/might), future
  ("will", "would", "plans to"), claimed (inside a quote or under a speech verb), else
  asserted;
- date: `EventDater` (the clause's own time, never the story date where the text gives one);
- place: a place the trigger's clause puts it in ("clashes in Mosul"), else null.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import islice

from ..cluster import Report, assign
from ..model import Event, Extraction
from ..ontology import cameo
from . import eventcodes, statements
from .eventdate import EventDater
from .parseview import ParseView, parse_view
from .spans import SpanSet
from .times import token_spans

_SOURCE_DEPS = {"nsubj", "agent"}
_TARGET_DEPS = {"dobj", "nsubjpass", "dative", "attr"}
_TARGET_PREPS = {"with", "to", "against", "on", "at", "for", "from", "toward", "towards", "into", "over"}
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around"}
_FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo", "would"}
_HYPOTHETICAL_AUX = {"could", "might", "may"}
_CONDITIONS = {"if", "unless", "whether"}
_REFUSING = {"refuse", "decline"}
_FAILING = {"fail"}
_WILL = {"will", "would", "wo", "'ll", "’ll"}
_INTENT = {"plan", "intend", "expect", "want", "hope", "aim", "seek", "struggle", "prepare", "agree", "promise",
           "threaten", "vow", "pledge", "decide", "propose", "offer", "consider", "try", "attempt"}
_SPEECH = {"say", "tell", "claim", "state", "announce", "add", "argue", "allege", "insist", "believe",
           "think", "predict", "warn", "report", "accuse", "deny", "suggest", "opine", "note", "stress",
           "confirm", "write", "assert", "contend", "maintain", "acknowledge"}
_REPORTING = {"according", "continue", "conclude", "explain", "tweet", "post", "declare", "predict", "reply",
              "respond", "recall", "emphasize", "emphasise", "complain", "admit", "promise", "pledge", "vow"}


def run(doc, found: Extraction) -> list[Event]:
    actor_of = _actor_tokens(doc, found)
    place_of = _place_tokens(doc, found)
    dater = EventDater(doc, found.times, found.article.published)
    view = parse_view(doc)
    events: list[Event] = []
    for index, match in eventcodes.triggers(doc):
        trigger = doc[index]
        sources = _participants(view, index, actor_of, _SOURCE_DEPS, source=True)
        targets = _participants(view, index, actor_of, _TARGET_DEPS, source=False)
        # each actor once, and never the trigger's own phrase ("Syrian regime air strikes" is
        # the event, not its source)
        own = actor_of.get(index)
        sources = [s for s in dict.fromkeys(sources) if s != own]
        targets = [t for t in dict.fromkeys(targets) if t != own]
        # an event whose participants are not named ("bombs exploded in Kabul") is still an event
        sources = sources or [None]
        targets = [t for t in targets if t not in sources] or [None]
        mode, quote = _mode(view, index, trigger, found)
        if mode == "negated" and _refused(view, index):
            # "will not lift the embargo", "refused to release them": CAMEO codes the refusal
            refusal = cameo.refusal_of(match.cameo)
            if refusal is not None:
                match = eventcodes.CodeMatch(cameo=refusal, pattern=match.pattern, specificity=match.specificity)
                mode = "claimed" if quote is not None else "asserted"
        when = dater.date_of(trigger)
        speech_at = _announcing_verb(view, index)
        speech = doc[speech_at] if speech_at is not None else None
        trigger_span = (trigger.idx, trigger.idx + len(trigger.text))
        if mode == "future" and speech is not None and match.cameo[:2] in _INTENT_CODES:
            # "Pompeo announced on April 7 that the U.S. would hold talks": CAMEO codes the
            # announcement, an expression of intent, on the day it was made
            intent = cameo.framed("03", match.cameo) or _INTENT_CODES[match.cameo[:2]]
            match = eventcodes.CodeMatch(cameo=intent, pattern=match.pattern, specificity=match.specificity)
            when = dater.date_of(speech)
            trigger_span = (speech.idx, speech.idx + len(speech.text))
        else:
            trigger_span = (trigger.idx, trigger.idx + len(trigger.text))
        place = _place(view, index, place_of)
        code = cameo.cameo_code(match.cameo)
        plover, plover_mode = cameo.plover_of(match.cameo)
        sentence_span = _sentence_span(view, index)
        for source in sources:
            for target in targets:
                events.append(Event(
                    id=f"E{len(events) + 1}", source=source, target=target, cameo=match.cameo,
                    plover=plover, plover_mode=plover_mode, quad_class=code.quad_class,
                    goldstein=code.goldstein, date=when.value, date_precision=when.precision,
                    date_from=when.source, place=place, mode=mode, quote=quote,
                    trigger_span=trigger_span,
                    sentence_span=sentence_span, date_bound=when.bound))
    said = _statement_events(doc, found, actor_of, dater, events)
    # a bare "said" (010, nobody addressed) gives way to the statement coded from its quote
    replaced = SpanSet([e.trigger_span for e in said])
    # the tone word a statement was coded from ("he was very pessimistic") is that statement
    spans = {q.id: q.content_span for q in found.quotes}
    toned = {code: SpanSet([spans[e.quote] for e in said if e.cameo == code]) for code in {e.cameo for e in said}}
    events = [e for e in events if not (e.target is None and replaced.covers(e.trigger_span))
              and not (e.source is None and e.cameo in toned and toned[e.cameo].covers(e.trigger_span))] + said
    for n, event in enumerate(events, start=1):
        event.id = f"E{n}"
    _cluster(events, found)
    return events


def _cluster(events: list[Event], found: Extraction) -> None:
    """Events of the article that report the same event share a cluster id (K1, K2, ...);
    an event with an unknown side or no date is a cluster of its own."""
    code = {a.id: a.code for a in found.actors}
    reports = [Report.of(code.get(e.source), code.get(e.target), e.cameo, e.mode, e.date, e.date_bound,
                         found.article.published) for e in events]
    joined = assign(reports, [], str)
    labels: dict[str, str] = {}  # numbered in order of first report
    for n, (event, cluster) in enumerate(zip(events, joined)):
        key = cluster.id if cluster is not None else f"alone-{n}"
        event.cluster = labels.setdefault(key, f"K{len(labels) + 1}")


def _statement_events(doc, found: Extraction, actor_of: dict[int, str], dater: EventDater,
                      coded: list[Event]) -> list[Event]:
    """What speakers say about foreign actors, as CAMEO 01/11 events linked to their quotes.

    Speech is transparent, as in CAMEO coding practice: "X said Y attacked Z" is the attack,
    so a quote becomes a statement only when its content holds no event of its own (other
    than comments and criticism, which are what a statement codes anyway)."""
    taken = SpanSet([e.trigger_span for e in coded if e.target is not None or not e.cameo.startswith("01")])
    kinds = {q.id: q.kind for q in found.quotes}
    spans = {q.id: q.content_span for q in found.quotes}
    events: list[Event] = []
    said = statements.statement_codes(doc, found.quotes, found.actors, actor_of)
    acts = sorted(e.trigger_span[0] for e in coded if e.cameo[:2] not in ("01", "11"))
    cues = sorted(st.trigger_span[0] for st in said if st.cue_token is not None)
    for st in said:
        if taken.covers(st.trigger_span):
            continue  # the cue is already an event of its own ("accused", "has announced")
        start, end = spans[st.quote]
        if bisect_left(acts, start) < bisect_left(acts, end):
            continue  # the content holds an event of its own
        if bisect_left(cues, start) < bisect_left(cues, end):
            continue  # "Israel radio reported [Barak said he was pessimistic]": Barak's statement
        anchor = doc[st.cue_token] if st.cue_token is not None else \
            doc.char_span(st.trigger_span[0], st.trigger_span[1], alignment_mode="expand")[0]
        negated = any(c.dep_ == "neg" for c in anchor.children)
        future = any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in anchor.children)
        when = dater.spoken_on(anchor)
        code = cameo.cameo_code(st.cameo)
        plover, plover_mode = cameo.plover_of(st.cameo)
        sentence_span = _sentence_span(parse_view(doc), anchor.i)
        events.append(Event(
            id=f"E{len(coded) + len(events) + 1}", source=st.source, target=st.target, cameo=st.cameo,
            plover=plover, plover_mode=plover_mode, quad_class=code.quad_class, goldstein=code.goldstein,
            date=when.value, date_precision=when.precision, date_from=when.source, place=None,
            mode="negated" if negated else "future" if future else "asserted", quote=st.quote,
            trigger_span=st.trigger_span, sentence_span=sentence_span, date_bound=when.bound))
    return events


def _sentence_span(view, i: int) -> tuple[int, int]:
    """The characters of word i's sentence (Token.sent's start_char and end_char)."""
    first, end = view.sentence(i)
    return view.idx[first], view.idx[end - 1] + len(view.text[end - 1])


# Intent codes for announced future cooperation, by the root of the act announced.
_INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": "030"}


def _announcing_verb(view: ParseView, i: int) -> int | None:
    """The speech verb a clause is the content of ("announced that ... would hold"), or None."""
    head = i
    for _ in range(3):
        if view.dep[head] not in ("ccomp", "xcomp", "conj") or view.head[head] == head:
            return None
        head = view.head[head]
        if view.lemma[head] in _SPEECH or view.lemma[head] in ("pledge", "promise", "vow", "plan", "agree"):
            return head
    return None


def _actor_tokens(doc, found: Extraction) -> dict[int, str]:
    """Token index -> the actor a mention covering it belongs to."""
    tokens = token_spans(doc)  # the words Doc.char_span(..., alignment_mode="expand") covers
    owner: dict[int, str] = {}
    for actor in found.actors:
        for m in actor.mentions:
            words = tokens.expand(m.span[0], m.span[1])
            if words is not None:
                for i in range(*words):
                    owner.setdefault(i, actor.id)
    return owner


def _place_tokens(doc, found: Extraction) -> dict[int, str]:
    tokens = token_spans(doc)
    owner: dict[int, str] = {}
    for place in found.places:
        for m in place.mentions:
            if m.metonymic:
                continue
            words = tokens.expand(m.span[0], m.span[1])
            if words is not None:
                for i in range(*words):
                    owner.setdefault(i, place.id)
    return owner


def _conjuncts(view: ParseView, i: int) -> list[int]:
    """Token.conjuncts of word i: from the head of its coordination, the conj words to the
    right, breadth first, without word i itself."""
    start = i
    while view.head[start] != start and view.dep[start] == "conj":
        start = view.head[start]
    queue = [start]
    output = [start]
    for word in queue:
        for child in view.children[word]:
            if child > word and view.dep[child] == "conj":
                output.append(child)
                queue.append(child)
    return [w for w in output if w != i]


def _ancestors(view: ParseView, i: int):
    """Token.ancestors of word i: its head, the head's head, ... up to the root."""
    for _ in range(view.n):
        if view.head[i] == i:
            return
        i = view.head[i]
        yield i


def _actor_at(view: ParseView, i: int, actor_of: dict[int, str]) -> list[str]:
    """The actors a dependent stands for: the word's own actor, or those of its conjuncts and
    of the noun phrase it heads ("the Iraqi government", "Iraq and Iran")."""
    found: list[str] = []
    for t in [i, *_conjuncts(view, i)]:
        actor = actor_of.get(t)
        if actor is None:
            for child in view.children[t]:
                if view.dep[child] in ("compound", "poss", "amod") and child in actor_of:
                    actor = actor_of[child]
                    break
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def _participants(view: ParseView, verb: int, actor_of: dict[int, str], deps: set[str], *,
                  source: bool) -> list[str]:
    found: list[str] = []
    dep, lower, children = view.dep, view.lower, view.children
    for child in children[verb]:
        if dep[child] in deps:
            target: int | None = child
            if dep[child] == "agent":  # "was attacked by rebels"
                target = next((c for c in children[child] if dep[c] == "pobj"), None)
                if target is None:
                    continue
            elif lower[child] in ("who", "which", "that") and dep[verb] == "relcl":
                target = view.head[verb]  # "the Americans who created terrorist groups"
            found += [a for a in _actor_at(view, target, actor_of) if a not in found]
        elif not source and dep[child] == "prep" and lower[child] in _TARGET_PREPS:
            for pobj in children[child]:
                if dep[pobj] == "pobj":
                    found += [a for a in _actor_at(view, pobj, actor_of) if a not in found]
        if not source and dep[child] == "dobj":  # "hold a dialogue with Iraq", "impose sanctions on Iran"
            for prep in children[child]:
                if dep[prep] == "prep" and lower[prep] in _TARGET_PREPS:
                    for pobj in children[prep]:
                        if dep[pobj] == "pobj":
                            found += [a for a in _actor_at(view, pobj, actor_of) if a not in found]
    head = view.head[verb]
    if view.pos[verb] == "NOUN":
        found += _noun_participants(view, verb, actor_of, source=source)
    elif source and not found and dep[verb] in ("xcomp", "conj", "advcl") and head != verb:
        # "Iraq agreed to meet": the subject of the governing verb does the meeting
        found += _participants(view, head, actor_of, {"nsubj"}, source=True)
    elif source and not found and dep[verb] == "acl" and view.pos[view.head[head]] == "VERB":
        # "parliament passed a resolution telling the government ...": the resolution's author
        found += _participants(view, view.head[head], actor_of, {"nsubj"}, source=True)
    return found


def _noun_participants(view: ParseView, noun: int, actor_of: dict[int, str], *, source: bool) -> list[str]:
    """"the U.S. assassination of Iran's top general": compound/possessor is the source,
    "of"/"on"/"against" the target."""
    found: list[str] = []
    dep, lower, children = view.dep, view.lower, view.children
    for child in children[noun]:
        if source and dep[child] in ("compound", "poss", "amod", "nmod"):
            found += _actor_at(view, child, actor_of)
        if source and dep[child] == "prep" and lower[child] == "by":
            for pobj in children[child]:
                found += _actor_at(view, pobj, actor_of)
        if not source and dep[child] == "prep" and lower[child] in {"of", "on", "against", "with", "to"}:
            for pobj in children[child]:
                if dep[pobj] == "pobj":
                    found += _actor_at(view, pobj, actor_of)
        if dep[child] == "prep" and lower[child] == "between":
            # "the dialogue between Washington and Baghdad": the first is the source, the rest targets
            sides = [a for pobj in children[child] if dep[pobj] == "pobj" for a in _actor_at(view, pobj, actor_of)]
            found += sides[:1] if source else sides[1:]
    return list(dict.fromkeys(found))


def _mode(view: ParseView, i: int, trigger, found: Extraction) -> tuple[str, str | None]:
    """The event's modality and, when it is claimed inside a quote, that quote's id."""
    dep, lower, lemma, children = view.dep, view.lower, view.lemma, view.children
    head = view.head[i]
    if dep[i] == "xcomp" and lemma[head] in _REFUSING | _FAILING:
        return "negated", _quote_at(trigger, found)  # "refused to meet", "failed to reach a deal"
    clause = [i, *islice(_ancestors(view, i), 3)]
    auxes = {lower[c] for t in clause[:2] for c in children[t] if dep[c] in ("aux", "auxpass")}
    if any(dep[c] == "neg" for t in clause[:2] for c in children[t]) or \
            any(lower[c] in ("no", "never") and dep[c] in ("det", "neg", "advmod") for c in children[i]):
        return "negated", _quote_at(trigger, found)
    marks = {lower[c] for t in clause for c in children[t] if dep[c] == "mark"}
    if marks & _CONDITIONS or auxes & _HYPOTHETICAL_AUX:
        return "hypothetical", _quote_at(trigger, found)
    if auxes & _FUTURE_AUX or (dep[i] == "xcomp" and lemma[head] in _INTENT):
        return "future", _quote_at(trigger, found)
    quote = _quote_at(trigger, found)
    if quote is not None:
        return "claimed", quote
    if any(lemma[a] in _SPEECH for a in _ancestors(view, i) if view.pos[a] == "VERB") and dep[i] != "ROOT":
        return "claimed", None
    return "asserted", None


def _refused(view: ParseView, i: int) -> bool:
    """The source itself declines the act: "refused to release", "will not lift", "won't meet"
    (a refusal, coded in CAMEO's REJECT family), not "did not meet" (it did not happen)."""
    if view.dep[i] == "xcomp" and view.lemma[view.head[i]] in _REFUSING:
        return True
    children = view.children[i]
    return any(view.dep[c] == "neg" for c in children) and \
        any(view.dep[c] == "aux" and view.lower[c] in _WILL for c in children)


def _quote_at(trigger, found: Extraction) -> str | None:
    """The statement the trigger is said in: a quotation, or reported speech under a speech
    verb (the quotes stage also keeps attributions such as "passed a resolution")."""
    quotes, starts, longest = _quote_index(trigger.doc, found)
    idx = trigger.idx
    for q in quotes[bisect_left(starts, idx - longest):bisect_right(starts, idx)]:
        if q.content_span[0] <= idx < q.content_span[1] and _is_statement(trigger.doc, q):
            return q.id
    return None


def _quote_index(doc, found: Extraction):
    """The article's quotes in text order with their starts, built once per doc (an article
    with thousands of quotations must not be scanned once per trigger)."""
    cached = doc.user_data.get("dateline_quote_index")
    if cached is None or cached[0] is not found.quotes:
        quotes = sorted(found.quotes, key=lambda q: q.content_span)  # stable: list order among equals
        cached = (found.quotes, (quotes, [q.content_span[0] for q in quotes],
                                 max((q.content_span[1] - q.content_span[0] for q in quotes), default=0)))
        doc.user_data["dateline_quote_index"] = cached
    return cached[1]


def _is_statement(doc, quote) -> bool:
    if quote.kind != "indirect" or quote.cue_span is None:
        return True
    cue = doc.char_span(quote.cue_span[0], quote.cue_span[1], alignment_mode="expand")
    return cue is not None and (cue.root.lemma_ in _SPEECH or cue.root.lemma_ in _REPORTING)


def _place(view: ParseView, i: int, place_of: dict[int, str]) -> str | None:
    """A place the trigger's own clause puts the event in ("clashes in Mosul")."""
    dep, children = view.dep, view.children
    for word in [i, *[c for c in children[i] if dep[c] in ("dobj", "nsubjpass")]]:
        for child in children[word]:
            if dep[child] == "prep" and view.lower[child] in _PLACE_PREPS:
                for pobj in children[child]:
                    if pobj in place_of:
                        return place_of[pobj]
    return None
