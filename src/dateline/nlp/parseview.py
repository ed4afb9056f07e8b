"""The parse of a Doc as plain Python lists, built once per doc for the stages' hot loops.

Every `token.lemma_`, `token.head` or `token.children` builds new Python objects; a loop
that asks them of every word pays for it on each pass.  A ParseView reads the doc's arrays
once; indices are token indices.  It holds strings and ints only, never spaCy objects.
"""

from __future__ import annotations


class ParseView:
    __slots__ = ("n", "text", "lower", "lemma", "tag", "pos", "dep", "ent_type", "idx", "head",
                 "children", "is_alpha", "_left_edge", "_right_edge", "_in_order", "_sentence", "_doc_sent_starts")

    def __init__(self, doc):
        from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_ALPHA, LEMMA, LOWER, ORTH, POS, TAG

        import numpy

        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER, LEMMA, TAG, POS, DEP, ENT_TYPE, IDX, HEAD, IS_ALPHA])
        n = self.n = len(arr)
        # each distinct hash is looked up once (tags, deps and common words repeat), then the
        # seven string columns are taken from the distinct strings in one step
        hashes, where = numpy.unique(arr[:, :7], return_inverse=True)
        names = numpy.array([strings[h] for h in hashes.tolist()] or [""], dtype=object)
        self.text, self.lower, self.lemma, self.tag, self.pos, self.dep, self.ent_type = \
            names[where.reshape(n, 7)].T.tolist() if n else ([] for _ in range(7))
        self.idx = arr[:, 7].tolist()
        # HEAD holds each word's offset to its head as a two's-complement uint64
        self.head = (arr[:, 8].view(numpy.int64) + numpy.arange(n, dtype=numpy.int64)).tolist()
        self.is_alpha = arr[:, 9].astype(bool).tolist()
        self.children: list[list[int]] = [[] for _ in range(self.n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)  # in token order, as Token.children gives them
        self._left_edge: list[int] | None = None
        self._in_order: list[bool] | None = None
        self._sentence: list[tuple[int, int]] | None = None
        self._doc_sent_starts = doc.to_array("SENT_START").tolist() if doc.has_annotation("SENT_START") else None
        self._right_edge: list[int] = []

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

    def _runs(self) -> list[bool]:
        """For each word, whether its subtree and every subtree inside it are unbroken runs of
        words; then Token.subtree gives it in word order, from the left edge to the right edge.
        spaCy's parser may attach across other words (about half of news articles have one
        such arc somewhere), so this is worked out per word."""
        if self._in_order is None:
            head, n = self.head, self.n
            size, right = self._sizes_and_right_edges()
            left = self.left_edge
            in_order = [True] * n
            for i in range(n):
                if right[i] - left[i] + 1 != size[i]:  # broken: it and all its ancestors
                    j, steps = i, 0
                    while in_order[j] and steps <= n:
                        in_order[j] = False
                        if head[j] == j:
                            break
                        j, steps = head[j], steps + 1
            self._right_edge, self._in_order = right, in_order
        return self._in_order

    def _sizes_and_right_edges(self) -> tuple[list[int], list[int]]:
        """Each word's subtree size and rightmost descendant: children before their heads, in
        the reverse of a breadth-first walk from the roots (linear in the words)."""
        head, children, n = self.head, self.children, self.n
        order = [i for i in range(n) if head[i] == i]
        for word in order:  # grows as it goes: breadth first
            order.extend(children[word])
        size, right = [1] * n, list(range(n))
        if len(order) != n:  # not a forest (no parser makes one): walk up from every word instead
            size = [0] * n
            for i in range(n):
                j, steps = i, 0
                while steps <= n:
                    size[j] += 1
                    if right[j] < i:
                        right[j] = i
                    if head[j] == j:
                        break
                    j, steps = head[j], steps + 1
            return size, right
        for word in reversed(order):
            h = head[word]
            if h != word:
                size[h] += size[word]
                if right[h] < right[word]:
                    right[h] = right[word]
        return size, right

    def sentence(self, i: int) -> tuple[int, int]:
        """(first word, end) of the sentence word `i` is in, as Token.sent gives them."""
        if self._sentence is None:
            n, starts = self.n, self._doc_sent_starts
            if starts is None:
                raise ValueError("the doc has no sentence boundaries")
            bounds: list[tuple[int, int]] = []
            first = 0
            for k in range(1, n):
                if starts[k] == 1:
                    bounds.extend((first, k) for _ in range(first, k))
                    first = k
            bounds.extend((first, n) for _ in range(first, n))
            self._sentence = bounds
        return self._sentence[i]

    def subtree(self, i: int) -> list[int]:
        """A word's subtree in the order Token.subtree gives it (left children's subtrees, the
        word, right children's), without recursion: hostile texts parse into deep trees."""
        if self._runs()[i]:
            return list(range(self.left_edge[i], self._right_edge[i] + 1))
        found: list[int] = []
        stack = [(i, False)]
        while stack:
            node, placed = stack.pop()
            if placed:
                found.append(node)
                continue
            kids = self.children[node]
            stack.extend((c, False) for c in reversed(kids) if c > node)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(kids) if c < node)
        return found


def parse_view(doc) -> ParseView:
    view = doc.user_data.get("dateline_parse_view")
    if view is None:
        view = doc.user_data["dateline_parse_view"] = ParseView(doc)
    return view
