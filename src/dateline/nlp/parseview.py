"""The parse of a Doc as plain Python lists, built once per doc for the stages' hot loops.

Every `token.lemma_`, `token.head` or `token.children` builds new Python objects; a loop
that asks them of every word pays for it on each pass.  A ParseView reads the doc's arrays
once; indices are token indices.  It holds strings and ints only, never spaCy objects.
"""

from __future__ import annotations


class ParseView:
    __slots__ = ("n", "text", "lower", "lemma", "tag", "pos", "dep", "ent_type", "idx", "head",
                 "children", "is_alpha")

    def __init__(self, doc):
        from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_ALPHA, LEMMA, LOWER, ORTH, POS, TAG

        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LOWER, LEMMA, TAG, POS, DEP, ENT_TYPE, IDX, HEAD, IS_ALPHA]).tolist()
        self.n = len(rows)
        self.text = [strings[r[0]] for r in rows]
        self.lower = [strings[r[1]] for r in rows]
        self.lemma = [strings[r[2]] for r in rows]
        self.tag = [strings[r[3]] for r in rows]
        self.pos = [strings[r[4]] for r in rows]
        self.dep = [strings[r[5]] for r in rows]
        self.ent_type = [strings[r[6]] for r in rows]
        self.idx = [r[7] for r in rows]
        self.head = [i + (r[8] - (1 << 64) if r[8] >= 1 << 63 else r[8]) for i, r in enumerate(rows)]
        self.is_alpha = [bool(r[9]) for r in rows]
        self.children: list[list[int]] = [[] for _ in rows]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)  # in token order, as Token.children gives them


def parse_view(doc) -> ParseView:
    view = doc.user_data.get("dateline_parse_view")
    if view is None:
        view = doc.user_data["dateline_parse_view"] = ParseView(doc)
    return view
