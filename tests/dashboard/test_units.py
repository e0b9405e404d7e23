import pytest

from dashboard.units import scale_for, value_text


@pytest.mark.parametrize(
    "value, unit, comparator, expected",
    [
        (10e9, "USD", "more_than", "more than US$ 10 bn"),
        (2.5e9, "USD", "equal", "US$ 2.5 bn"),
        (850e6, "USD", "about", "about US$ 850 mn"),
        (1.2e12, "USD", "at_least", "at least US$ 1.2 tn"),
        (500, "USD", "equal", "US$ 500"),
        (1000, "count", "more_than", "more than 1,000"),
        (-27, "percent", "equal", "-27 %"),
        (50000, "vehicle / year", "equal", "50,000 vehicles per year"),
    ],
)
def test_value_text_reads_like_a_briefing(value, unit, comparator, expected):
    assert value_text(value, unit, comparator) == expected


def test_scale_picks_billions_for_billions_and_keeps_counts():
    usd = scale_for("USD", [1e9, 2.5e10])
    assert usd.label == "US$ bn"
    assert list(usd.convert([1e9, 2.5e10])) == [1.0, 25.0]
    assert scale_for("USD", [3e6]).label == "US$ mn"
    count = scale_for("count", [5, 12000])
    assert count.label == "count" and count.convert([5]) == [5]
