"""`python -m bot COMMAND`: the admin tasks run beside the bot (qr, export, backup, migrate-data).

Each task registers its arguments here and gets the loaded settings; `bot/__main__.py` dispatches.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.config import Settings
from bot.exports import ExportError, ExportFormat, file_name, render_reports
from bot.i18n import Translator
from bot.qr import qr_png
from bot.reports import load_catalogue
from bot.scan import StartLinkError, deep_link
from bot.services.events import attendance_payload
from bot.services.station import station_checkin_payload
from bot.stations import StationsFileError, load_stations
from bot.storage import Storage
from bot.storage.database import backup_database, is_postgres_url
from bot.storage.transfer import CountMismatch, TableCount, TransferError, copy_sqlite_to_postgres
from bot.users import SUPPORTED_LANGUAGES

EXIT_OK, EXIT_FAILURE, EXIT_CONFIGURATION = 0, 1, 2
Task = Callable[[argparse.Namespace, Settings], int]


def add_tasks(parser: argparse.ArgumentParser) -> dict[str, Task]:
    """Register every admin task's sub-command; returns the runner of each."""
    tasks = parser.add_subparsers(
        dest="command", title="admin tasks (without one, the bot runs)", metavar="COMMAND"
    )

    qr = tasks.add_parser(
        "qr",
        help="write a station's check-in QR code (PNG) for one day, or an event's attendance QR code",
        description="Write the PNG of a station's check-in link (t.me/<bot>?start=checkin_...), and with "
        "WeChat configured its parametric QR code (a second PNG, ...-wechat.png). "
        "The code changes every day: print the day's code, or several days ahead with --date. "
        "With --event ID instead of a station: the event's attendance code (t.me/<bot>?start=event_..., "
        "and with WeChat its parametric QR code, valid until the event ends, at most 30 days), "
        "to put up at the event.",
    )
    qr.add_argument("station_id", nargs="?", help="a station id from the stations file, e.g. shangcheng-djzx")
    qr.add_argument("--event", type=int, metavar="ID", help="an event's number (as /event announced it)")
    qr.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today in BOT_TIMEZONE)")
    qr.add_argument("--output", "-o", type=Path, help="PNG file (default: checkin-STATION-DATE.png)")
    qr.add_argument("--bot", help="the bot's username (default: asked from Telegram with BOT_TOKEN)")

    export = tasks.add_parser(
        "export",
        help="export reports for the departments (CSV, XLSX) or as Open311 JSON",
        description="Export 民情观察员 reports; anonymous reports carry no identity.",
    )
    export.add_argument("what", choices=["reports"], help="what to export")
    export.add_argument(
        "--format",
        choices=[item.value for item in ExportFormat],
        default=ExportFormat.XLSX.value,
        help="csv or xlsx for the departments, open311 for GeoReport v2 JSON (default: xlsx)",
    )
    export.add_argument(
        "--since", type=date.fromisoformat, help="YYYY-MM-DD, local date (default: everything)"
    )
    export.add_argument("--output", "-o", help="file to write, - for stdout (default: reports-DATE-TIME.EXT)")
    export.add_argument("--language", choices=list(SUPPORTED_LANGUAGES), help="default: BOT_DEFAULT_LANGUAGE")

    backup = tasks.add_parser(
        "backup",
        help="copy the database to a file while the bot runs",
        description="Copy BOT_DATABASE to PATH with SQLite's online backup API: safe while the bot runs. "
        "To restore, stop the bot and put the copy in BOT_DATABASE's place (see README). "
        "SQLite only: back up a PostgreSQL BOT_DATABASE with pg_dump.",
    )
    backup.add_argument("path", type=Path, help="the backup file to write (overwritten)")

    migrate = tasks.add_parser(
        "migrate-data",
        help="move a SQLite deployment into an empty PostgreSQL database",
        description="Copy every table of SQLITE_PATH into the PostgreSQL database at POSTGRES_URL, which "
        "is migrated first and must hold no data. The tables are read as of one moment, but stop the bot "
        "first: what it writes after that moment stays behind. Ids are kept and the sequences "
        "continue after them. Prints the rows of each table on both sides; exits 1 when a count differs "
        "(nothing is kept then: the copy is one transaction). Afterwards set BOT_DATABASE=POSTGRES_URL.",
    )
    migrate.add_argument("sqlite_path", type=Path, metavar="SQLITE_PATH", help="the SQLite file")
    migrate.add_argument("postgres_url", metavar="POSTGRES_URL", help="postgresql://USER@HOST:PORT/DATABASE")
    return {"qr": run_qr, "export": run_export, "backup": run_backup, "migrate-data": run_migrate_data}


# --- qr -------------------------------------------------------------------------------------------------


async def write_checkin_qr(
    settings: Settings, station_id: str, day: date, output: Path, bot_username: str | None
) -> str:
    """Draw the station's check-in link for `day` as a PNG and return the link. Raises KeyError for an
    unknown station. Without `bot_username`, Telegram is asked (getMe) with BOT_TOKEN."""
    catalogue = load_stations(settings.stations_file)
    if station_id not in catalogue.by_id:
        raise KeyError(station_id)
    username = await _bot_username(settings, bot_username)
    store = Storage(settings.database)
    await store.open()
    try:
        link = deep_link(username, await station_checkin_payload(store, station_id, day))
    finally:
        await store.close()
    return await _draw(link, output)


async def write_event_qr(settings: Settings, event_id: int, output: Path, bot_username: str | None) -> str:
    """Draw the event's attendance link as a PNG and return the link. Raises KeyError for an unknown
    event."""
    username = await _bot_username(settings, bot_username)
    store = Storage(settings.database)
    await store.open()
    try:
        if await store.events.get(event_id) is None:
            raise KeyError(event_id)
        link = deep_link(username, await attendance_payload(store, event_id))
    finally:
        await store.close()
    return await _draw(link, output)


async def _bot_username(settings: Settings, given: str | None) -> str:
    """The username given with --bot, else Telegram's answer to getMe with BOT_TOKEN."""
    if given is None:
        if settings.token is None:
            raise ValueError("give --bot USERNAME or set BOT_TOKEN")
        async with Bot(settings.token.get_secret_value(), base_url=settings.api_base_url) as bot:
            given = bot.username
    return given


async def _draw(link: str, output: Path) -> str:
    output.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(output.write_bytes, qr_png(link))
    return link


def run_qr(arguments: argparse.Namespace, settings: Settings) -> int:
    """The Telegram link (with BOT_TOKEN or --bot), and the WeChat QR code when WeChat is configured."""
    if (arguments.station_id is None) == (arguments.event is None):
        print("qr: give a station id or --event ID (one of them)", file=sys.stderr)
        return EXIT_CONFIGURATION
    day = arguments.date or datetime.now(settings.tzinfo).date()
    if arguments.event is not None:
        output = arguments.output or Path(f"event-{arguments.event}.png")
        unknown = f"unknown event {arguments.event} (see /events)"
    else:
        output = arguments.output or Path(f"checkin-{arguments.station_id}-{day.isoformat()}.png")
        unknown = f"unknown station {arguments.station_id!r} (see {settings.stations_file})"
    code = EXIT_OK
    if settings.token is not None or arguments.bot is not None or not settings.wechat_enabled:
        work = (
            write_event_qr(settings, arguments.event, output, arguments.bot)
            if arguments.event is not None
            else write_checkin_qr(settings, arguments.station_id, day, output, arguments.bot)
        )
        code = print_telegram_link(work, output, unknown)
    if code != EXIT_OK or not settings.wechat_enabled:
        return code
    from bot.channels.wechat import qr as wechat_qr  # wechatpy loads only where WeChat is on

    wechat_output = output.with_name(f"{output.stem}-wechat{output.suffix or '.png'}")
    wechat_work = (
        wechat_qr.write_wechat_event_qr(settings, arguments.event, wechat_output)
        if arguments.event is not None
        else wechat_qr.write_wechat_checkin_qr(settings, arguments.station_id, day, wechat_output)
    )
    try:
        url = asyncio.run(wechat_work)
    except KeyError:
        print(unknown, file=sys.stderr)
        return EXIT_CONFIGURATION
    except ValueError as error:
        print(f"--date: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    except (StartLinkError, OSError) as error:
        print(f"cannot create the WeChat QR code ({error}): check BOT_WECHAT_* settings", file=sys.stderr)
        return EXIT_FAILURE
    print(f"{wechat_output}: {url}")
    return EXIT_OK


def print_telegram_link(work: Coroutine[Any, Any, str], output: Path, unknown: str) -> int:
    """Run the drawing of a Telegram deep link's QR code; print the file and the link, or the problem."""
    try:
        link = asyncio.run(work)
    except KeyError:
        print(unknown, file=sys.stderr)
        return EXIT_CONFIGURATION
    except StationsFileError as error:
        print(f"configuration error: BOT_STATIONS_FILE: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    except ValueError as error:
        print(f"configuration error: BOT_TOKEN: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    except TelegramError as error:
        print(
            f"cannot ask Telegram for the bot's username ({type(error).__name__}): use --bot", file=sys.stderr
        )
        return EXIT_FAILURE
    print(f"{output}: {link}")
    return EXIT_OK


# --- export ---------------------------------------------------------------------------------------------


async def _export(
    settings: Settings, export_format: ExportFormat, since: date | None, language: str
) -> bytes:
    store = Storage(settings.database)
    await store.open()
    try:
        start = datetime.combine(since, time.min, tzinfo=settings.tzinfo) if since else None
        reports = await store.reports.created_since(start)
    finally:
        await store.close()
    return render_reports(
        export_format, reports, load_catalogue(), Translator(language), language, settings.tzinfo
    )


def run_export(arguments: argparse.Namespace, settings: Settings) -> int:
    """Writes the file and names it on stderr; the same content /export reports sends in the chat."""
    export_format = ExportFormat(arguments.format)
    language = arguments.language or settings.default_language
    try:
        data = asyncio.run(_export(settings, export_format, arguments.since, language))
    except ExportError as error:
        print(f"cannot write the {export_format.value} export: {error}", file=sys.stderr)
        return EXIT_FAILURE
    if arguments.output == "-":
        sys.stdout.buffer.write(data)
        return EXIT_OK
    output = Path(
        arguments.output or file_name(export_format, datetime.now(settings.tzinfo), settings.tzinfo)
    )
    output.write_bytes(data)
    print(f"{output}: {len(data)} bytes", file=sys.stderr)
    return EXIT_OK


# --- backup ---------------------------------------------------------------------------------------------


def run_backup(arguments: argparse.Namespace, settings: Settings) -> int:
    if isinstance(settings.database, str):
        print(
            "configuration error: BOT_DATABASE: is a PostgreSQL URL; back it up with pg_dump", file=sys.stderr
        )
        return EXIT_CONFIGURATION
    if not settings.database.is_file():
        print(
            f"configuration error: BOT_DATABASE: file {str(settings.database)!r} does not exist",
            file=sys.stderr,
        )
        return EXIT_CONFIGURATION
    pages = backup_database(settings.database, arguments.path)
    print(f"{arguments.path}: {pages} pages copied from {settings.database}", file=sys.stderr)
    return EXIT_OK


# --- migrate-data ---------------------------------------------------------------------------------------


def run_migrate_data(arguments: argparse.Namespace, _settings: Settings) -> int:
    import asyncpg  # only this task and a PostgreSQL deployment need the driver

    if not is_postgres_url(arguments.postgres_url):
        print("POSTGRES_URL must start with postgresql://", file=sys.stderr)
        return EXIT_CONFIGURATION
    if not arguments.sqlite_path.is_file():
        print(f"migrate-data: {str(arguments.sqlite_path)!r} does not exist", file=sys.stderr)
        return EXIT_CONFIGURATION
    try:
        counts = asyncio.run(copy_sqlite_to_postgres(arguments.sqlite_path, arguments.postgres_url))
    except CountMismatch as mismatch:
        _print_counts(mismatch.counts)
        print(f"migrate-data: row counts differ in {mismatch}; nothing was kept", file=sys.stderr)
        return EXIT_FAILURE
    except TransferError as error:
        print(f"migrate-data: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except (OSError, asyncpg.PostgresError) as error:
        print(
            f"migrate-data: cannot reach or write PostgreSQL ({type(error).__name__}: {error})",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    _print_counts(counts)
    print(f"{sum(count.postgresql for count in counts)} rows copied", file=sys.stderr)
    return EXIT_OK


def _print_counts(counts: list[TableCount]) -> None:
    width = max(len(count.table) for count in counts)
    print(f"{'table':<{width}}  {'sqlite':>9}  {'postgresql':>10}")
    for count in counts:
        mark = "" if count.matches else "  MISMATCH"
        print(f"{count.table:<{width}}  {count.sqlite:>9}  {count.postgresql:>10}{mark}")
