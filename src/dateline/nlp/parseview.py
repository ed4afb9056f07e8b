"""The parse of a Doc as plain Python lists, built once per doc for the stages' hot loops.

Every `token.lemma_`, `token.head` or `token.children` builds new Python objects; a loop
that asks them of every word pays for it on each pass.  A ParseView reads the doc's arrays
once; indices are token indices.  It holds strings and ints only, never spaCy objects.
"""

from __future__ import annotations


class ParseView:
    __slots__ = ("n", "text", "lower", "lemma", "tag", "pos", "dep", "ent_type", "idx", "head",
                 "children", "is_alpha", "_left_edge")

    def __init__(self, doc):
        from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_ALPHA, LEMMA, LOWER, ORTH, POS, TAG

        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER, LEMMA, TAG, POS, DEP, ENT_TYPE, IDX, HEAD, IS_ALPHA])
        cols = arr.T.tolist()
        # each distinct hash is looked up once: tags, deps and common words repeat
        table = {h: strings[h] for h in set(arr[:, :7].ravel().tolist())}
        self.n = len(arr)
        self.text, self.lower, self.lemma, self.tag, self.pos, self.dep, self.ent_type = (
            [table[h] for h in col] for col in cols[:7])
        self.idx = cols[7]
        self.head = [i + (h - (1 << 64) if h >= 1 << 63 else h) for i, h in enumerate(cols[8])]
        self.is_alpha = [bool(v) for v in cols[9]]
        self.children: list[list[int]] = [[] for _ in range(self.n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)  # in token order, as Token.children gives them
        self._left_edge: list[int] | None = None

    @property
    def left_edge(self) -> list[int]:
        """Each word's leftmost descendant (itself included), as Token.left_edge gives it."""
        if self._left_edge is None:
            head = self.head
            left = list(range(self.n))
            for i in range(self.n):  # words in order: an ancestor's first visit is its leftmost
                j, h = i, head[i]
                while h != j and left[h] > i:
                    left[h] = i
                    j, h = h, head[h]
            self._left_edge = left
        return self._left_edge


def parse_view(doc) -> ParseView:
    view = doc.user_data.get("dateline_parse_view")
    if view is None:
        view = doc.user_data["dateline_parse_view"] = ParseView(doc)
    return view
