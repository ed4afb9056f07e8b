"""Quotes stage: who said what — direct, indirect and mixed quotes with speaker, cue and medium.

    “…,” Kazemi Qomi said in an interview with Tasnim.   direct; medium "interview with Tasnim"
    He said Iraqis would agree to …                       indirect: the reported clause
    Otherwise, he continued, they will strongly oppose …  indirect, cue inside the content
    Spokeswoman Haley Morris says the candidate has “always run a lean campaign.”   mixed
    “But, considering …” (a paragraph with no cue)        direct, the previous speaker's

The cue words come from a learned scorer (`quotecues`); source and content come from the
parse around each cue, and from the quotation marks (`quotemarks`).  `attributions` is the
pure matching step; `run` turns its results into records and links speakers to actors.
"""

from __future__ import annotations

from bisect import bisect_left

from dataclasses import dataclass

from ..model import Extraction, Quote, Span
from . import quotecues, quotemarks
from .parseview import parse_view
from .quotecues import QuoteIndex
from .spans import SpanSet

THRESHOLD = 0.0
_SUBJECTS = ("nsubj", "nsubjpass")
_CUE_PARTS = {"aux", "auxpass", "neg", "prt"}
_CUE_ADVERBS = {"also", "then", "later", "repeatedly", "now", "again", "previously", "once", "often", "further"}
_CUE_RAISERS = {"appear", "seem"}
_CUE_PREPS = {"for", "as", "to", "about", "of"}
_GOING_ON = {"go", "continue", "proceed"}
_CONTENT_DEPS = ("xcomp", "dobj", "dative", "oprd", "attr", "acomp")
_ABOUT_PREPS = {"as", "for", "about", "over", "of", "on"}
_MEDIA_PREPS = {"in", "on", "during", "via", "through", "at"}
_MEDIA = {
    "interview", "statement", "speech", "tweet", "twitter", "facebook", "instagram", "post", "blog",
    "letter", "op-ed", "oped", "column", "editorial", "article", "essay", "book", "memo", "email",
    "conference", "briefing", "television", "tv", "radio", "broadcast", "show", "podcast", "program",
    "programme", "debate", "hearing", "testimony", "address", "remarks", "message", "video", "release",
    "report", "communique", "announcement", "rally", "session", "call", "meeting", "sermon", "appearance",
}
_AUDIENCE_VERBS = {"tell", "inform", "assure", "warn", "remind", "brief", "urge"}
_EDGE_PUNCT = set(",.;:—–-…") | {" ", "\n", "\t", "\u00a0"}
_OPENING = set("“\"‘«„'")
_CLOSING = set("”\"’»“'")


@dataclass(slots=True)
class Attribution:
    """One quote found in text: spans only, before speakers are linked to actors."""

    cue_span: Span | None
    source_span: Span | None
    content_span: Span
    kind: str
    medium: str | None = None
    audience: str | None = None
    continues: int | None = None  # index of the attribution whose speaker a cueless quote keeps


def run(doc, found: Extraction) -> list[Quote]:
    text = found.article.text
    quotes: list[Quote] = []
    attributions = find_attributions(doc, text, quotecues.load_model())
    mentions = _MentionIndex(found.actors)
    for n, att in enumerate(attributions, start=1):
        source = att.source_span
        if att.continues is not None:
            source = attributions[att.continues].source_span
        speaker = _speaker(doc, source, mentions) if source else None
        quotes.append(Quote(id=f"Q{n}", speaker=speaker,
                            speaker_span=att.source_span if att.continues is None else None,
                            cue=text[att.cue_span[0]:att.cue_span[1]] if att.cue_span else None,
                            cue_span=att.cue_span, content_span=att.content_span, kind=att.kind,
                            medium=att.medium, audience=att.audience))
    return quotes


def find_attributions(doc, text: str, model, threshold: float = THRESHOLD) -> list[Attribution]:
    """Every quote of the document, in text order (pure: spans only)."""
    marks = quotemarks.quotations(text)
    index = QuoteIndex(marks)
    heads = [doc[i] for i, _ in quotecues.cue_heads(doc, index, model, threshold)]
    head_ids = {t.i for t in heads}
    found: list[Attribution] = []
    contents: set[Span] = set()
    for head in heads:
        if any(c.dep_ == "xcomp" and c.i in head_ids for c in head.children):
            continue  # "went on to say": the inner verb carries the clause
        att = _attribute(doc, text, head, marks, index)
        if att is not None and att.content_span not in contents:
            found.append(att)
            contents.add(att.content_span)
    found.sort(key=lambda a: a.content_span)
    _run_on(text, marks, found)
    found.extend(_cueless(doc, text, marks, found))
    found.sort(key=lambda a: a.content_span)
    # re-point continuations after sorting
    return _link_continuations(found)


def _attribute(doc, text: str, head, marks: list[Span], index: QuoteIndex) -> Attribution | None:
    if head.text in quotecues.PUNCT_CUES:
        return _punct_attribution(doc, text, head, marks)
    cue = _cue_span(doc, head)
    source = _source_span(doc, text, head, index)
    attribution_span = (min(cue[0], source[0]) if source else cue[0], max(cue[1], source[1]) if source else cue[1])
    content = _quoted_content(text, attribution_span, marks)
    if content is not None and source is not None and not head.left_edge.idx <= source[0] < head.right_edge.idx \
            and any(c.dep_ == "ccomp" and c.i > head.i for c in head.children):
        content = None  # "“…,” he said, adding that …": the quotation is the governing verb's
    if content is not None and content[1] <= attribution_span[0]:
        left = next((c for c in head.children if c.dep_ == "ccomp" and c.i < head.i), None)
        line_start = text.rfind("\n", 0, content[0]) + 1
        gap = text[left.left_edge.idx:content[0]] if left is not None else ""
        if left is not None and line_start <= left.left_edge.idx < content[0] and not any(
                mark in gap for mark in ("—", "–", " - ", "--", ":", "(")):  # not over a dateline
            content = (_content_edges(text, left.left_edge.idx, content[1])[0], content[1])
    if content is None:
        content, cue = _clause_content(doc, text, head, cue, source)
    if content is None or content[1] <= content[0]:
        return None
    return Attribution(cue_span=cue, source_span=source, content_span=content,
                       kind=_kind(text, content, marks), medium=_medium(doc, head), audience=_audience(doc, head))


def _punct_attribution(doc, text: str, mark, marks: list[Span]) -> Attribution | None:
    """"WALLACE: If I may …" / "Poll: Voters abandon …" (source before the colon) and
    "“… a disgrace.” ― Azucena Gonzàlez" (source after the dash, the quotation before it)."""
    line_start = text.rfind("\n", 0, mark.idx) + 1
    line_end = text.find("\n", mark.idx)
    line_end = len(text) if line_end < 0 else line_end
    cue = (mark.idx, mark.idx + len(mark.text))
    if mark.text == ":":
        source = _trim(text, line_start, mark.idx)
        after = next((m for m in marks if m[0] >= cue[1] and not text[cue[1]:m[0]].strip()), None)
        content = after or _content_edges(text, cue[1], _sentence_end(doc, mark, line_end))
    else:
        before = next((m for m in reversed(marks) if m[1] <= cue[0] and not text[m[1]:cue[0]].strip()), None)
        if before is None:
            return None
        source, content = _trim(text, cue[1], line_end), before
    if source[1] <= source[0] or len(text[source[0]:source[1]].split()) > 6 or content[1] <= content[0]:
        return None
    return Attribution(cue_span=cue, source_span=source, content_span=content, kind=_kind(text, content, marks))


def _sentence_end(doc, tok, limit: int) -> int:
    view = parse_view(doc)
    last = view.sentence(tok.i)[1] - 1
    sent_end = view.idx[last] + len(view.text[last])
    return min(sent_end, limit) if sent_end > tok.idx + 1 else limit


def _cue_span(doc, head) -> Span:
    if head.lower_ == "according" and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "to":
        return head.idx, doc[head.i + 1].idx + len(doc[head.i + 1].text)
    start, end = head.i, head.i
    for child in head.children:
        if child.dep_ in _CUE_PARTS and abs(child.i - head.i) <= 3:
            start, end = min(start, child.i), max(end, child.i)
        elif child.dep_ == "advmod" and child.i == start - 1 and (child.lower_ in _CUE_ADVERBS or
                                                                   child.lower_.endswith("ly")):
            start = child.i  # "also said"
        elif child.dep_ == "xcomp" and child.i - end <= 2 and head.lemma_ in _CUE_RAISERS:
            end = child.i  # "appeared to suggest"
    complements = {c.dep_ for c in head.children if c.i > head.i}
    if end + 1 < len(doc) and doc[end + 1].dep_ == "prep" and doc[end + 1].head.i == head.i \
            and not complements & {"dobj", "ccomp"} and doc[end + 1].lower_ in _CUE_PREPS:
        end += 1  # "called for", "described as", "referring to"
    if end + 1 < len(doc) and doc[end + 1].text == ":":
        end += 1  # "said:"
    if head.dep_ in ("xcomp", "advcl") and head.head.lemma_ in _GOING_ON and 0 < head.i - head.head.i <= 4:
        start = min(start, head.head.i)  # "went on to say"
        for child in head.head.children:
            if child.dep_ in ("aux", "neg") and child.i < start and start - child.i <= 2:
                start = child.i
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _source_span(doc, text: str, head, quoted: QuoteIndex) -> Span | None:
    if head.lower_ == "according":
        to = next((c for c in head.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return _subtree_span(text, pobj) if pobj is not None else None
    verb = head
    for _ in range(3):  # "went on to say", "and added", "saying": the governing verb's subject
        # a subject inside the quotation is the parser's mistake: "Full panic mode,” said Wimes"
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS and not quoted.inside(c.idx)), None)
        if subject is not None:
            if subject.dep_ == "nsubjpass":
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    return _subtree_span(text, pobj)
            return _subject_span(text, subject, head)
        if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _subject_span(text: str, subject, head) -> Span:
    """The speaker's noun phrase: "A poll released in August" -> "A poll"; asides set off by
    commas after the name are left out ("Mr. Kamin, who emphasized …", "Trump, speaking to
    veterans,"); an appositive before the verb keeps its closing comma ("Phil Smith, a
    spokesman,"); a heading line the parser joined to the sentence is left out ("7:25 a.m.")."""
    doc = subject.doc
    last = subject.right_edge
    for child in sorted(subject.children, key=lambda c: -c.i):
        if child.i <= subject.i or child.right_edge.i != last.i:
            break
        comma = child.left_edge.i - 1 > subject.i and doc[child.left_edge.i - 1].text == ","
        if child.dep_ == "acl" and child.tag_ in ("VBN", "VBG") or \
                comma and (child.dep_ == "relcl" or child.dep_ in ("acl", "advcl") and child.tag_ == "VBG"):
            last = doc[child.left_edge.i - 1]
            while last.i > subject.i and last.is_punct:
                last = doc[last.i - 1]
        else:
            break
    start, end = _trim(text, subject.left_edge.idx, last.idx + len(last.text))
    line = text.rfind("\n", start, end)
    if line >= 0 and subject.i < head.i:  # the line next to the verb, not a heading before it
        start, end = _trim(text, line + 1, end)
    if subject.i < head.i and "," in text[start:end] and text[end:end + 1] == ",":
        end += 1
    return start, end


def _subtree_span(text: str, tok) -> Span:
    return _trim(text, tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))


def _quoted_content(text: str, attribution: Span, marks: list[Span]) -> Span | None:
    """A quotation beside the attribution: “…,” he said[, “…”] / he said: “…”."""
    # Quotations are sorted and do not overlap, so only the nearest one on each side can be
    # beside the attribution: a farther one has the nearer quotation in its gap.
    k = bisect_left(marks, (attribution[0],)) - 1
    while k >= 0 and marks[k][1] > attribution[0]:
        k -= 1
    before = marks[k] if k >= 0 and _gap_ok(text, marks[k][1], attribution[0]) else None
    k = bisect_left(marks, (attribution[1],))
    after = marks[k] if k < len(marks) and _gap_ok(text, attribution[1], marks[k][0], after=True) else None
    if before is not None and after is not None:
        if text[attribution[1]:after[0]].strip() in (",", ":", ""):
            return before[0], after[1]  # a quote split by its attribution
        return before
    return before or after


def _gap_ok(text: str, start: int, end: int, after: bool = False) -> bool:
    """Only punctuation, spacing or a short attribution tail ("in an interview") between."""
    gap = text[start:end]
    if "\n" in gap:
        return False
    stripped = gap.strip(" ,:—–-\u00a0")
    if after:
        return stripped == "" or stripped.lower() == "that"
    return stripped == ""


def _clause_content(doc, text: str, head, cue: Span, source: Span | None) -> tuple[Span | None, Span]:
    """The reported clause or object of the cue, and the cue (longer when it takes a
    preposition along: "called for", "spoke out Tuesday about", "is supported by")."""
    if head.lower_ == "according":
        clause = head.head
        while clause.dep_ not in ("ROOT",) and clause.head.i != clause.i and clause.pos_ not in ("VERB", "AUX"):
            clause = clause.head
        return _without(doc, text, clause, head), cue
    ccomp = next((c for c in head.children if c.dep_ == "ccomp"), None)
    if ccomp is None:
        ccomp = next((t for t in head.subtree if t.i > head.i and t.dep_ in ("ccomp", "acl") and t.head.i != head.i
                      and any(m.dep_ == "mark" and m.lower_ == "that" for m in t.children)
                      and t.head.dep_ in ("dobj", "dative", "pobj") and t.head.head.i in
                      {head.i, *[p.i for p in head.children if p.dep_ == "prep"]}), None)
    if ccomp is not None:
        last = _last_word(ccomp)
        return _content_edges(text, ccomp.left_edge.idx, last.idx + len(last.text)), cue
    # "called on Trump to stop …": the one called on and what for
    on = next((c for c in head.children if c.dep_ == "prep" and c.i > head.i and c.lower_ == "on"), None)
    if on is not None and head.lemma_.lower() == "call":
        pobj = next((c for c in on.children if c.dep_ == "pobj"), None)
        to = next((c for c in head.children if c.dep_ == "xcomp" and c.i > on.i), None)
        if pobj is not None and to is not None:
            return _content_edges(text, pobj.left_edge.idx, to.right_edge.idx + len(to.right_edge.text)), \
                _cue_through(doc, cue, on)
    # "called the candidate “extremely fit”", "blasted him for not paying", "condemned X as Y"
    parts = [c for c in head.children if c.i > head.i and c.dep_ in _CONTENT_DEPS]
    if parts:
        last = max(parts, key=lambda c: c.i)
        tail = [c for c in head.children if c.dep_ == "prep" and c.i > last.i and c.lower_ in _ABOUT_PREPS]
        if tail:
            last = max(tail, key=lambda c: c.i)
        first = min(parts, key=lambda c: c.i)
        return _content_edges(text, first.left_edge.idx, last.right_edge.idx + len(last.right_edge.text)), cue
    # "The nominee has been endorsed by dozens of papers": what the agent said something of
    subject = next((c for c in head.children if c.dep_ == "nsubjpass" and c.i < head.i), None)
    agent = next((c for c in head.children if c.dep_ == "agent" and c.i > head.i), None)
    if subject is not None and agent is not None:
        return _subtree_span(text, subject), _cue_through(doc, cue, agent)
    # "called for a moratorium", "spoke of the legacy of racism", "railed against super PACs"
    prep = _object_prep(head)
    if prep is not None:
        obj = next(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
        return _content_edges(text, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text)), \
            _cue_through(doc, cue, prep)
    if head.dep_ in ("parataxis", "ccomp", "advcl") and head.head.i != head.i:
        return _without(doc, text, head.head, head), cue  # "Otherwise, he continued, they will …"
    return None, cue


_OBJECT_PREPS = {"for", "of", "about", "against", "on", "over", "with", "to", "in", "from", "at", "by"}


def _object_prep(head):
    """The preposition whose object is what the cue is about: the first one after the cue
    word that is not when or where it was said ("on Tuesday", "in an interview")."""
    for prep in head.children:
        if prep.i < head.i or prep.dep_ != "prep" or prep.lower_ not in _OBJECT_PREPS:
            continue
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            continue
        if obj.ent_type_ in ("DATE", "TIME") or obj.lemma_.lower() in _MEDIA or obj.lower_ in _MEDIA:
            continue
        if prep.lower_ in ("to", "at", "in", "by", "from") and obj.pos_ in ("PROPN", "PRON"):
            continue  # told to someone, by whom, where
        return prep
    return None


def _cue_through(doc, cue: Span, word) -> Span:
    """The cue extended to `word` when only a few words lie between ("spoke out Tuesday about")."""
    end = word.idx + len(word.text)
    if end <= cue[1]:
        return cue
    between = doc.char_span(cue[1], word.idx, alignment_mode="expand")
    if between is not None and (len(between) > 3 or any(t.is_punct or t.is_quote for t in between)):
        return cue
    return cue[0], end


def _last_word(root):
    """The clause's last word, leaving out a trailing aside set off by a comma: ", saying …",
    ", which …", ", who is 70", ", a request not honored" (found down the right-hand edge)."""
    doc = root.doc
    last = root.right_edge
    node = root
    while True:
        right = [c for c in node.children if c.i > node.i and not c.is_punct]
        if not right:
            return last
        child = max(right, key=lambda c: c.i)
        comma = doc[child.left_edge.i - 1] if child.left_edge.i > root.left_edge.i else None
        aside = (child.dep_ == "relcl" or child.dep_ in ("appos", "npadvmod")
                 or child.dep_ in ("advcl", "acl") and child.tag_ in ("VBG", "VBN"))
        if aside and comma is not None and comma.text == "," and comma.i > root.left_edge.i:
            return doc[comma.i - 1]
        node = child


def _without(doc, text: str, clause, attribution) -> Span | None:
    """The clause's words minus the attribution's subtree, as one span on the longer side."""
    inner = (attribution.left_edge.i, attribution.right_edge.i)
    left = (clause.left_edge.i, inner[0] - 1)
    right = (inner[1] + 1, clause.right_edge.i)
    pieces = [p for p in (left, right) if p[1] >= p[0]]
    if not pieces:
        return None
    if len(pieces) == 2 and left[1] - left[0] <= 2:
        start, end = right  # "Otherwise, he continued, they will …": the clause follows the cue
        start = left[0]
    elif len(pieces) == 2:
        start, end = left[0], right[1] if right[1] - right[0] > 3 else left[1]
    else:
        start, end = pieces[0]
    return _content_edges(text, doc[start].idx, doc[end].idx + len(doc[end].text))


def _content_edges(text: str, start: int, end: int) -> Span:
    """Trim spacing and clause punctuation, keeping quotation marks that belong to the content."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    # a quotation opened inside the content closes after the last word: take the mark along
    opened = sum(text.count(m, start, end) for m in "“«") - sum(text.count(m, start, end) for m in "”»")
    if opened > 0 or text.count('"', start, end) % 2:
        stop = min(len(text), end + 4)
        for i in range(end, stop):
            if text[i] in "”»\"":
                return start, i + 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and (text[start] in _EDGE_PUNCT or text[start] in _OPENING):
        start += 1
    while end > start and text[end - 1] in set(",;:—–-( \n\u00a0"):
        end -= 1
    return start, end


def _kind(text: str, content: Span, marks: list[Span]) -> str:
    inside = []  # the quotations within the content: sorted and disjoint, so one run of them
    for m in marks[bisect_left(marks, (content[0],)):]:
        if m[0] >= content[1]:
            break
        if m[1] <= content[1]:
            inside.append(m)
    if inside and inside[0][0] == content[0] and inside[-1][1] == content[1]:
        return "direct"
    return "mixed" if inside else "indirect"


def _medium(doc, head) -> str | None:
    """Where it was said: "in an interview with Tasnim", "on Twitter", "in a statement"."""
    for verb in (head, head.head):
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in _MEDIA_PREPS:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.lemma_.lower() not in _MEDIA and pobj.lower_ not in _MEDIA:
                continue
            words = [t for t in pobj.subtree if not any(a.dep_ in ("acl", "relcl") and a.head.i == pobj.i
                                                        for a in [t, *t.ancestors] if a.i != pobj.i)]
            words = [t for t in words if t.i >= pobj.left_edge.i]
            while words and words[0].dep_ in ("det", "poss") and words[0].i < pobj.i:
                words = words[1:]
            if words:
                return doc[words[0].i:words[-1].i + 1].text
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            break
    return None


def _run_on(text: str, marks: list[Span], found: list[Attribution]) -> None:
    """“…,” Jordan said in a phone interview. “But …” — later quoted sentences of the same
    paragraph, with no cue of their own, belong to the same direct quote."""
    taken = SpanSet([a.cue_span for a in found if a.cue_span] + [a.content_span for a in found])
    for att in found:
        if att.kind != "direct" or att.cue_span is None:
            continue
        end = max(att.content_span[1], att.cue_span[1], att.source_span[1] if att.source_span else 0)
        paragraph_end = text.find("\n", end)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        for start, stop in marks[bisect_left(marks, (end,)):]:  # the quotations after it
            if stop > paragraph_end or any((s, e) != att.content_span and not (s >= att.content_span[0] and e <= end)
                                           for s, e in taken.overlapping(start, stop)):
                break
            gap = text[end:start].strip()
            if gap and gap[-1] not in ".!?:":
                break
            if gap and taken.overlapping(end, start):
                break
            att.content_span = (att.content_span[0], stop)
            end = stop


def _audience(doc, head) -> str | None:
    """Who was told: "told reporters", "told The Associated Press", "assured allies"."""
    if head.lemma_.lower() not in _AUDIENCE_VERBS:
        return None
    heard = next((c for c in head.children if c.dep_ in ("dobj", "dative") and c.i > head.i), None)
    if heard is None or heard.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return doc[heard.left_edge.i:heard.i + 1].text


def _cueless(doc, text: str, marks: list[Span], found: list[Attribution]) -> list[Attribution]:
    """Quotations standing as their own sentences with no cue: the previous speaker goes on."""
    covered = SpanSet([a.content_span for a in found])
    extra: list[Attribution] = []
    for start, end in marks:
        if covered.overlapping(start, end):
            continue
        if not _stands_alone(text, start, end):
            continue
        extra.append(Attribution(cue_span=None, source_span=None, content_span=(start, end), kind="direct",
                                 continues=-1))
    return extra


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3):start].strip()
    after = text[end:end + 3].strip()
    opens = not before or before[-1] in ".!?\n:”\"" or text[max(0, start - 1):start] == "\n"
    closes = not after or after[0] in "\n" or text[end:end + 1] in ("\n", "") or after[0].isupper()
    return opens and closes and end - start > 20


def _link_continuations(found: list[Attribution]) -> list[Attribution]:
    """A cueless quote keeps the speaker of the nearest attributed quote before it."""
    last: int | None = None
    kept: list[Attribution] = []
    for att in found:
        if att.continues is None:
            kept.append(att)
            last = len(kept) - 1
            continue
        att.continues = last
        kept.append(att)
    return kept


class _MentionIndex:
    """Actor mentions sorted by start, each with its place in (actor, mention) order, so the
    mentions at or around a source are found by bisection instead of a scan of every actor."""

    def __init__(self, actors):
        entries = [(m.span[0], m.span[1], order, actor.id)
                   for order, (actor, m) in enumerate((a, m) for a in actors for m in a.mentions)]
        entries.sort()
        self.entries = entries
        self.starts = [e[0] for e in entries]
        self.longest = max((e[1] - e[0] for e in entries), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int, int, str]]:
        """Mentions that may contain `start` or overlap [start, end), in (actor, mention) order."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end + 1)
        return sorted(self.entries[lo:hi], key=lambda e: e[2])


def _speaker(doc, source: Span, mentions: _MentionIndex) -> str | None:
    """The actor whose mention is the source (or, for "who", the noun the clause hangs on)."""
    tokens = doc.char_span(source[0], source[1], alignment_mode="expand")
    if tokens is None:
        return None
    root = tokens.root
    if root.lower_ in ("who", "which", "that") and root.head.dep_ == "relcl":
        root = root.head.head
    at = root.idx
    near = mentions.near(min(at, source[0]), max(at, source[1]))
    for start, end, _, actor_id in near:
        if start <= at < end:
            return actor_id
    best: tuple[int, str] | None = None
    for start, end, _, actor_id in near:
        overlap = min(end, source[1]) - max(start, source[0])
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, actor_id)
    return best[1] if best else None
