"""Exports read back the way a department would open them: csv, openpyxl, json; anonymity holds in each."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.__main__ import main
from bot.exports import COLUMNS, ExportFormat, file_name, render_reports
from bot.i18n import Translator
from bot.reports import NewReport, Report, Status, load_catalogue
from bot.storage import Storage
from tests.conftest import REPO_ROOT

TZ = ZoneInfo("Asia/Shanghai")
FILED = datetime(2026, 7, 1, 4, 30, tzinfo=UTC)


def report(**overrides: Any) -> Report:
    values: dict[str, Any] = {
        "id": 1,
        "number": "MQ-2026-000001",
        "reporter_id": 201,
        "reporter_name": "刘凤叶",
        "reporter_username": "liufengye",
        "category": "heat",
        "description": "驿站门口没有遮阳棚",
        "voice_file_id": None,
        "photo_file_ids": ("p1", "p2"),
        "lat": 30.25,
        "lon": 120.17,
        "place": "武林广场",
        "anonymous": False,
        "urgent": False,
        "status": Status.IN_PROGRESS,
        "department": "civil_affairs",
        "resolution_note": None,
        "created_at": FILED,
        "updated_at": FILED,
        "resolved_at": None,
        "followup_sent_at": None,
        "followup_answer": None,
        "supporters": 2,
        **overrides,
    }
    return Report(**values)


REPORTS = [
    report(),
    report(
        id=2,
        number="MQ-2026-000002",
        reporter_id=202,
        reporter_name="匿名者真名",
        reporter_username="secret_user",
        anonymous=True,
        description='=HYPERLINK("http://evil")',
        status=Status.FIXED,
        resolution_note="已加装遮阳棚",
        resolved_at=FILED,
    ),
]


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


def render(export_format: ExportFormat, translator: Translator, language: str = "zh") -> bytes:
    return render_reports(export_format, REPORTS, load_catalogue(), translator, language, TZ)


def test_csv_reads_back_with_chinese_headers_and_no_identity_for_anonymous(translator: Translator) -> None:
    data = render(ExportFormat.CSV, translator)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    named, anonymous = rows
    assert named["编号"] == "MQ-2026-000001" and named["观察员"] == "刘凤叶" and named["观察员 ID"] == "201"
    assert named["类别"] == "高温防暑" and named["转交部门"] == "市民政局" and named["Open311 状态"] == "open"
    assert named["提交时间"] == "2026-07-01 12:30" and named["照片数"] == "2"
    assert anonymous["观察员"] == "匿名" and anonymous["观察员 ID"] == ""
    assert "匿名者真名" not in data.decode("utf-8-sig") and "secret_user" not in data.decode("utf-8-sig")
    assert anonymous["描述"].startswith("'=")  # never a formula in Excel
    assert anonymous["Open311 状态"] == "closed" and anonymous["处理结果"] == "已加装遮阳棚"


def test_xlsx_reads_back_with_openpyxl(translator: Translator) -> None:
    workbook = load_workbook(io.BytesIO(render(ExportFormat.XLSX, translator, "en")))
    sheet = workbook.active
    assert sheet is not None and sheet.title == "Reports"
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == len(COLUMNS) and rows[0][0] == "Number" and rows[0][-1] == "Observer"
    header = list(rows[0])
    named, anonymous = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert (
        named["Observer"] == "刘凤叶"
        and named["Observer id"] == 201
        and named["Category"] == "Heat and cooling"
    )
    assert named["Filed"] == datetime(2026, 7, 1, 12, 30)  # local time, a real date cell
    assert anonymous["Observer"] == "anonymous" and anonymous["Observer id"] is None
    assert anonymous["Description"] == '=HYPERLINK("http://evil")'  # kept as text, not a formula
    values = [value for row in rows for value in row]
    assert "匿名者真名" not in values and 202 not in values


def test_xlsx_cleans_characters_a_worksheet_cannot_hold(translator: Translator) -> None:
    """One pasted vertical tab made the export fail for every admin (openpyxl's IllegalCharacterError)."""
    pasted = report(description="空调坏了\x0b中午太热\x00", resolution_note="修好\x1f了")
    data = render_reports(ExportFormat.XLSX, [pasted], load_catalogue(), translator, "en", TZ)

    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    header, row = sheet.iter_rows(values_only=True)
    cells = dict(zip(header, row, strict=True))
    assert cells["Description"] == "空调坏了 中午太热 " and cells["Resolution"] == "修好 了"


def test_open311_is_georeport_v2_and_carries_no_identity(translator: Translator) -> None:
    data = render(ExportFormat.OPEN311, translator)
    requests = json.loads(data)
    assert [item["service_request_id"] for item in requests] == ["MQ-2026-000001", "MQ-2026-000002"]
    first = requests[0]
    assert (
        first["status"] == "open" and first["service_code"] == "heat" and first["service_name"] == "高温防暑"
    )
    assert first["lat"] == 30.25 and first["long"] == 120.17 and first["agency_responsible"] == "市民政局"
    assert first["requested_datetime"] == "2026-07-01T12:30:00+08:00"
    assert requests[1]["status"] == "closed" and requests[1]["status_notes"] == "已加装遮阳棚"
    text = data.decode("utf-8")
    assert "刘凤叶" not in text and "匿名者真名" not in text and "201" not in text


def test_file_names_follow_the_format() -> None:
    assert file_name(ExportFormat.OPEN311, FILED, TZ) == "reports-20260701-1230.json"
    assert file_name(ExportFormat.XLSX, FILED, TZ).endswith(".xlsx")


async def _seed(database: Path | str) -> None:
    store = Storage(database)
    await store.open()
    await store.users.seen(201, "刘凤叶", None, "zh")
    for anonymous in (False, True):
        await store.reports.file(
            NewReport(201, "heat", "驿站门口没有遮阳棚", None, (), 30.25, 120.17, None, anonymous, False),
            year=2026,
            now=FILED,
        )
    await store.close()


def test_the_command_line_export(
    tmp_path: Path, database: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(_seed(database))
    monkeypatch.setenv("BOT_DATABASE", str(database))
    monkeypatch.setenv("BOT_STATIONS_FILE", str(REPO_ROOT / "data" / "stations.yaml"))
    output = tmp_path / "out.csv"
    assert main(["export", "reports", "--format", "csv", "--since", "2026-07-01", "-o", str(output)]) == 0
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert [row["观察员"] for row in rows] == ["刘凤叶", "匿名"]
    workbook = tmp_path / "out.xlsx"
    assert main(["export", "reports", "--since", "2026-07-02", "-o", str(workbook)]) == 0  # nothing since
    assert load_workbook(workbook).active.max_row == 1  # type: ignore[union-attr]


def test_the_command_line_export_names_a_bad_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_TIMEZONE", "Mars/Olympus")
    assert main(["export", "reports"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "BOT_TIMEZONE" in error[0]


def test_a_failing_command_line_export_says_so_in_one_line_without_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "bot.db"
    asyncio.run(_seed(database))
    monkeypatch.setenv("BOT_DATABASE", str(database))
    monkeypatch.setenv("BOT_STATIONS_FILE", str(REPO_ROOT / "data" / "stations.yaml"))
    monkeypatch.setattr(Worksheet, "append", lambda sheet, row: _quote_the_row(row))

    assert main(["export", "reports", "-o", str(tmp_path / "out.xlsx")]) == 1

    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "ValueError" in error[0] and "遮阳棚" not in error[0]
    assert not (tmp_path / "out.xlsx").exists()


def _quote_the_row(row: Any) -> None:
    """As libraries do: the offending value in the message."""
    raise ValueError(f"{row} cannot be used in worksheets.")
