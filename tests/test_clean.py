from pathlib import Path

import pytest

from tacitus.clean import clean, detect_language, parse_date_line
from tacitus.errors import EmptyInput, NotEnglish

from conftest import ARTICLES, ROOT


def test_clean_scraped_page_metadata_and_story_only() -> None:
    page = (ARTICLES / "scraped_somalia_airfield.txt").read_text(encoding="utf-8")
    c = clean(page)
    assert c.title == "Al Shabaab says it shelled Somali airfield; Islamic State faction denies role"
    assert c.author == "Halima Yusuf"
    assert c.published == "2025-03-12"
    assert c.section == "Africa"
    assert c.text.startswith("Al Shabaab said on Tuesday")
    assert c.text.rstrip().endswith("according to the U.S. military.")
    for furniture in ("Photo shows", "min read", "Profile picture", "NEWSLETTER", "Sign up", "covers security"):
        assert furniture not in c.text


def test_clean_sahel_demo_page_drops_caption_and_blank_lines() -> None:
    c = clean((ROOT / "examples/articles/01_sahel_scraped_page.txt").read_text(encoding="utf-8"))
    assert c.published == "2024-10-15"
    assert c.author == "Ousmane Traoré"
    assert "Image of" not in c.text and "Photo shows" not in c.text
    assert c.text.startswith("The al-Qaeda-affiliated")


@pytest.mark.parametrize("line,iso", [
    ("Aug. 07, 2024 • 2 min read", "2024-08-07"),
    ("7 August 2024 10:42 GMT", "2024-08-07"),
    ("Updated: 2023-11-02", "2023-11-02"),
    ("Published Tuesday, March 4, 2025", "2025-03-04"),
])
def test_parse_date_line_forms(line: str, iso: str) -> None:
    assert parse_date_line(line) == iso


def test_parse_date_line_rejects_story_sentence() -> None:
    assert parse_date_line("On August 7, 2024 gunmen attacked a convoy near the border crossing.") is None


def test_clean_html_uses_trafilatura_metadata() -> None:
    c = clean((ROOT / "examples/articles/03_ukraine_strikes.html").read_text(encoding="utf-8"))
    assert c.title and "Dnipro" in c.title
    assert c.published == "2025-06-26"
    assert "<" not in c.text


def test_clean_rejects_empty_and_furniture_only() -> None:
    with pytest.raises(EmptyInput):
        clean("   \n\t ")
    with pytest.raises(EmptyInput):
        clean("News\nShare\nTweet\n")


def test_detect_language_english_and_others() -> None:
    assert detect_language("Gunmen killed three people at a market in the north of the country on Sunday, police said.") == "en"
    assert detect_language("Des hommes armés ont tué trois personnes sur un marché dans le nord du pays dimanche, selon la police.") == "fr"
    with pytest.raises(NotEnglish):
        clean("Hombres armados mataron a tres personas en un mercado del norte del país el domingo, según la policía local.")


@pytest.mark.parametrize("text", ["Herders' militia attacks Kabarnet village", "Gunmen kill Dutch engineer",
                                  "Bandits raid cattle post; kill two"])
def test_a_short_english_headline_is_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["Watu wenye silaha walishambulia kijiji", "Gewapende mannen vielen het dorp aan",
                                  "Protesta de maestros en Oaxaca", "Na so dem take kill di man"])
def test_a_short_text_in_another_language_is_not(text: str) -> None:
    assert detect_language(text) != "en"
