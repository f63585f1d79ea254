"""SQL for users and their roles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.storage.database import Database, Row, utc_now
from bot.users import Role, UserProfile


def _profile(row: Row, held: tuple[frozenset[Role], frozenset[str]]) -> UserProfile:
    roles, stations = held
    location = None if row["last_lat"] is None else (float(row["last_lat"]), float(row["last_lon"]))
    located_at = datetime.fromisoformat(row["last_location_at"]) if row["last_location_at"] else None
    return UserProfile(
        id=row["id"],
        first_name=row["first_name"],
        username=row["username"],
        language=row["language"],
        language_chosen=bool(row["language_chosen"]),
        name_chosen=bool(row["name_chosen"]),
        stored_roles=roles,
        last_location=location,
        last_location_at=located_at,
        location_notice_shown=bool(row["location_notice_shown"]),
        start_payload=row["start_payload"],
        blocked=bool(row["blocked"]),
        staff_stations=stations,
    )


class UserRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def seen(self, user_id: int, first_name: str, username: str | None, language: str) -> UserProfile:
        """Register or refresh a user on any update. `language` only applies to a new user:
        after first contact the stored language (or the one chosen with /language) wins. `first_name`
        (the channel's name for them) applies until they choose one with /name."""
        now = utc_now()
        row = await self._db.write_returning(
            """
            INSERT INTO users (id, first_name, username, language, created_at, updated_at, last_seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                first_name = CASE WHEN users.name_chosen = 1 THEN users.first_name
                                  ELSE excluded.first_name END,
                username = excluded.username,
                blocked = 0,
                last_seen_at = excluded.last_seen_at
            RETURNING *
            """,
            (user_id, first_name, username, language, now, now, now),
        )
        assert row is not None  # an upsert always returns its row
        return _profile(row, await self._held(user_id))

    async def reachable_languages(self, user_ids: Sequence[int]) -> dict[int, str]:
        """The language of each of these people the bot may write to (known, not blocked), in one query."""
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        rows = await self._db.fetchall(
            f"SELECT id, language FROM users WHERE blocked = 0 AND id IN ({marks})", tuple(user_ids)
        )
        return {row["id"]: row["language"] for row in rows}

    async def get(self, user_id: int) -> UserProfile | None:
        row = await self._db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        if row is None:
            return None
        return _profile(row, await self._held(user_id))

    async def holders_of_username(self, username: str) -> list[UserProfile]:
        """Who holds @username now. Usernames move between people and a row keeps the name it last saw,
        so only the most recently seen rows count; more than one means we cannot tell who is meant."""
        name = username.removeprefix("@")
        rows = await self._db.fetchall(
            """
            SELECT * FROM users
            WHERE lower(username) = lower(?)
              AND last_seen_at = (SELECT max(last_seen_at) FROM users WHERE lower(username) = lower(?))
            ORDER BY id
            """,
            (name, name),
        )
        return [_profile(row, await self._held(row["id"])) for row in rows]

    async def roles(self, user_id: int) -> frozenset[Role]:
        return (await self._held(user_id))[0]

    async def _held(self, user_id: int) -> tuple[frozenset[Role], frozenset[str]]:
        """The stored roles, with Role.STAFF for staff of a station, and the stations they are staff of."""
        rows = await self._db.fetchall(
            "SELECT role, NULL AS station_id FROM user_roles WHERE user_id = ?"
            " UNION ALL SELECT 'staff', station_id FROM staff_stations WHERE user_id = ?",
            (user_id, user_id),
        )
        stations = frozenset(row["station_id"] for row in rows if row["station_id"] is not None)
        return frozenset(Role(row["role"]) for row in rows), stations

    async def ids_with_any_role(self) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT user_id FROM user_roles UNION SELECT user_id FROM staff_stations ORDER BY user_id"
        )
        return [row["user_id"] for row in rows]

    async def staff_of(self, station_id: str) -> list[int]:
        """Who keeps this station (its staff), by id."""
        rows = await self._db.fetchall(
            "SELECT user_id FROM staff_stations WHERE station_id = ? ORDER BY user_id", (station_id,)
        )
        return [row["user_id"] for row in rows]

    async def grant_station(self, user_id: int, station_id: str, granted_by: int | None) -> bool:
        """Make them staff of the station; False when they already were."""
        return (
            await self._db.write(
                """
                INSERT INTO staff_stations (user_id, station_id, granted_by, granted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, station_id) DO NOTHING
                """,
                (user_id, station_id, granted_by, utc_now()),
            )
            > 0
        )

    async def revoke_station(self, user_id: int, station_id: str) -> bool:
        """End their staff role at the station; False when they were not its staff."""
        return (
            await self._db.write(
                "DELETE FROM staff_stations WHERE user_id = ? AND station_id = ?", (user_id, station_id)
            )
            > 0
        )

    async def set_language(self, user_id: int, language: str) -> None:
        await self._db.write(
            "UPDATE users SET language = ?, language_chosen = 1, updated_at = ? WHERE id = ?",
            (language, utc_now(), user_id),
        )

    async def choose_name(self, user_id: int, name: str) -> None:
        """The name the bot and the staff call them by from now on, whatever their channel calls them."""
        await self._db.write(
            "UPDATE users SET first_name = ?, name_chosen = 1, updated_at = ? WHERE id = ?",
            (name, utc_now(), user_id),
        )

    async def set_location(self, user_id: int, lat: float, lon: float) -> None:
        """The last shared location (WGS-84) with its time: heat reminders use it later."""
        now = utc_now()
        await self._db.write(
            "UPDATE users SET last_lat = ?, last_lon = ?, last_location_at = ?, updated_at = ? WHERE id = ?",
            (lat, lon, now, now, user_id),
        )

    async def forget_location(self, user_id: int) -> None:
        """The person asked to drop their last location and keep their account."""
        await self._db.write(
            "UPDATE users SET last_lat = NULL, last_lon = NULL, last_location_at = NULL, updated_at = ?"
            " WHERE id = ?",
            (utc_now(), user_id),
        )

    async def mark_location_notice_shown(self, user_id: int) -> None:
        await self._db.write(
            "UPDATE users SET location_notice_shown = 1, updated_at = ? WHERE id = ?", (utc_now(), user_id)
        )

    async def set_start_payload(self, user_id: int, payload: str) -> None:
        await self._db.write(
            "UPDATE users SET start_payload = ?, updated_at = ? WHERE id = ?",
            (payload, utc_now(), user_id),
        )

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        await self._db.write(
            "UPDATE users SET blocked = ?, updated_at = ? WHERE id = ?", (int(blocked), utc_now(), user_id)
        )

    async def grant_role(self, user_id: int, role: Role, granted_by: int | None) -> bool:
        """False when the user already held the role (an /appoint sent twice changes nothing)."""
        return (
            await self._db.write(
                """
                INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, role) DO NOTHING
                """,
                (user_id, role.value, granted_by, utc_now()),
            )
            > 0
        )

    async def revoke_role(self, user_id: int, role: Role) -> bool:
        """False when the user did not hold the role."""
        return (
            await self._db.write(
                "DELETE FROM user_roles WHERE user_id = ? AND role = ?", (user_id, role.value)
            )
            > 0
        )
