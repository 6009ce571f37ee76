import pytest

from tacitus.numbers import parse_count


@pytest.mark.parametrize("text,value", [
    ("at least 12", 12), ("five", 5), ("twenty-one", 21), ("1,200", 1200), ("a dozen", 12),
    ("more than 40", 40), ("one hundred and five", 105), ("two thousand", 2000), ("no one", 0),
])
def test_parse_count_values(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["dozens", "several", "scores", "hundreds", "many", "a few", "the"])
def test_parse_count_vague_is_unknown(text: str) -> None:
    assert parse_count(text) is None
