"""Datelines in the forms wires and papers print them."""

from __future__ import annotations

import pytest

from dateline.nlp.dateline import find_dateline


@pytest.mark.parametrize("text, expected", [
    ("TEHRAN — Former Iranian Ambassador", "TEHRAN"),
    ("WASHINGTON, March 2 - Showers continued", "WASHINGTON"),
    ("BEIRUT/WASHINGTON (Reuters) - The", "BEIRUT/WASHINGTON"),
    ("PALM BEACH, Fla. (AP) — The", "PALM BEACH, Fla."),
    ("DES MOINES, Iowa (AP) — A top aide", "DES MOINES, Iowa"),
    ("SAN'A, Yemen (AP) — Rebels", "SAN'A, Yemen"),
    ("Washington (CNN) If President", "Washington"),
    ("LONDON, Jan 5 (Reuters) - Stocks", "LONDON"),
    ("Jury is split\n\nNEW YORK (AP) — The jury", "NEW YORK"),
    ("U.S. efforts to head off a bank", None),
    ("(Reuters) - Gilead priced", None),
    ("FILE - This May 29, 2019 file photo", None),
    ("U.S. - China talks resumed", None),
    ("The senate voted on Tuesday.", None),
])
def test_find_dateline(text, expected):
    found = find_dateline(text)
    if expected is None:
        assert found is None
    else:
        place, (start, end) = found
        assert place == expected and text[start:end] == expected
