"""Figure builders: frames in, figures out; assertions on fig.data, not pixels (#11: plain legends, claims in front)."""
import pandas as pd
import pytest

from dashboard.figures import add_source_note, by_country_figure, by_year_figure, by_year_spec, source_note_text
from etl.schema import COLUMNS


def _row(**kw):
    base = {c: "" for c in COLUMNS} | {"indicator": "trade_turnover", "partner": "KOR", "unit": "USD", "comparator": "equal", "method": "text"}
    return base | {"period": str(kw["year"])} | kw


DF = pd.DataFrame([
    _row(id="u19", country="UZB", year=2019, value=3.2e9, published="2020-01-01", source_id="a", publisher="Ministry"),
    _row(id="u21", country="UZB", year=2021, value=2.5e9, comparator="more_than", published="2022-01-01", source_id="b", publisher="Daryo"),
    _row(id="u21b", country="UZB", year=2021, value=2.6e9, published="2021-12-01", source_id="c", publisher="Kun.uz"),
    _row(id="uh", country="UZB", year=2023, period="2023-01/2023-06", value=3.1e9, published="2023-07-20", source_id="d", publisher="ISRS"),
    _row(id="k21", country="KAZ", year=2021, value=4.1e9, comparator="about", published="2022-01-01", source_id="b", publisher="Daryo"),
    _row(id="s19", country="UZB", year=2019, value=3.3e9, method="statistics", source_id="kcs-trade-annual", publisher="KCS", published="2025-01-01"),
    _row(id="s21", country="UZB", year=2021, value=2.6e9, method="statistics", source_id="kcs-trade-annual", publisher="KCS", published="2025-01-01"),
    _row(id="i19", country="UZB", year=2019, value=3.0e9, method="statistics", source_id="imf-dots-partner-reported", publisher="IMF", published="2025-01-01"),
    _row(id="i21", country="UZB", year=2021, value=2.4e9, method="statistics", source_id="imf-dots-partner-reported", publisher="IMF", published="2025-01-01"),
])


def _traces(fig, word):
    return [t for t in fig.data if t.name and word in t.name]


def _role(fig, role, country="UZB"):
    return [t for t in fig.data if t.meta and t.meta.get("role") == role and t.meta.get("country") == country]


def _line(fig, country="UZB"):
    return _role(fig, "claims", country)[0]


def _ids(fig):
    return [i for t in fig.data for i in (t.customdata or []) if i is not None]


@pytest.fixture(scope="module")
def fig():
    return by_year_figure(DF, indicator="trade_turnover", countries=["UZB", "KAZ"])


def test_every_row_is_a_point_once(fig):
    assert sorted(_ids(fig)) == sorted(DF["id"])


def test_one_line_per_country_through_whole_year_claims(fig):
    uzb = _line(fig)
    assert "lines" in uzb.mode and uzb.name == "Uzbekistan · press claims"
    assert list(uzb.customdata) == ["u19", None, "u21"]  # the gap year 2020 breaks the line
    assert list(uzb.x) == [2019, None, 2021]
    assert _line(fig, "KAZ").name == "Kazakhstan · press claims"


def test_several_sources_for_one_point_are_all_drawn(fig):
    others = _role(fig, "claims-other")
    assert len(others) == 1 and list(others[0].customdata) == ["u21b"]
    assert others[0].x[0] != 2021 and abs(others[0].x[0] - 2021) < 0.5  # beside the line's point, not hidden under it


def test_part_of_a_year_is_never_on_a_line_and_is_labelled(fig):
    for t in fig.data:
        if t.mode and "lines" in t.mode:
            assert "uh" not in list(t.customdata or [])
    partial = _role(fig, "claims-partial")[0]
    assert list(partial.customdata) == ["uh"] and list(partial.text) == ["Jan–Jun 2023"]
    assert partial.textposition[0] == "top left" and partial.cliponaxis is False  # at the right edge: not cut off
    assert "lines" not in partial.mode


def test_bounds_are_drawn_distinctly_with_a_legend_note(fig):
    uzb = _line(fig)
    i = list(uzb.customdata).index("u21")
    assert uzb.marker.symbol[i] == "triangle-up-open"
    assert "more than US$ 2.5 bn" in uzb.hovertext[i]
    kaz = _line(fig, "KAZ")
    assert kaz.marker.symbol[0] == "diamond-open" and "about US$ 4.1 bn" in kaz.hovertext[0]
    notes = [t for t in fig.data if t.legendgroup == "notes"]
    assert any("more than" in t.name for t in notes) and any("about" in t.name for t in notes)
    assert all(t.legendrank < min(u.legendrank for u in fig.data if u.legendgroup != "notes") for t in notes)  # key first


def test_hover_gives_value_year_publisher_and_date(fig):
    uzb = _line(fig)
    hover = uzb.hovertext[list(uzb.customdata).index("u21")]
    assert "2021" in hover and "Daryo" in hover and "2022-01-01" in hover


def test_statistics_are_a_line_per_country_and_series_never_blended(fig):
    official = _role(fig, "official")
    # no metadata here: the series is named by its publisher, its reporter read from its id
    assert sorted(t.name for t in official) == ["Uzbekistan · IMF (Uzbekistan-reported)", "Uzbekistan · KCS"]
    for t in official:
        assert "lines" in t.mode and t.line.dash in ("dot", "dash", "dashdot", "longdash")
        assert len({i[0] for i in t.customdata if i}) == 1  # s… or i…: one series per trace


def test_claims_are_drawn_over_the_official_lines(fig):
    roles = [t.meta["role"] for t in fig.data if t.meta]
    last_official = max(i for i, r in enumerate(roles) if r.startswith("official"))
    first_claim = min(i for i, r in enumerate(roles) if r.startswith("claims"))
    assert last_official < first_claim  # later traces are drawn on top
    assert _line(fig).line.width > max(t.line.width for t in _role(fig, "official"))


def test_one_legend_entry_per_country_and_series():
    df = pd.concat([DF, pd.DataFrame([_row(id="s23", country="UZB", year=2023, period="2023-01/2023-05", value=2e9,
                                           method="statistics", source_id="kcs-trade-monthly-korea-reported",
                                           publisher="Korea Customs Service", published="2025-01-01"),
                                      _row(id="s22", country="UZB", year=2022, value=6e9, method="statistics",
                                           source_id="kcs-imf-trade-annual-korea-reported",
                                           publisher="Korea Customs Service; IMF DOTS (1992-1999)", published="2025-01-01")])])
    shown = [t.name for t in by_year_figure(df).data if t.showlegend is not False]
    assert shown.count("Uzbekistan · Korea Customs (Korea-reported)") == 1  # two Korea-reported files, one entry
    assert shown.count("Uzbekistan · press claims") == 1


def test_phone_layout_puts_the_legend_below():
    f = by_year_figure(DF, compact=True)
    assert f.layout.legend.orientation == "h" and f.layout.legend.y < 0
    assert f.layout.margin.l <= 50 and f.layout.height > 460


def test_source_note_is_inside_the_figure():
    spec = add_source_note(by_year_spec(DF), source_note_text(DF))
    note = spec["layout"]["annotations"][-1]
    assert note["text"].startswith("Sources: press (Daryo, Ministry, Kun.uz and 1 more); IMF (Uzbekistan-reported); KCS.")
    assert spec["layout"]["margin"]["b"] > 50  # room made for it under the plot
    assert add_source_note(by_year_spec(DF.iloc[0:0]), "x")["layout"].get("annotations")[0]["text"] != "x"
    hostile = add_source_note(by_year_spec(DF), "Sources: <script>x</script>")
    assert "<script>" not in hostile["layout"]["annotations"][-1]["text"]


def test_value_axis_in_readable_units(fig):
    assert fig.layout.yaxis.title.text == "Trade turnover, US$ bn"
    assert _line(fig).y[0] == pytest.approx(3.2)


def test_counts_stay_counts():
    df = pd.DataFrame([_row(id="j", indicator="joint_ventures", country="UZB", year=2023, value=1000, unit="count", comparator="more_than")])
    f = by_year_figure(df)
    assert f.layout.yaxis.title.text == "Joint ventures, count"
    assert f.data[0].y[0] == 1000


def test_empty_selection_says_so():
    f = by_year_figure(DF.iloc[0:0], empty_message="No figures of Exports for Tajikistan.")
    assert f.layout.meta["empty"] is True
    assert f.layout.annotations[0].text == "No figures of Exports for Tajikistan."
    assert f.layout.xaxis.visible is False and len(f.data) == 0


def test_hover_escapes_source_text():
    df = pd.DataFrame([_row(id="x", country="UZB", year=2020, value=1e9, publisher="<script>alert(1)</script>", stated="<b>1</b>")])
    hover = by_year_figure(df).data[0].hovertext[0]
    assert "<script>" not in hover and "&lt;script&gt;" in hover


def test_by_country_defaults_to_latest_whole_year():
    f = by_country_figure(DF, countries=["UZB", "KAZ"])
    assert f.layout.meta["year"] == 2021
    bars = [t for t in f.data if t.type == "bar"]
    claim = [t for t in bars if t.meta["role"] == "claims"][0]
    assert list(claim.customdata) == ["u21", "k21"] and claim.name == "press claim (latest source)"
    assert sorted(t.name for t in bars if t.meta["role"] == "official") == ["IMF (Uzbekistan-reported)", "KCS"]
    assert "u21b" in _ids(f)  # the other source is a marker, not dropped


def test_by_country_chosen_year():
    f = by_country_figure(DF, year=2019)
    assert f.layout.meta["year"] == 2019 and "u19" in _ids(f) and "u21" not in _ids(f)
    assert by_country_figure(DF, year=1999).layout.meta["empty"] is True


def test_many_part_of_year_points_drop_their_text_labels_but_keep_the_period_in_hover():
    from dashboard.figures import LABEL_LIMIT

    many = pd.DataFrame([
        _row(id=f"p{i}", country="UZB", year=2000 + i, period=f"{2000 + i}-01/{2000 + i}-06", value=1e9, source_id=f"s{i}")
        for i in range(LABEL_LIMIT + 1)
    ])
    partial = _role(by_year_figure(many), "claims-partial")[0]
    assert partial.mode == "markers" and "Jan–Jun 2000" in partial.hovertext[0]
    assert _role(by_year_figure(many.head(3)), "claims-partial")[0].mode == "markers+text"
