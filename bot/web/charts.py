"""Charts drawn on the server as SVG: no script, nothing fetched, readable when printed."""

from __future__ import annotations

from datetime import date
from html import escape

from handlers.stats import Row

FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif\""


def bars(items: list[tuple[str, float | None, str]], color: str = "#1565c0",
         width: int = 560) -> str:
    """Horizontal bars: (label, value, text shown after the bar); None draws no bar."""
    if not items:
        return ""
    label_w, row_h, text_w = 130, 30, 90
    top = max((v for _, v, _ in items if v is not None), default=0.0) or 1.0
    span = width - label_w - text_w
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{row_h * len(items) + 6}" role="img" {FONT} font-size="15">']
    for i, (label, value, text) in enumerate(items):
        y = i * row_h + 3
        out.append(f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end" '
                   f'fill="#222">{escape(label)}</text>')
        w = 0 if value is None else max(round(span * value / top), 2 if value > 0 else 0)
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 10}" '
                   f'rx="3" fill="{color}"><title>{escape(label)} {escape(text)}</title></rect>')
        out.append(f'<text x="{label_w + w + 6}" y="{y + 20}" fill="#222">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _cell_color(rate: float) -> str:
    """Red (nobody found) through yellow to green (every job filled), light enough for dark
    text."""
    stops = ((239, 154, 154), (255, 236, 140), (129, 199, 132))
    low, high, part = (stops[0], stops[1], rate * 2) if rate < 0.5 else (
        stops[1], stops[2], rate * 2 - 1)
    mix = [round(a + (b - a) * part) for a, b in zip(low, high, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def heatmap(weeks: list[date], rows: list[tuple[str, list[Row | None]]]) -> str:
    """Fill rate per place (rows) and week (columns), the jobs posted under each number."""
    if not rows or not weeks:
        return ""
    label_w, cell_w, cell_h, head_h = 130, 64, 34, 26
    width = label_w + cell_w * len(weeks) + 4
    height = head_h + cell_h * len(rows) + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'role="img" {FONT} font-size="14">']
    for i, monday in enumerate(weeks):
        out.append(f'<text x="{label_w + i * cell_w + cell_w / 2}" y="18" text-anchor="middle" '
                   f'fill="#555">{monday.month}/{monday.day}</text>')
    for r, (name, cells) in enumerate(rows):
        y = head_h + r * cell_h
        out.append(f'<text x="{label_w - 8}" y="{y + 22}" text-anchor="end" '
                   f'fill="#222">{escape(name)}</text>')
        for c, row in enumerate(cells):
            x = label_w + c * cell_w
            rate = row.fill_rate if row is not None else None
            if row is None or rate is None:
                out.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                           f'height="{cell_h - 2}" fill="#f1f1f1"/>')
                continue
            out.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                       f'height="{cell_h - 2}" fill="{_cell_color(rate)}">'
                       f'<title>{escape(name)} {monday_label(weeks[c])}: 发布{row.posted} '
                       f'招满{row.filled}</title></rect>')
            out.append(f'<text x="{x + cell_w / 2}" y="{y + 16}" text-anchor="middle" '
                       f'fill="#111">{round(rate * 100)}%</text>')
            out.append(f'<text x="{x + cell_w / 2}" y="{y + 29}" text-anchor="middle" '
                       f'font-size="11" fill="#333">{row.filled}/{row.posted}</text>')
    out.append("</svg>")
    return "".join(out)


def monday_label(monday: date) -> str:
    return f"{monday.month}月{monday.day}日那周"
