"""The findings of the last runs (--privacy-history) as an inline SVG bar chart for the HTML
report: one bar per run, failed and errored items stacked, the items new since the baseline
above it, the run being reported marked.

Pure: records in, markup out, nothing loaded (colours come from the report's own stylesheet,
so the report's CSP holds)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from pytest_privacy.history import RunRecord

WIDTH = 900
LEFT = 44  # room for the count axis
RIGHT = 16
TOP = 34  # room for the count above the highest bar and the drift row
PLOT_HEIGHT = 110
AXIS = 30  # room for the dates
MAX_BAR = 28

STYLE = """
svg.history{width:100%;max-width:900px;height:auto;display:block;margin:6px 0;
font:11px system-ui,sans-serif}
.hx-plot{fill:#fafafa;stroke:#eee}.hx-axis{stroke:#999}.hx-grid{stroke:#e6e6e6}
.hx-tick,.hx-date{fill:#666}.hx-count{fill:#333;font-weight:600}
.hx-failed{fill:#c62828}.hx-error{fill:#6a1b9a}.hx-clean{fill:#2e7d32}
.hx-new{fill:#1565c0;font-weight:600}.hx-current .hx-date{fill:#111;font-weight:600}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _scale_top(highest: int) -> int:
    """A round top for the count axis, at least 1."""
    for top in (1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if highest <= top:
            return top
    return (highest // 1000 + 1) * 1000


def _day(date: str) -> str:
    """2026-12-07T02:00:12Z -> 12-07"""
    return date[5:10] if len(date) >= 10 else date


def _tip(record: RunRecord) -> str:
    failed, errors = record.outcomes.get("failed", 0), record.outcomes.get("error", 0)
    text = (f"{record.date.replace('T', ' ').replace('Z', ' UTC')}: {record.items} checks, "
            f"{failed} failed, {errors} errors")
    if record.drift is not None:
        text += f"; {record.new} new since the baseline, {record.gone} gone" + (
            " (the baseline was updated)" if record.updated else "")
    worst = sorted(record.failures.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    if worst:
        text += "; " + ", ".join(f"{check} ({count})" for check, count in worst)
    return text


def history_chart(records: Sequence[RunRecord]) -> str:
    """The SVG (and its legend) for the runs, oldest first, the last one the run being
    reported; '' when there are none."""
    if not records:
        return ""
    plot = WIDTH - LEFT - RIGHT
    slot = plot / len(records)
    bar = min(MAX_BAR, max(3.0, slot * 0.6))
    top = _scale_top(max(r.findings for r in records))
    bottom = TOP + PLOT_HEIGHT
    height = bottom + AXIS
    every = max(1, -(-len(records) // 15))  # at most 15 date labels

    def y(count: float) -> float:
        return round(bottom - count / top * PLOT_HEIGHT, 1)

    last = records[-1]
    label = (f"Findings per run over the last {len(records)} runs (failed and errored "
             f"checks): this run {last.findings}"
             + (f", the one before {records[-2].findings}" if len(records) > 1 else ""))
    out = [f'<svg class="history" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'viewBox="0 0 {WIDTH} {height}" aria-label="{_e(label)}">',
           f"<title>{_e(label)}</title>",
           f'<rect class="hx-plot" x="{LEFT}" y="{TOP}" width="{plot}" height="{PLOT_HEIGHT}"/>']
    for value in sorted({0, top // 2, top}):
        out.append(f'<line class="hx-grid" x1="{LEFT}" y1="{y(value)}" x2="{WIDTH - RIGHT}" '
                   f'y2="{y(value)}"/>')
        out.append(f'<text class="hx-tick" x="{LEFT - 6}" y="{y(value) + 4}" '
                   f'text-anchor="end">{value}</text>')
    out.append(f'<line class="hx-axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" '
               f'y2="{bottom}"/>')
    for n, record in enumerate(records):
        centre = round(LEFT + slot * (n + 0.5), 1)
        x = round(centre - bar / 2, 1)
        failed = record.outcomes.get("failed", 0)
        errors = record.outcomes.get("error", 0)
        current = n == len(records) - 1
        data = (f'data-date="{_e(record.date)}" data-findings="{record.findings}" '
                f'data-failed="{failed}" data-error="{errors}" data-new="{record.new}" '
                f'data-gone="{record.gone}"')
        out.append(f'<g class="hx-run{" hx-current" if current else ""}" {data}>'
                   f"<title>{_e(_tip(record))}</title>")
        if record.findings == 0:  # a thin green bar: the run happened and all held
            out.append(f'<rect class="hx-clean" x="{x}" y="{bottom - 2}" width="{bar}" '
                       'height="2"/>')
        if failed:
            out.append(f'<rect class="hx-failed" x="{x}" y="{y(failed)}" width="{bar}" '
                       f'height="{round(bottom - y(failed), 1)}"/>')
        if errors:
            out.append(f'<rect class="hx-error" x="{x}" y="{y(failed + errors)}" '
                       f'width="{bar}" height="{round(y(failed) - y(failed + errors), 1)}"/>')
        out.append(f'<text class="hx-count" x="{centre}" y="{y(record.findings) - 4}" '
                   f'text-anchor="middle">{record.findings}</text>')
        if record.new and not record.updated:
            out.append(f'<text class="hx-new" x="{centre}" y="{TOP - 18}" '
                       f'text-anchor="middle">+{record.new}</text>')
        if current or n % every == 0:
            out.append(f'<text class="hx-date" x="{centre}" y="{bottom + 16}" '
                       f'text-anchor="middle">{_e("this run" if current else _day(record.date))}'
                       "</text>")
        out.append("</g>")
    out.append("</svg>")
    legend = "bars: failed (red) and errored (purple) checks per run, oldest left"
    if any(r.drift is not None for r in records):
        legend += "; +N above a run: items new since the baseline"
    legend += "; hover a bar for its date and the checks that failed"
    return "".join(out) + f'<p class="muted">{_e(legend)}.</p>'
