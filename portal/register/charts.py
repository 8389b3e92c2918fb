"""Bar-chart geometry for a report table; the SVG markup itself is a template.

Each row of a table is one horizontal bar, its label on the line above it (long
team names are never cut short), with the charted columns stacked in it. The
chart is a picture of the table beside it: the table is the accessible
equivalent, and the chart's ``<title>``/``<desc>`` say what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from portal.register.tables import Table

WIDTH = 480
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
ROW_GAP = 8
LEGEND_LINE = 18  # one line per series: long (and Welsh) names never overlap
VALUE_ROOM = 48  # space right of the longest bar for its number

# Distinguishable in greyscale too; the legend and the numbers carry the meaning.
SERIES_CLASSES = ("series-a", "series-b", "series-c")
# Each shape carries its fill as well as its class: a page's stylesheet may restyle
# the class (the back office's does), but the SVG must be right on its own, as in
# the PDF, whose renderer does not apply the page's CSS to an inline SVG.
SERIES_FILLS = {"series-a": "#1d70b8", "series-b": "#f47738", "series-c": "#6f2a1d"}


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    css_class: str

    @property
    def fill(self) -> str:
        return SERIES_FILLS[self.css_class]


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: float
    bar_y: float
    segments: tuple[Segment, ...]
    total: int
    total_x: float


@dataclass(frozen=True)
class LegendItem:
    label: str
    y: float
    css_class: str

    @property
    def fill(self) -> str:
        return SERIES_FILLS[self.css_class]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bar_height: int
    top: float
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]


def _charted(table: Table, cells: tuple[object, ...]) -> tuple[int, ...]:
    # Whole numbers only: a mean or a sum of money is not a count to draw.
    return tuple(
        value if isinstance(value, int) and not isinstance(value, bool) else 0
        for value in (cells[i] for i in table.chart_columns)
    )


def bar_chart(table: Table, chart_id: str) -> Chart | None:
    """The chart of a table's counts, or None when it has no whole-number rows to draw."""
    rows = [
        (label, _charted(table, cells))
        for label, cells in table.rows
        if any(isinstance(cells[i], int) for i in table.chart_columns)
    ]
    if not rows:
        return None
    stacked = len(table.chart_columns) > 1
    top = LEGEND_LINE * len(table.chart_columns) + 4 if stacked else 0
    largest = max((sum(values) for _, values in rows), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    bars = []
    y = float(top)
    for label, values in rows:
        segments, x = [], 0.0
        for i, value in enumerate(values):
            width = value * scale
            if value:
                segments.append(Segment(x, width, value, SERIES_CLASSES[i % len(SERIES_CLASSES)]))
            x += width
        bars.append(Bar(label, y + LABEL_HEIGHT - 4, y + LABEL_HEIGHT, tuple(segments),
                        sum(values), x + 4))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    legend = tuple(
        LegendItem(name, i * LEGEND_LINE, SERIES_CLASSES[i])
        for i, name in enumerate(table.chart_series())
    ) if stacked else ()
    return Chart(
        id=chart_id,
        title=table.caption,
        description=describe(table, rows, stacked),
        width=WIDTH,
        height=int(y),
        bar_height=BAR_HEIGHT,
        top=top,
        bars=tuple(bars),
        legend=legend,
    )


def describe(table: Table, rows: list[tuple[str, tuple[int, ...]]], stacked: bool) -> str:
    """The chart's text alternative: every bar and its number, as the table beside it says."""
    series = table.chart_series()
    parts = []
    for label, values in rows:
        if stacked:
            detail = "; ".join(
                gettext("%(series)s %(value)d", series=name, value=value)
                for name, value in zip(series, values, strict=True)
            )
            parts.append(gettext("%(label)s: %(detail)s", label=label, detail=detail))
        else:
            parts.append(gettext("%(label)s: %(value)d", label=label, value=values[0]))
    return gettext(
        "Bar chart of %(series)s. %(bars)s. The same figures are in the table.",
        series=", ".join(series),
        bars=". ".join(parts),
    )
