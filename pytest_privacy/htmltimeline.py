"""A visit's timeline as inline SVG: what loaded and was set along the time axis, one lane per
category, the consent action marked.

Requests are circles at RequestRecord.time_ms, cookies squares at CookieRecord.seen_ms, the
click a vertical line at ConsentAction.at_ms; marks from before the consent action are hollow
(they do not count for the visit's checks). Pure: inventory in, markup out, nothing loaded
(colours come from the report's own stylesheet, so the report's CSP holds)."""

from __future__ import annotations

import html

from pytest_privacy.evidence import CookieRecord, Evidence, RequestRecord
from pytest_privacy.inventory import Inventory, Item
from pytest_privacy.taxonomy import CATEGORIES

WIDTH = 900
LEFT = 96  # room for the lane labels
RIGHT = 16
TOP = 22  # room for the click's label
LANE = 36
# Two rows per kind in each lane, so marks close in time do not hide each other.
ROWS = {"request": (8, 15), "cookie": (19, 26)}
GAP = 8  # px between marks in one row
AXIS = 24
MAX_MARKS = 400  # per visit; the rest is counted below the picture
STEPS = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 15000, 30000, 60000)

STYLE = """
svg.timeline{width:100%;max-width:900px;height:auto;display:block;margin:6px 0;
font:11px system-ui,sans-serif}
.tl-lane{fill:#fafafa;stroke:#eee}.tl-label{fill:#333}.tl-axis{stroke:#999}
.tl-tick{fill:#666}.tl-click{stroke:#111;stroke-width:2;stroke-dasharray:4 3}
.tl-click-label{fill:#111;font-weight:600}
.tl-mark{stroke-width:1.5}.tl-before{fill-opacity:0.15}
.tl-necessary{fill:#757575;stroke:#757575}.tl-functional{fill:#1e88e5;stroke:#1e88e5}
.tl-analytics{fill:#ef6c00;stroke:#ef6c00}.tl-marketing{fill:#c62828;stroke:#c62828}
.tl-unknown{fill:#8e24aa;stroke:#8e24aa}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _time(item: Item) -> float:
    record = item.record
    if isinstance(record, RequestRecord):
        return record.time_ms
    if isinstance(record, CookieRecord):
        return record.seen_ms
    return 0.0


def _step(span: float) -> int:
    return next((s for s in STEPS if span / s <= 8), STEPS[-1])


def _tick_label(ms: int) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 or ms == 0 else f"{ms} ms"


def timeline(ev: Evidence, inventory: Inventory, number: int) -> str:
    """The SVG (and its legend) for one visit; '' when nothing was requested or set."""
    items = [i for i in inventory.requests + inventory.cookies if i.record is not None]
    if not items:
        return ""
    items.sort(key=_time)
    drawn, more = items[:MAX_MARKS], len(items) - MAX_MARKS
    click = ev.consent.at_ms if ev.consent else None
    end = max([_time(i) for i in drawn] + ([click] if click is not None else []))
    span = max(end * 1.04, 1.0)
    plot = WIDTH - LEFT - RIGHT

    def x(ms: float) -> float:
        return round(LEFT + ms / span * plot, 1)

    lanes = [c for c in CATEGORIES if any(i.category == c for i in drawn)]
    lanes += sorted({i.category for i in drawn} - set(lanes))
    height = TOP + LANE * len(lanes) + AXIS
    label = (f"Timeline of visit #{number}: {len(inventory.requests)} requests and "
             f"{len(inventory.cookies)} cookies by category over time"
             + (f"; the consent action ({ev.consent.action}) at {click:.0f} ms"
                if ev.consent and click is not None else ""))
    out = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'viewBox="0 0 {WIDTH} {height}" aria-label="{_e(label)}">',
           f"<title>{_e(label)}</title>"]
    for n, category in enumerate(lanes):
        top = TOP + n * LANE
        out.append(f'<rect class="tl-lane" x="{LEFT}" y="{top}" width="{plot}" '
                   f'height="{LANE - 2}"/>')
        out.append(f'<text class="tl-label" x="{LEFT - 6}" y="{top + LANE / 2 + 3}" '
                   f'text-anchor="end">{_e(category)}</text>')
    bottom = TOP + LANE * len(lanes)
    out.append(f'<line class="tl-axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" '
               f'y2="{bottom}"/>')
    step = _step(span)
    for ms in range(0, int(span) + 1, step):
        out.append(f'<text class="tl-tick" x="{x(ms)}" y="{bottom + 15}" '
                   f'text-anchor="middle">{_tick_label(ms)}</text>')
    last: dict[tuple[str, str, int], float] = {}  # (lane, kind, row) -> x of its last mark
    for item in drawn:
        top = TOP + lanes.index(item.category) * LANE
        at = _time(item)
        ends = [last.get((item.category, item.kind, r), -GAP) for r in (0, 1)]
        free = [r for r in (0, 1) if ends[r] <= x(at) - GAP]
        row = free[0] if free else min((0, 1), key=lambda r: ends[r])
        last[(item.category, item.kind, row)] = x(at)
        offset = ROWS[item.kind][row]
        before = ev.consent is not None and item.phase != "after_consent"
        classes = f"tl-mark tl-{item.category if item.category in CATEGORIES else 'unknown'}" \
            + (" tl-before" if before else "")
        when = " (before the consent action, not counted)" if before else ""
        tip = f"<title>{_e(f'{item.description} at {at:.0f} ms{when}')}</title>"
        data = (f'data-kind="{item.kind}" data-phase="{_e(item.phase)}" '
                f'data-category="{_e(item.category)}" data-ms="{at:.1f}"')
        if item.kind == "request":
            out.append(f'<circle class="{classes}" {data} cx="{x(at)}" cy="{top + offset}" r="3.5">'
                       f"{tip}</circle>")
        else:
            out.append(f'<rect class="{classes}" {data} x="{x(at) - 3.5}" '
                       f'y="{top + offset - 3.5}" width="7" height="7">{tip}</rect>')
    if ev.consent is not None and click is not None:
        out.append(f'<line class="tl-click" data-ms="{click:.1f}" x1="{x(click)}" y1="{TOP - 4}" '
                   f'x2="{x(click)}" y2="{bottom}"><title>{_e(ev.consent.action)}: clicked '
                   f'{_e(ev.consent.clicked)} at {click:.0f} ms</title></line>')
        anchor = "end" if x(click) > WIDTH / 2 else "start"
        shift = -4 if anchor == "end" else 4
        out.append(f'<text class="tl-click-label" x="{x(click) + shift}" y="{TOP - 8}" '
                   f'text-anchor="{anchor}">{_e(ev.consent.action)}: '
                   f'{_e(_short(ev.consent.clicked))}</text>')
    out.append("</svg>")
    legend = ("● request (when sent) ■ cookie (when first seen) in each category's lane"
              + ("; hollow: before the consent action (not counted); the dashed line is the "
                 "click" if ev.consent else ""))
    if more > 0:
        legend += f"; {more} more not drawn (see the tables)"
    out.append(f'<p class="muted">{_e(legend)}.</p>')
    return "".join(out)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
