"""Charts drawn on the server as SVG: horizontal bars with their value written beside them (so nothing is told by
colour alone), a title and a description for screen readers (``role="img"``), and always a table beside them with
the same numbers. The text is dark on white (over 12:1), the bars dark blue on white (over 5:1)."""

from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

INK = "#1a1a1a"
BAR = "#01689b"
HIDDEN = "#6b6b6b"
WIDTH = 320  # user units: one unit is one CSS pixel on a phone, the chart grows on wider screens
ROW = 42
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: hidden (a small count), drawn as an outline without length
    text: str  # what is written beside the bar: "12", "<5", "64%"


def bar_chart(title: str, description: str, bars: list[Bar], *, maximum: float | None = None) -> str:
    number = next(_ids)
    values = [bar.value for bar in bars if bar.value is not None]
    if bars and not values:
        # Every bar is a small or hidden count: a chart of empty outlines says nothing, a sentence does.
        return mark_safe(  # noqa: S308 - the text is escaped
            '<p class="ovs-small">'
            + escape(
                _(
                    "%(title)s: every number here is under 5 or hidden, so there is no chart; "
                    "the table shows what may be shown."
                )
                % {"title": title}
            )
            + "</p>"
        )
    top = maximum if maximum is not None else max(values, default=0) or 1
    label_width = WIDTH - 60
    height = ROW * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ovs-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="chart-{number}-title chart-{number}-desc" focusable="false">',
        f'<title id="chart-{number}-title">{escape(title)}</title>',
        f'<desc id="chart-{number}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = index * ROW + 4
        parts.append(f'<text x="0" y="{y + 13}" font-size="13" fill="{INK}">{escape(bar.label)}</text>')
        if bar.value is None:
            parts.append(
                f'<rect x="0.5" y="{y + 18.5}" width="24" height="15" fill="none" stroke="{HIDDEN}" '
                f'stroke-dasharray="3 2"/>'
            )
            text_x = 30
        else:
            length = round(label_width * (bar.value / top), 1) if top else 0
            parts.append(f'<rect x="0" y="{y + 18}" width="{max(length, 1)}" height="16" fill="{BAR}"/>')
            text_x = max(length, 1) + 6
        parts.append(
            f'<text x="{text_x}" y="{y + 31}" font-size="13" font-weight="700" fill="{INK}">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
