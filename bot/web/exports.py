"""Exports for reports to 人社: CSV (the rows of `lingong jobs --json`, the columns of
`lingong stats --csv`) and Excel workbooks with the same rows under Chinese headings."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.web.views import DeskJob
from handlers import stats

JOB_COLUMNS = ("id", "work_type", "headcount", "status", "state", "township", "village",
               "start_date", "wage_min", "wage_max", "wage_unit", "poster", "confirmed",
               "claims")
JOB_HEADINGS = ("编号", "工种", "人数", "状态", "内部状态", "乡镇", "村", "用工日期", "工价",
                "最高工价", "工价单位", "发布人", "已报上人数", "报名")
STATS_HEADINGS = ("地区代码", "地区", "级别", "上级代码", "发布", "招满", "招满率",
                  "招满用时中位数(小时)", "报名", "触达人数")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def claims_cell(claims: list[dict[str, Any]]) -> str:
    """``小张×1(confirmed); 老刘×2(waitlisted)``: every claim, in order."""
    return "; ".join(f"{c['person']}×{c['count']}({c['status']})" for c in claims)


def job_values(row: dict[str, Any]) -> list[Any]:
    confirmed = sum(c["count"] for c in row["claims"] if c["status"] == "confirmed")
    values = {**row, "confirmed": confirmed, "claims": claims_cell(row["claims"])}
    return [values[k] for k in JOB_COLUMNS]


def jobs_csv(items: list[DeskJob]) -> str:
    """UTF-8 with a byte-order mark, so Excel and WPS open the Chinese right."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(JOB_COLUMNS)
    for item in items:
        writer.writerow(["" if v is None else v for v in job_values(item.row)])
    return "\ufeff" + buf.getvalue()


def _sheet(title: str, headings: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(headings))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
    for column in sheet.columns:
        longest = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(8, longest * 2), 60)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def jobs_xlsx(items: list[DeskJob]) -> bytes:
    return _sheet("招工", JOB_HEADINGS, [job_values(i.row) for i in items])


def stats_csv(rows: list[stats.Row]) -> str:
    return "\ufeff" + stats.as_csv(rows)


def stats_xlsx(rows: list[stats.Row]) -> bytes:
    """The rows of `lingong stats --csv`, numbers as numbers."""
    data = list(csv.reader(io.StringIO(stats.as_csv(rows))))[1:]
    out: list[list[Any]] = []
    for line in data:
        out.append([_number(v) if i >= 4 else v for i, v in enumerate(line)])
    return _sheet("统计", STATS_HEADINGS, out)


def _number(text: str) -> float | int | None:
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value
