"""Forecasts stage: predictions speakers make, as event templates that later events can settle.

    Kazemi Qomi has predicted failure for the U.S. plan for strategic dialogue with the Iraqi
    government unless Washington shifts its policy …
        -> forecaster Kazemi Qomi, outcome {04 USA–IRQ, happens: false}, condition "unless …",
           by 2020-06 (the dialogue the article says is planned for mid-June)

A forecast is a quote (the quotes stage) holding a future-oriented claim: a verb with
will/won't/shall/is going to/is likely to/is expected to (would, in reported speech), or a
prediction cue with an object ("predicted failure for …").  The outcome is the event the
claim is about (the events stage's trigger inside the claim; its code, and its actors'
countries, else the dyad the article's other events of that kind give); `happens` is false
for "will not", "no new dialogue", "failure".  The condition is an "unless/if/as long as"
clause on the claim; the horizon is a date in the claim, else the date of the planned event
of the same kind in the article, else null (`dateline forecasts resolve` then applies its
default window).  `confidence` is the probability the wording gives the outcome: "will
certainly" 0.95, "will" 0.8, "I believe … will" 0.7, "is likely to" 0.7, "may" 0.4.
"""

from __future__ import annotations

from ..model import Event, Extraction, Forecast, Outcome, Quote, Span
from .parseview import parse_view
from .timex import interval

_FUTURE_AUX = {"will", "wo", "'ll", "’ll", "shall"}
_REPORTED_FUTURE = {"would"}
_LIKELY = {"likely": 0.7, "unlikely": 0.3, "expected": 0.7, "set": 0.8, "bound": 0.9, "certain": 0.95,
           "sure": 0.9, "poised": 0.8, "due": 0.8}
_PREDICT_CUES = {"predict", "forecast", "foresee", "expect", "warn", "anticipate", "project"}
_FAILURE = {"failure", "collapse", "end", "demise", "breakdown", "defeat", "fail"}
_SURE = {"certainly", "definitely", "surely", "undoubtedly", "inevitably", "absolutely", "clearly"}
_HEDGE_ADV = {"probably", "likely", "perhaps", "maybe", "possibly"}
_MAYBE = {"may", "might", "could"}
_BELIEF = {"believe", "think", "expect", "suspect", "guess", "feel", "hope", "fear", "doubt"}
_CONDITIONS = {"unless", "if", "until", "provided", "providing", "when", "once"}
_HAPPEN = {"happen", "occur", "take", "come"}
# the act an announced intent is about (events.py codes "announced that … would hold talks" 036)
_INTENDED = {"036": "040", "032": "050", "031": "060", "033": "070", "035": "080"}


def run(doc, found: Extraction) -> list[Forecast]:
    forecasts: list[Forecast] = []
    code = {a.id: a.code for a in found.actors}
    for quote in found.quotes:
        content = doc.char_span(quote.content_span[0], quote.content_span[1], alignment_mode="expand")
        if content is None:
            continue
        for claim in _claims(doc, quote, content):
            head, happens, condition, confidence = claim
            span = _claim_span(doc, head, condition, quote.content_span)
            event = _event_in(found.events, span, head, quote)
            outcome = _outcome(event, found.events, code, happens)
            by = _horizon(found, span, outcome, event)
            forecast = Forecast(id=f"F{len(forecasts) + 1}", forecaster=quote.speaker, quote=quote.id,
                                claim_span=span, outcome=outcome,
                                condition_span=_subtree(condition) if condition is not None else None,
                                made_on=found.article.published, by=by, confidence=confidence)
            if not any(f.outcome == forecast.outcome and f.quote == forecast.quote for f in forecasts) \
                    or outcome.cameo is None:
                forecasts.append(forecast)
    return forecasts


def _claims(doc, quote: Quote, content):
    """(head word, happens, condition clause, confidence) of each prediction in a quote."""
    cue = doc.char_span(quote.cue_span[0], quote.cue_span[1], alignment_mode="expand") if quote.cue_span else None
    claims = []
    if cue is not None and cue.root.lemma_.lower() in _PREDICT_CUES:
        obj = next((c for c in cue.root.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.i >= content.start and obj.i < content.end:
            happens = obj.lemma_.lower() not in _FAILURE
            claims.append((obj, happens, _condition(cue.root) or _condition(obj), 0.75))
    reported = quote.kind != "direct"
    view = parse_view(doc)
    for i in range(content.start, content.end):
        if view.pos[i] not in ("VERB", "AUX") or view.dep[i] in ("aux", "relcl", "acl"):
            continue  # what _future turns down first, read without making a Token
        tok = doc[i]
        future = _future(tok, reported)
        if future is None or _in_condition(tok, content):
            continue
        if any(tok.i in _subtree_ids(c[0]) and c[0].i != tok.i for c in claims):
            continue  # a prediction inside one already taken ("predicted that … will")
        happens = not _negated(tok)
        claims.append((tok, happens, _condition(tok), _confidence(tok, future, cue, content)))
    return claims


def _future(tok, reported: bool) -> float | None:
    """The confidence a future form gives (None when the word is not a predicted verb)."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "relcl", "acl"):
        return None  # a relative clause describes ("a government that would not …"); it does not predict
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX:
        return 0.8
    if reported and auxes & _REPORTED_FUTURE:
        return 0.75
    if auxes & _MAYBE:
        return 0.4
    head = tok.head
    if tok.dep_ == "xcomp" and any(c.lower_ == "to" for c in tok.children):
        if head.lower_ == "going" and any(c.lemma_ == "be" for c in head.children):
            return 0.8  # "is going to"
        if head.lemma_ == "be" and head.i < tok.i and tok.i - head.i <= 2 and tok.lemma_ in _HAPPEN:
            return 0.75  # "no new development is to happen" (not "the aim is to prevent …")
        if head.lower_ in _LIKELY or head.lemma_ in _LIKELY:
            return _LIKELY.get(head.lower_, _LIKELY.get(head.lemma_, 0.7))
    return None


def _confidence(tok, base: float, cue, content) -> float:
    words = {c.lower_ for c in tok.children if c.dep_ in ("advmod", "aux")}
    if words & _SURE:
        return 0.95
    if words & _HEDGE_ADV:
        base = min(base, 0.65)
    believing = [t for t in content if t.lemma_.lower() in _BELIEF and t.i < tok.i and tok.i in _subtree_ids(t)]
    if believing or (cue is not None and cue.root.lemma_.lower() in _BELIEF):
        base = min(base, 0.7)  # "I believe that … will"
    return base


def _negated(tok) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    # "there won't be any dialogue" / "no new development is to happen"
    for child in [*tok.children, *(tok.head.children if tok.dep_ == "xcomp" else ())]:
        if child.dep_ in ("nsubj", "attr", "dobj", "nsubjpass") and any(
                g.lower_ in ("no", "never") and g.dep_ in ("det", "neg") for g in child.children):
            return True
    return tok.head.dep_ == "xcomp" and any(c.dep_ == "neg" for c in tok.head.children)


def _condition(tok):
    for child in tok.children:
        if child.dep_ == "advcl" and any(m.lower_ in _CONDITIONS and m.dep_ in ("mark", "advmod")
                                         for m in child.children):
            return child
    return None


def _in_condition(tok, content) -> bool:
    for anc in [tok, *tok.ancestors]:
        if anc.i < content.start or anc.i >= content.end:
            return False
        if anc.dep_ == "advcl" and any(m.lower_ in _CONDITIONS for m in anc.children if m.dep_ in ("mark", "advmod")):
            return True
    return False


def _claim_span(doc, head, condition, content: Span) -> Span:
    """The predicting clause without its condition, inside the quote, without outer punctuation."""
    words = [t for t in head.subtree if (condition is None or t.i not in _subtree_ids(condition))
             and content[0] <= t.idx < content[1]] or [head]
    first, last = 0, len(words) - 1
    while first < last and (words[first].is_punct or words[first].is_quote):
        first += 1
    while last > first and (words[last].is_punct or words[last].is_quote):
        last -= 1
    return words[first].idx, words[last].idx + len(words[last].text)


def _subtree(tok) -> Span:
    words = list(tok.subtree)
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _subtree_ids(tok) -> set[int]:
    return {t.i for t in tok.subtree}


def _event_in(events: list[Event], span: Span, head, quote: Quote) -> Event | None:
    """The claim's event: the one triggered by the head word, else the first in the claim,
    else the intent the quote's cue announces ("announced that … would hold talks": 036)."""
    inside = [e for e in events if span[0] <= e.trigger_span[0] < span[1] and e.mode != "asserted"
              and not e.cameo.startswith("01")]
    for e in inside:
        if e.trigger_span[0] == head.idx:
            return e
    if inside:
        return inside[0]
    return next((e for e in events if e.trigger_span == quote.cue_span and e.cameo in _INTENDED), None)


def _outcome(event: Event | None, events: list[Event], code: dict, happens: bool) -> Outcome:
    if event is None:
        return Outcome(cameo=None, source=None, target=None, happens=happens)
    cameo = _INTENDED.get(event.cameo, event.cameo)
    source = (code.get(event.source) or "")[:3] or None
    target = (code.get(event.target) or "")[:3] or None
    if source is None or target is None:
        # "there won't be any new dialogue": the dialogue the article is about gives the sides
        family = _family(event.cameo)
        for other in events:
            s, t = (code.get(other.source) or "")[:3], (code.get(other.target) or "")[:3]
            if s and t and s != t and _family(other.cameo) == family and other is not event:
                if (source in (None, s, t)) and (target in (None, s, t)):
                    source, target = s, t
                    break
    return Outcome(cameo=cameo, source=source, target=target, happens=happens)


def _family(cameo: str) -> str:
    """Talks announced (036 intent to meet or negotiate) and talks held (04) are one family."""
    return "04" if cameo[:2] == "04" or cameo[:3] in ("036", "030") else cameo[:2]


def _horizon(found: Extraction, span: Span, outcome: Outcome, event: Event | None) -> str | None:
    """A date in the claim; else the latest future date in the sentence of a planned event of
    the same kind ("would hold a strategic dialogue with Iraq in mid-June")."""
    for t in found.times:
        if span[0] <= t.span[0] < span[1] and t.type == "DATE" and t.value and interval(t.value):
            return t.value
    if outcome.cameo is None or not found.article.published:
        return None
    family = _family(outcome.cameo)
    made = interval(found.article.published[:10])
    if made is None:
        return None
    later = []
    for planned in found.events:
        if planned is event or planned.mode != "future" or _family(planned.cameo) != family:
            continue
        start, end = planned.sentence_span
        for t in found.times:
            bounds = interval(t.value) if t.type == "DATE" and t.value else None
            if start <= t.span[0] < end and bounds and bounds[1] > made[1]:
                later.append((bounds[1], t.value))
    return max(later)[1] if later else None
