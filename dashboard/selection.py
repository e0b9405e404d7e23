"""The rows of a selection, read from the columnar copy: a SQL query per question, only what a request shows (#12).

A selection (:class:`~dashboard.data.Filters`) is a WHERE clause over the copy sorted in the contract's order, so
DuckDB reads only the row groups of its indicator and countries; how many figures it holds is known before any
row is read (:func:`count`, from the table's facts). What a chart draws depends on that number (:func:`view`):

- up to :data:`DETAIL_LIMIT`, every figure is a point of its own, linked to its sentence;
- beyond, each country's line (one claim per year) and the official series stay points (past
  :data:`OFFICIAL_LIMIT` official values, those become ranges too), and the other claims of each country and year
  become one range: how many, the lowest, the median and the highest. Every figure is still one click away in
  the table below, which pages through the selection on the server (:func:`page`).

Only :mod:`dashboard.data` and this module read the tables; views and figures get frames.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .data import Bundle, Filters, check_lines, dress
from .records import CHECK_FIELDS, period_texts, text_column, texts, value_texts, values

DETAIL_LIMIT = 1_000  # a selection with more figures than this draws ranges for the other claims
OFFICIAL_LIMIT = 1_000  # official values beyond this are drawn as ranges too
KINDS = ("other", "partial", "official")  # what a range gathers: other whole-year claims, part-year claims, a series


@dataclass(frozen=True)
class View:
    """What the charts of a selection draw, and what is said about it."""

    rows: pd.DataFrame  # the figures drawn one by one (dressed)
    summary: pd.DataFrame | None  # country, year, kind, source_id, n, lo, mid, hi, _country_name; None: none
    total: int = 0
    claims: int = 0
    years: tuple[int, ...] = ()  # years with figures, latest first
    latest: int | None = None  # the latest year with a whole-year figure (or any)
    publishers: tuple[str, ...] = ()  # of the claims, in the table's order
    official_sources: tuple[str, ...] = ()  # the official series, in the table's order
    series_labels: tuple[str, ...] = ()  # their names in words, in the same order


def where(bundle: Bundle, filters: Filters) -> tuple[str, list]:
    """The WHERE clause (and its parameters) of a selection; every value is a parameter."""
    if not filters.countries:
        return "false", []
    clauses = ["indicator = ?", f"country IN ({', '.join('?' * len(filters.countries))})", "year BETWEEN ? AND ?"]
    params: list = [filters.indicator, *filters.countries, int(filters.years[0]), int(filters.years[1])]
    if filters.partner:
        clauses.append("partner = ?")
        params.append(filters.partner)
    if filters.official == "none":
        clauses.append("_claim")
    elif filters.official == "korea":
        wanted = [k for k in bundle.series.primary_of(filters.indicator) if k[0] in filters.countries]
        ors = " OR ".join("(country = ? AND partner = ? AND source_id = ?)" for _ in wanted)
        clauses.append(f"(_claim OR {ors})" if wanted else "_claim")
        params += [x for key in wanted for x in key]
    return " AND ".join(clauses), params


def checks_where(filters: Filters, alias: str = "") -> tuple[str, list]:
    """The WHERE clause of the checks of a selection's claims: checks.csv repeats each claim's indicator, country,
    partner and year, and its copy is sorted by them, so DuckDB reads only the row groups of the selection."""
    if not filters.countries:
        return "false", []
    a = f"{alias}." if alias else ""
    sql = (f"{a}indicator = ? AND {a}country IN ({', '.join('?' * len(filters.countries))}) "
           f"AND {a}year BETWEEN ? AND ?")
    params: list = [filters.indicator, *filters.countries, int(filters.years[0]), int(filters.years[1])]
    if filters.partner:
        sql += f" AND {a}partner = ?"
        params.append(filters.partner)
    return sql, params


FIGURE_FIELDS = ("id", "indicator", "country", "partner", "year", "period", "value", "unit", "comparator", "stated",
                 "source_id", "publisher", "published", "_claim", "_partial", "_main", "_country_name")  # what charts read


def select(bundle: Bundle, filters: Filters, extra: str = "", params: list | tuple = (), *, order: str = "_n",
           limit: int | None = None, offset: int = 0, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The selection's rows (all columns and flags, or ``columns``; not dressed), ``extra`` ANDed to its WHERE."""
    sql, args = where(bundle, filters)
    if extra:
        sql, args = f"{sql} AND ({extra})", [*args, *params]
    tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    cols = f"{', '.join(columns)}, _n" if columns else "*"
    return bundle.engine.df(f"SELECT {cols} FROM rows WHERE {sql} ORDER BY {order}{tail}", args).drop(columns="_n")


def drawn(bundle: Bundle, filters: Filters, extra: str = "") -> pd.DataFrame:
    """The rows a chart draws one by one, each claim beside its check (one query), dressed."""
    sql, args = where(bundle, filters)
    if extra:
        sql = f"{sql} AND ({extra})"
    if not bundle.has_checks:
        return dress(bundle.engine.df(f"SELECT {', '.join(FIGURE_FIELDS)} FROM rows WHERE {sql} ORDER BY _n", args),
                     bundle.series)
    csql, cargs = checks_where(filters)
    df = bundle.engine.df(
        f"SELECT r.* EXCLUDE (_n), {', '.join(f'c.{c}' for c in CHECK_FIELDS)} FROM "
        f"(SELECT {', '.join(FIGURE_FIELDS)}, _n FROM rows WHERE {sql}) r LEFT JOIN "
        f"(SELECT id, {', '.join(CHECK_FIELDS)} FROM checks WHERE {csql}) c ON c.id = r.id AND r._claim ORDER BY r._n",
        [*args, *cargs])
    return dress(df, bundle.series)


def dressed(bundle: Bundle, df: pd.DataFrame, *, checks: bool = True) -> pd.DataFrame:
    """Rows with their words; with ``checks``, the claims with the hover lines of their checks (looked up by each
    claim's indicator, country, partner, year and id)."""
    lines = {}
    claims = df[df["_claim"]] if len(df) and checks and bundle.has_checks else df.iloc[:0]
    if len(claims):
        found = bundle.engine.df(
            "SELECT * FROM checks WHERE list_contains(?, indicator) AND list_contains(?, country) "
            "AND list_contains(?, id)", [sorted(set(texts(claims[c]))) for c in ("indicator", "country", "id")])
        lines = check_lines(found)
    return dress(df, bundle.series, lines, hover=checks)


def years_of(bundle: Bundle, filters: Filters) -> list[int]:
    """The years a selection has figures for, latest first."""
    return list(count(bundle, filters).years)


def count(bundle: Bundle, filters: Filters):
    """How many figures a selection holds (:meth:`dashboard.facts.Facts.count`), without reading a row."""
    return bundle.facts.count(filters, set(bundle.series.primary_of(filters.indicator)))


def rows(bundle: Bundle, filters: Filters) -> pd.DataFrame:
    """Every row of a selection, dressed (slides, the embed)."""
    return dressed(bundle, select(bundle, filters))


def view(bundle: Bundle, filters: Filters) -> View:
    """What the charts of a selection draw (see the module docstring): one query, or four past
    :data:`DETAIL_LIMIT` figures; how many there are is counted from the table's :class:`~dashboard.facts.Facts`."""
    sql, args = where(bundle, filters)
    counted = count(bundle, filters)
    total, claims, official = counted.total, counted.claims, counted.official
    if not total:
        return View(dress(select(bundle, replace(filters, countries=()), columns=FIGURE_FIELDS), bundle.series), None)
    common = dict(total=total, claims=claims, years=counted.years, latest=counted.latest)
    if total <= DETAIL_LIMIT:
        df = drawn(bundle, filters)
        series = list(zip(values(df.loc[~df["_claim"], "source_id"]), values(df.loc[~df["_claim"], "country"])))
        return View(df, None, **common, **_named(bundle, values(df.loc[df["_claim"], "publisher"]), series))
    # the claims' publishers and the official series, each once, in the table's order: one query
    named = bundle.engine.rows(f"SELECT _claim, CASE WHEN _claim THEN publisher ELSE source_id END, CASE WHEN _claim "
                               f"THEN '' ELSE country END, min(_n) AS first FROM rows WHERE {sql} GROUP BY ALL "
                               "ORDER BY first", args)
    official_each = official <= OFFICIAL_LIMIT
    df = drawn(bundle, filters, "_main OR NOT _claim" if official_each else "_main")
    ranged = "NOT _main AND _claim" if official_each else "NOT _main"
    summary = bundle.engine.df(f"""SELECT country, year,
            CASE WHEN NOT _claim THEN 'official' WHEN _partial THEN 'partial' ELSE 'other' END AS kind,
            CASE WHEN _claim THEN '' ELSE source_id END AS source_id, count(*) AS n, min(value) AS lo,
            quantile_cont(value, 0.5) AS mid, max(value) AS hi, any_value(_country_name) AS _country_name
        FROM rows WHERE {sql} AND {ranged} GROUP BY ALL ORDER BY country, year, kind, source_id""", args)
    summary["_series"] = text_column([bundle.series.labels.get(k, "") for k in zip(values(summary["source_id"]),
                                                                                   values(summary["country"]))],
                                     summary.index)
    return View(df, summary, **common, **_named(bundle, [r[1] for r in named if r[0]],
                                                [(r[1], r[2]) for r in named if not r[0]]))


def _named(bundle: Bundle, publishers: list, series: list) -> dict:
    """The publishers and official series of a view, each once, in the table's order."""
    return dict(publishers=tuple(dict.fromkeys(str(p) for p in publishers)),
                official_sources=tuple(dict.fromkeys(str(s) for s, _ in series)),
                series_labels=tuple(dict.fromkeys(x for k in series if (x := bundle.series.labels.get(k, "")))))


# ---------------------------------------------------------------- one row, one source


def observation(bundle: Bundle, obs_id: str | None) -> dict | None:
    """One dressed row as a dict, by observation id (None when unknown): two reads of one row group each."""
    if not obs_id:
        return None
    found = bundle.engine.rows("SELECT _n FROM ids WHERE id = ? LIMIT 1", [str(obs_id)])
    if not found:
        return None
    df = bundle.engine.df("SELECT * FROM rows WHERE _n = ?", [found[0][0]]).drop(columns="_n")
    return dressed(bundle, df).iloc[0].to_dict()


def check_of(bundle: Bundle, row: dict) -> dict | None:
    """The checks.csv row of a claim (a dressed row), or None."""
    if not bundle.has_checks:
        return None
    df = bundle.engine.df("SELECT * FROM checks WHERE indicator = ? AND country = ? AND partner = ? AND year = ? "
                          "AND id = ? LIMIT 1", [str(row["indicator"]), str(row["country"]), str(row["partner"]),
                                                 int(row["year"]), str(row["id"])])
    return df.iloc[0].to_dict() if len(df) else None


def rows_of_source(bundle: Bundle, source_id: str) -> pd.DataFrame:
    """The observations a source gives, dressed."""
    df = bundle.engine.df("SELECT * FROM rows WHERE source_id = ? ORDER BY _n", [source_id]).drop(columns="_n")
    return dressed(bundle, df)


# ---------------------------------------------------------------- claims beside their checks

CLAIM_FIELDS = ("id", "indicator", "country", "partner", "year", "period", "value", "unit", "comparator", "stated",
                "source_id", "publisher", "published", "_country_name", "_partial", "_claim")
CHECK_ONLY = ("verdict", "reason", "statistic_source_id", "statistic_publisher", "statistic_reporter",
              "statistic_period", "statistic_value", "margin_pct", "tolerance_pct", "other_source_id",
              "other_reporter", "other_value", "other_margin_pct")


def claims_sql(bundle: Bundle, filters: Filters) -> tuple[str, list]:
    """A query of the selection's claims, each beside its checks.csv verdict and official values (unchecked
    claims kept; without checks.csv the check columns are empty); the checks' own ``note`` is ``check_note``."""
    sql, args = where(bundle, replace(filters, official="none"))
    csql, cargs = checks_where(filters)
    checks = ", ".join(f"c.{c}" for c in CHECK_ONLY)
    return (f"SELECT r.*, {checks}, c.note AS check_note FROM (SELECT {', '.join(CLAIM_FIELDS)}, _n FROM rows "
            f"WHERE {sql}) r LEFT JOIN (SELECT * FROM checks WHERE {csql}) c ON c.id = r.id"), [*args, *cargs]


def claim_checks(bundle: Bundle, filters: Filters) -> pd.DataFrame:
    """Every claim of a selection with its checks (see :func:`claims_sql`), in the table's order."""
    sql, args = claims_sql(bundle, filters)
    return dressed_claims(bundle, bundle.engine.df(f"SELECT * FROM ({sql}) ORDER BY _n", args))


def dressed_claims(bundle: Bundle, df: pd.DataFrame) -> pd.DataFrame:
    df = df.drop(columns="_n")
    text = [c for c in (*CHECK_ONLY, "check_note") if df[c].dtype == object or str(df[c].dtype).startswith("str")]
    df[text] = df[text].fillna("")
    return df.assign(_period_label=text_column(period_texts(df), df.index),
                     _value_text=text_column(value_texts(df), df.index))


def checks_of(bundle: Bundle, filters: Filters) -> pd.DataFrame:
    """The checks.csv rows of a selection's claims (what the Table tab's download holds)."""
    sql, args = where(bundle, replace(filters, official="none"))
    csql, cargs = checks_where(filters, "c")
    return bundle.engine.df(f"SELECT c.* FROM checks c SEMI JOIN (SELECT id FROM rows WHERE {sql}) r ON c.id = r.id "
                            f"WHERE {csql} ORDER BY c.indicator, c.country, c.partner, c.year, c.source_id, c.id",
                            [*args, *cargs])


def verdict_counts(bundle: Bundle, filters: Filters) -> tuple[int, dict[str, int]]:
    """(claims, verdict -> claims, most first) of a selection; "" for a claim without a check."""
    sql, args = claims_sql(bundle, filters)
    counts = bundle.engine.rows(f"SELECT coalesce(verdict, ''), count(*) FROM ({sql}) GROUP BY 1 ORDER BY 2 DESC, 1", args)
    return sum(n for _, n in counts), dict(counts)


# ---------------------------------------------------------------- a block of rows for a server-side grid

# grid field -> (ORDER BY expressions, filter expression, filter kind): what the server sorts and filters by; a
# field shown in words sorts by the value behind them and is filtered only where the words are in the table
ROW_FIELDS = {
    "_country_name": (("_country_name",), "_country_name", "text"), "year": (("year",), "year", "number"),
    "_period_label": (("year", "period"), None, None), "_value_text": (("value",), None, None),
    "value": (("value",), "value", "number"), "_series": (("source_id",), None, None),
    "_when": (("published",), None, None),
    **{f: ((f,), f, "text") for f in ("unit", "comparator", "method", "publisher", "source_title", "quote", "stated",
                                    "url", "note", "source_id", "id")},
}
_KOREA = "CASE WHEN statistic_reporter = 'KOR' THEN statistic_value WHEN other_reporter = 'KOR' THEN other_value END"
_PARTNER = ("CASE WHEN coalesce(statistic_reporter, '') NOT IN ('', 'KOR') THEN statistic_value "
            "WHEN coalesce(other_reporter, '') NOT IN ('', 'KOR') THEN other_value END")


def _verdict_words() -> str:
    from .labels import NOT_CHECKED, VERDICT_WORDS

    cases = " ".join(f"WHEN '{k}' THEN '{v.replace(chr(39), chr(39) * 2)}'" for k, v in VERDICT_WORDS.items())
    return f"CASE coalesce(verdict, '') {cases} WHEN '' THEN '{NOT_CHECKED}' ELSE verdict END"


CLAIM_FIELDS_OF_GRID = {
    "country": (("_country_name",), "_country_name", "text"), "year": (("year",), "year", "number"),
    "period": (("year", "period"), None, None), "claim": (("value",), None, None),
    "korea": ((_KOREA,), None, None), "partner": ((_PARTNER,), None, None),
    "margin": (("abs(margin_pct)",), "margin_pct", "number"),
    "verdict": ((_verdict_words(),), _verdict_words(), "text"),
    **{f: ((f,), f, "text") for f in ("publisher", "published", "reason", "stated", "id")},
}
_TEXT = {"contains": ("{e} ILIKE ? ESCAPE '\\'", "%{v}%"), "notContains": ("NOT ({e} ILIKE ? ESCAPE '\\')", "%{v}%"),
         "startsWith": ("{e} ILIKE ? ESCAPE '\\'", "{v}%"), "endsWith": ("{e} ILIKE ? ESCAPE '\\'", "%{v}"),
         "equals": ("lower({e}) = lower(?)", None), "notEqual": ("lower({e}) <> lower(?)", None)}
_NUMBER = {"equals": "=", "notEqual": "<>", "lessThan": "<", "lessThanOrEqual": "<=", "greaterThan": ">",
           "greaterThanOrEqual": ">="}


def _condition(expr: str, kind: str, condition: tuple) -> tuple[str, list] | None:
    what, op, a, b = condition
    if what != kind:
        return None
    if op in ("blank", "notBlank"):
        empty = f" OR {expr} = ''" if kind == "text" else ""
        blank = f"({expr} IS NULL{empty})"
        return (blank if op == "blank" else f"NOT {blank}"), []
    if kind == "text":
        sql, pattern = _TEXT[op]
        escaped = a.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return sql.format(e=expr), [pattern.format(v=escaped) if pattern else a]
    if op == "inRange":
        return f"({expr} > ? AND {expr} < ?)", [min(a, b), max(a, b)]
    return f"{expr} {_NUMBER[op]} ?", [a]


def grid_where(request, fields: dict) -> tuple[str, list]:
    """The WHERE clause of a grid's (cleaned) column filters over ``fields``."""
    clauses, params = ["true"], []
    for field, operator, conditions in request.filters:
        _, expr, kind = fields.get(field, (None, None, None))
        parts = [c for c in (_condition(expr, kind, x) for x in conditions) if c] if expr else []
        if parts:
            clauses.append("(" + f" {operator} ".join(p for p, _ in parts) + ")")
            params += [x for _, args in parts for x in args]
    return " AND ".join(clauses), params


def page(bundle: Bundle, sql: str, args: list, request, fields: dict) -> tuple[pd.DataFrame, int]:
    """One block of the rows of ``sql`` (a query with ``_n``), sorted and filtered as the grid asks, and how
    many rows the filtered query holds."""
    cond, params = grid_where(request, fields)
    order = [f"{part} {direction} NULLS LAST" for field, direction in request.sort if field in fields
             for part in fields[field][0]]
    base = f"FROM ({sql}) WHERE {cond}"
    total = bundle.engine.rows(f"SELECT count(*) {base}", [*args, *params])[0][0]
    df = bundle.engine.df(f"SELECT * {base} ORDER BY {', '.join([*order, '_n'])} "
                          f"LIMIT {request.end - request.start} OFFSET {request.start}", [*args, *params])
    return df, int(total)
