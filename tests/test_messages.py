"""The interface's message catalogues: current with the engine, complete, and formatting by locale."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from explainer.render.messages import LOCALES_DIR, CatalogueError, load_messages
from explainer.render.wording import number_range
from explainer.tools.messages import TEMPLATE, untranslated, update

SHIPPED = sorted(path.stem for path in LOCALES_DIR.glob("*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def test_the_template_and_every_catalogue_are_current_with_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert update(check=True) == 0, capsys.readouterr().out


def test_english_and_korean_ship() -> None:
    assert {"en", "ko"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED if lang != "en"])
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    path = LOCALES_DIR / f"{lang}.po"
    assert untranslated(path) == []
    with path.open("rb") as stream:
        catalogue = read_po(stream)
    with TEMPLATE.open("rb") as stream:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(stream) if m.id}
    seen = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        seen.add(ids[0])
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, (ids[0], text)
    assert template <= seen


def test_dates_numbers_and_ranges_follow_the_locale() -> None:
    ko, en = load_messages("ko", "ko_KR"), load_messages("en", "en_GB")
    assert ko.date("2024-04-26") == "2024년 4월 26일"
    assert en.date("2024-04-26") == "26 April 2024"
    assert ko.date("2024-04") == "2024년 4월"  # a month stays a month
    assert en.date("2024-04") == "April 2024"
    assert ko.date("2024") == "2024년"
    assert number_range(50, 60, ko) == "50–60"  # one way of writing a range in every edition (issue 16)
    assert number_range(1500, 2000, en) == "1,500–2,000"


def test_a_language_without_a_catalogue_is_an_error() -> None:
    with pytest.raises(CatalogueError, match="xx"):
        load_messages("xx", None)
