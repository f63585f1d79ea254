"""SQL for heat reminders: people's reminder settings, official signals, the day's forecasts, checks run
and reminders already handed to delivery (the once-per-level-per-day memory that survives restarts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from bot.heat import HeatLevel, HeatSettings, Outlook, Signal, Subscriber, clock, parse_clock
from bot.storage.database import Database, Row, utc_now


def _subscriber(row: Row) -> Subscriber:
    location = None if row["last_lat"] is None else (float(row["last_lat"]), float(row["last_lon"]))
    return Subscriber(
        user_id=row["id"],
        language=row["language"],
        location=location,
        district_id=row["heat_district"],
        preferred_time=parse_clock(row["heat_time"]) if row["heat_time"] else None,
        quiet_start=parse_clock(row["quiet_start"]),
        quiet_end=parse_clock(row["quiet_end"]),
    )


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


class HeatRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- people ---------------------------------------------------------------------------------------

    async def settings(self, user_id: int) -> HeatSettings | None:
        row = await self._db.fetchone(
            """
            SELECT heat_reminders, heat_time, quiet_start, quiet_end, heat_district FROM users WHERE id = ?
            """,
            (user_id,),
        )
        if row is None:
            return None
        return HeatSettings(
            enabled=bool(row["heat_reminders"]),
            preferred_time=parse_clock(row["heat_time"]) if row["heat_time"] else None,
            quiet_start=parse_clock(row["quiet_start"]),
            quiet_end=parse_clock(row["quiet_end"]),
            district_id=row["heat_district"],
        )

    async def set_enabled(self, user_id: int, enabled: bool) -> None:
        await self._update(user_id, "heat_reminders", int(enabled))

    async def set_preferred_time(self, user_id: int, preferred: time | None) -> None:
        await self._update(user_id, "heat_time", clock(preferred) if preferred else None)

    async def set_quiet_hours(self, user_id: int, start: time, end: time) -> None:
        await self._db.write(
            "UPDATE users SET quiet_start = ?, quiet_end = ?, updated_at = ? WHERE id = ?",
            (clock(start), clock(end), utc_now(), user_id),
        )

    async def set_district(self, user_id: int, district_id: str | None) -> None:
        await self._update(user_id, "heat_district", district_id)

    async def _update(self, user_id: int, column: str, value: object) -> None:
        assert column in ("heat_reminders", "heat_time", "heat_district")  # never user input
        await self._db.write(
            f"UPDATE users SET {column} = ?, updated_at = ? WHERE id = ?", (value, utc_now(), user_id)
        )

    async def subscribers(self, after_id: int, limit: int) -> list[Subscriber]:
        """A page of people who get reminders (subscribed, not blocked), by id: memory stays flat."""
        rows = await self._db.fetchall(
            """
            SELECT id, language, last_lat, last_lon, heat_district, heat_time, quiet_start, quiet_end
            FROM users WHERE heat_reminders = 1 AND blocked = 0 AND id > ?
            ORDER BY id LIMIT ?
            """,
            (after_id, limit),
        )
        return [_subscriber(row) for row in rows]

    async def count_subscribers(self) -> int:
        value = await self._db.fetchvalue(
            "SELECT COUNT(*) FROM users WHERE heat_reminders = 1 AND blocked = 0"
        )
        return int(value or 0)

    async def delivery_times(self) -> tuple[set[time], set[time]]:
        """Subscribers' preferred times and quiet-hour ends: the moments reminders may fall due."""
        rows = await self._db.fetchall(
            """
            SELECT DISTINCT heat_time, quiet_end FROM users WHERE heat_reminders = 1 AND blocked = 0
            """
        )
        preferred = {parse_clock(row["heat_time"]) for row in rows if row["heat_time"]}
        return preferred, {parse_clock(row["quiet_end"]) for row in rows}

    # --- the once-per-level-per-day memory ------------------------------------------------------------

    async def highest_sent(self, user_ids: Sequence[int], day: date) -> dict[int, HeatLevel]:
        """The highest level each person was already reminded of on `day` (absent: none yet)."""
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        rows = await self._db.fetchall(
            f"SELECT user_id, level FROM heat_reminders_sent WHERE local_date = ? AND user_id IN ({marks})",
            (day.isoformat(), *user_ids),
        )
        highest: dict[int, HeatLevel] = {}
        for row in rows:
            level = HeatLevel.from_key(row["level"])
            highest[row["user_id"]] = max(level, highest.get(row["user_id"], HeatLevel.NONE))
        return highest

    async def record_sent(self, reminders: Iterable[tuple[int, date, HeatLevel]]) -> None:
        """Remember reminders handed to delivery; a second record of the same one changes nothing."""
        now = utc_now()
        await self._db.write_many(
            """
            INSERT INTO heat_reminders_sent (user_id, local_date, level, sent_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id, local_date, level) DO NOTHING
            """,
            [(user_id, day.isoformat(), level.key, now) for user_id, day, level in reminders],
        )

    # --- signals --------------------------------------------------------------------------------------

    async def current_signal(self) -> Signal | None:
        row = await self._db.fetchone(
            """
            SELECT level, declared_by, declared_at FROM heat_signals WHERE ended_at IS NULL
            ORDER BY id DESC LIMIT 1
            """
        )
        if row is None:
            return None
        return Signal(
            HeatLevel.from_key(row["level"]), row["declared_by"], datetime.fromisoformat(row["declared_at"])
        )

    async def declare_signal(self, level: HeatLevel, admin_id: int) -> None:
        """The new signal replaces the one in force (a change of colour ends the old one)."""
        assert level in (HeatLevel.YELLOW, HeatLevel.ORANGE, HeatLevel.RED)
        now = utc_now()
        async with self._db.transaction() as connection:
            await connection.lock("heat_signal")  # two declarations at once still leave one in force
            await connection.execute(
                "UPDATE heat_signals SET ended_at = ?, ended_by = ? WHERE ended_at IS NULL", (now, admin_id)
            )
            await connection.execute(
                "INSERT INTO heat_signals (level, declared_by, declared_at) VALUES (?, ?, ?)",
                (level.key, admin_id, now),
            )

    async def end_signal(self, admin_id: int) -> bool:
        """False when no signal was in force."""
        changed = await self._db.write(
            "UPDATE heat_signals SET ended_at = ?, ended_by = ? WHERE ended_at IS NULL", (utc_now(), admin_id)
        )
        return changed > 0

    # --- forecasts and checks -------------------------------------------------------------------------

    async def save_check(
        self, day: date, slot: str | None, outlooks: Iterable[tuple[Outlook, HeatLevel]]
    ) -> None:
        """Store the day's forecast per district (with the signal it suggests) and mark the scheduled
        check `slot` (HH:MM) as done, in one transaction. `slot` None: a check outside the schedule."""
        now = utc_now()
        async with self._db.transaction() as connection:
            await connection.executemany(
                """
                INSERT INTO heat_forecasts (local_date, district, today_max, today_apparent, tomorrow_max,
                                            tomorrow_apparent, suggested_signal, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (local_date, district) DO UPDATE SET
                    today_max = excluded.today_max, today_apparent = excluded.today_apparent,
                    tomorrow_max = excluded.tomorrow_max, tomorrow_apparent = excluded.tomorrow_apparent,
                    suggested_signal = excluded.suggested_signal, checked_at = excluded.checked_at
                """,
                [
                    (
                        day.isoformat(),
                        outlook.district_id,
                        outlook.today_max,
                        outlook.today_apparent,
                        outlook.tomorrow_max,
                        outlook.tomorrow_apparent,
                        suggested.key,
                        now,
                    )
                    for outlook, suggested in outlooks
                ],
            )
            if slot is not None:
                await connection.execute(
                    """
                    INSERT INTO heat_checks (local_date, slot, ran_at) VALUES (?, ?, ?)
                    ON CONFLICT (local_date, slot) DO UPDATE SET ran_at = excluded.ran_at
                    """,
                    (day.isoformat(), slot, now),
                )

    async def outlooks(self, day: date) -> dict[str, tuple[Outlook, HeatLevel]]:
        """The day's latest forecast per district, with the signal it suggests to admins."""
        rows = await self._db.fetchall(
            "SELECT * FROM heat_forecasts WHERE local_date = ?", (day.isoformat(),)
        )
        return {
            row["district"]: (
                Outlook(
                    row["district"],
                    _optional(row["today_max"]),
                    _optional(row["today_apparent"]),
                    _optional(row["tomorrow_max"]),
                    _optional(row["tomorrow_apparent"]),
                ),
                HeatLevel.from_key(row["suggested_signal"]),
            )
            for row in rows
        }

    async def checks_done(self, day: date) -> set[str]:
        rows = await self._db.fetchall(
            "SELECT slot FROM heat_checks WHERE local_date = ?", (day.isoformat(),)
        )
        return {row["slot"] for row in rows}
