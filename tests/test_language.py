"""The language check: English passes (most of it without asking the model), other languages fail."""

from __future__ import annotations

import pytest

from dateline.nlp.language import LanguageCheck, clearly_english

ENGLISH = ("The government announced on Monday a new package of measures to help families with "
           "the rising price of energy. The prime minister said the aid was needed to protect the "
           "most vulnerable households, and that it would reach them before the winter. The "
           "opposition called the plan too small and asked for a tax cut. Parliament will debate "
           "the proposal in the coming weeks, and the unions, who welcomed it, warned that they "
           "would keep up their protests if wages did not rise with inflation. ") * 2

OTHERS = {
    "de": "Die Bundesregierung hat am Montag in Berlin neue Maßnahmen gegen die steigenden Energiepreise "
          "beschlossen. Der Kanzler sagte, die Entlastungen seien notwendig, um die Wirtschaft zu "
          "stabilisieren und die Bürger in dieser schwierigen Zeit zu unterstützen. Die Opposition "
          "kritisierte das Paket als unzureichend und forderte weitere Schritte. In den kommenden Wochen "
          "soll der Bundestag über die Vorschläge beraten. Es ist noch unklar, wann die Hilfen ankommen. ",
    "nl": "De regering heeft maandag in Den Haag nieuwe maatregelen aangekondigd om de gevolgen van de hoge "
          "energieprijzen te verzachten. De premier zei dat het pakket nodig is om huishoudens in deze "
          "moeilijke tijd te helpen. De oppositie vond het plan onvoldoende. Het is nog niet duidelijk wanneer "
          "de steun bij de mensen terechtkomt. Hij had het plan in maart al aangekondigd, maar het was toen "
          "nog niet af. ",
    "fr": "Le gouvernement a annoncé lundi à Paris un nouveau plan pour soutenir les ménages face à la hausse "
          "des prix de l'énergie. Le Premier ministre a déclaré que ces mesures étaient nécessaires pour "
          "protéger le pouvoir d'achat des Français. L'opposition a critiqué un plan jugé insuffisant et a "
          "demandé des aides plus importantes pour les familles modestes. Le texte sera examiné à l'Assemblée. ",
    "es": "El gobierno anunció el lunes en Madrid un nuevo paquete de medidas para ayudar a las familias ante "
          "la subida de los precios de la energía. El presidente dijo que las ayudas son necesarias para "
          "proteger a los hogares más vulnerables. La oposición criticó el plan por insuficiente y pidió una "
          "rebaja de impuestos. El Congreso debatirá la propuesta en las próximas semanas. ",
}


def test_english_prose_is_clearly_english():
    assert clearly_english(ENGLISH)
    assert not clearly_english("The talks resume on Monday.")  # too few words to tell
    assert not clearly_english("Wheat 1.2 mln tonnes vs 1.1 mln; corn 0.4 vs 0.5 " * 20)  # a table: ask the model


@pytest.mark.parametrize("lang", sorted(OTHERS))
def test_other_languages_are_not_clearly_english_and_are_rejected(lang):
    text = OTHERS[lang] * 2
    assert not clearly_english(text)
    problem = LanguageCheck(min_chars=200, min_prob=0.95).problem(text)
    assert problem is not None and problem.code.value == "E005" and lang in str(problem)


def test_english_passes_either_way():
    check = LanguageCheck(min_chars=200, min_prob=0.95)
    assert check.problem(ENGLISH) is None
    table = "Wheat 1.2 mln tonnes vs 1.1 mln, corn 0.4 mln vs 0.5 mln, rice unchanged, ministry report. " * 10
    assert not clearly_english(table) and check.problem(table) is None  # the model judged it English
