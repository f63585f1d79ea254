"""Report exports for the departments (CSV, XLSX) and for other systems (Open311 GeoReport v2 JSON).

Channel-neutral: the chat command and `python -m bot export reports` both call `render_reports`.
An anonymous report carries no identity in any format; Open311 output carries none at all, because
GeoReport v2's service requests are public data.
"""

from __future__ import annotations

import csv
import io
import json
import traceback
from collections.abc import Sequence
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from bot.i18n import Translator
from bot.message_keys import EXPORT_COLUMN_KEYS, REPORT_STATUS_KEYS
from bot.reports import Report, ReportCatalogue, open311_status

COLUMNS = (
    "number",
    "status",
    "open311",
    "category",
    "urgent",
    "description",
    "voice",
    "photos",
    "lat",
    "lon",
    "place",
    "department",
    "resolution",
    "supporters",
    "created",
    "updated",
    "resolved",
    "reporter-id",
    "reporter-name",
)
# A cell that starts with one of these is a formula to Excel: a description must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """Rendering failed. Names the library's exception and where it was raised, never its message:
    messages quote the offending value (openpyxl's does), a courier's words, and tracebacks get logged."""

    @classmethod
    def hiding_message_of(cls, error: Exception) -> ExportError:
        frames = traceback.extract_tb(error.__traceback__)
        where = f" at {frames[-1].name} ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""
        return cls(f"{type(error).__name__}{where}")


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    OPEN311 = "open311"

    @property
    def extension(self) -> str:
        return "json" if self is ExportFormat.OPEN311 else self.value


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None)


def table(
    reports: Sequence[Report], catalogue: ReportCatalogue, translator: Translator, language: str, tz: tzinfo
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows in the reader's language; the reporter is left out of anonymous reports."""

    def label(key: str) -> str:
        return str(translator(language, key))

    header = [label(EXPORT_COLUMN_KEYS[column]) for column in COLUMNS]
    rows = []
    for report in reports:
        category = catalogue.category(report.category)
        department = catalogue.department(report.department) if report.department else None
        rows.append(
            [
                report.number,
                label(REPORT_STATUS_KEYS[report.status]),
                open311_status(report.status),
                category.name(language) if category else report.category,
                label("reports-export-yes" if report.urgent else "reports-export-no"),
                report.description,
                label("reports-export-yes" if report.voice_file_id else "reports-export-no"),
                len(report.photo_file_ids),
                report.lat,
                report.lon,
                report.place,
                department.name(language) if department else report.department,
                report.resolution_note,
                report.supporters,
                _local(report.created_at, tz),
                _local(report.updated_at, tz),
                _local(report.resolved_at, tz),
                None if report.anonymous else report.reporter_id,
                label("reports-export-anonymous") if report.anonymous else report.reporter_name,
            ]
        )
    return header, rows


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _xlsx_cell(value: Any) -> Any:
    """Control characters (a pasted vertical tab) cannot be stored in a worksheet: a space keeps the words
    apart where they were."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(" ", value) if isinstance(value, str) else value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on a department's PC shows the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], sheet_title: str) -> bytes:
    # openpyxl takes about 24 MB: imported for the first spreadsheet, not by every worker at start.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = sheet_title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads "=..." text as a formula; keep it text
                cell.data_type = "s"
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_open311(reports: Sequence[Report], catalogue: ReportCatalogue, tz: tzinfo) -> bytes:
    """GeoReport v2 service requests (GET requests.json); service_code is the category id."""
    requests = []
    for report in reports:
        category = catalogue.category(report.category)
        department = catalogue.department(report.department) if report.department else None
        requests.append(
            {
                "service_request_id": report.number,
                "status": open311_status(report.status),
                "status_notes": report.resolution_note,
                "service_name": category.name("zh") if category else report.category,
                "service_code": report.category,
                "description": report.description,
                "agency_responsible": department.name("zh") if department else None,
                "service_notice": None,
                "requested_datetime": report.created_at.astimezone(tz).isoformat(),
                "updated_datetime": report.updated_at.astimezone(tz).isoformat(),
                "expected_datetime": None,
                "address": report.place,
                "address_id": None,
                "zipcode": None,
                "lat": report.lat,
                "long": report.lon,
                "media_url": None,
            }
        )
    return json.dumps(requests, ensure_ascii=False, indent=2).encode("utf-8")


def render_reports(
    export_format: ExportFormat,
    reports: Sequence[Report],
    catalogue: ReportCatalogue,
    translator: Translator,
    language: str,
    tz: tzinfo,
) -> bytes:
    """Raises ExportError, whose traceback carries no report text, when a format cannot be written."""
    try:
        if export_format is ExportFormat.OPEN311:
            return to_open311(reports, catalogue, tz)
        header, rows = table(reports, catalogue, translator, language, tz)
        if export_format is ExportFormat.CSV:
            return to_csv(header, rows)
        return to_xlsx(header, rows, str(translator(language, "reports-export-sheet")))
    except Exception as error:
        raise ExportError.hiding_message_of(error) from None


def file_name(export_format: ExportFormat, now: datetime, tz: tzinfo) -> str:
    return f"reports-{now.astimezone(tz):%Y%m%d-%H%M}.{export_format.extension}"
