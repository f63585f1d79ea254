"""Migrations by name: every database an earlier release left behind is brought up to today's schema,
and a migration that has shipped is never edited again."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from bot.storage import Storage
from bot.storage.database import migrations

BUNDLED = Path(__file__).resolve().parents[2] / "bot" / "storage" / "migrations"
LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_schemas"

# The SHA-256 of every migration that has shipped. A shipped migration has already run on someone's
# database, so a change to it would never reach them: add a new migration instead.
SHIPPED = {
    "0001_users": "2ae975dffe26de72d746ccb04bdfba1c9d5a5705ef4c7905376d4d239c9b266b",
    "0002_points": "fe41d20d4ffdc0d6cbca341c4c39726cd6d69a2c9e9ad9ee012a3753b8b4eabd",
    "0003_reports": "7d3cf5181cfb04937981ff9d6b3e729a6a059c4fdc65c932cc0b488c32d386e1",
    "0004_broadcast": "d5cba89588686d16c8c919a20814b3b7f82669f4fb5ce56b8bcdebee6813e5cb",
    "0005_heat": "22330069933aa077b2031ae891a8f7de616cebbcdbc0ebfc4c360802de490ba7",
    "0006_processed_updates": "62dc4e6a9f66e8db4ac9f19f6762d1e416fb8d8812752ae05664af7615c54f56",
    "0007_privacy": "f890176c473ee0f1b6073bef345c9d49fbb90b01d56fb687ce6a0ec8f9741466",
    "0008_rebuild_processed_updates": "1d89234caf9627893456099e9f8c2c202e00655c798658e9e7014047f42ee183",
    "0009_anonymous_facts": "956085263eba126f32395307a1a4b49529a14052f7c298e8f8919362e52b0b59",
    "0010_outbox_buttons": "6d68560f3113c16b859935b7a18db209ca69b4211ba87e1ab07178d96ff89a95",
    "0011_admin_cards": "b32e6efcaa0abce446322abf64fe0647126dc1a416379eb6e9a9cd8a7fd42b22",
    "0012_paid_broadcast": "5ada8bc822feae07a5dd14ea6b056a7f5bbc4cd6ad04d9164259a37b65dddb5d",
    "0013_workers": "4ddbd54fe61f57db344bba84ef831fbc188d87d8bd836ad3006336cbf95eaab9",
    "0014_wechat_identities": "c941011eac6cb60c9b60b6d4f84eb37f57b7807b7de7350144ed7a3d0847d196",
    "0015_chat_notices": "2da414f9ca752b970282af9dbdf5af932bd6b6fd9ef5dfe92aeae36b09befb50",
    "0016_station_life": "b51c304242f5b9e71894668548a02fc5609d8556fc5bb54def9e4cf7b6954382",
    "0017_events": "fd40c07420aedd7f3640e4a437ad72cbf9e863210b454b8a3c2b020807afefb3",
    "0018_consultations": "72b208eaec99badf5ed86dbd7c09143f861f1ed23bf10d79073359d85ff59aaf",
    "0019_wechat_links": "83b13d37c448eaee6dc45814ff06ee9f51d7aa4ff62bb25dc456c0d6b4bf402d",
    "0022_wechat_held_buttons": "cb23126b4933eaa91e3b5f75afd0d7a30c3d84935e239f3fc49be420e0c0e0d4",
    "0023_chosen_names": "13c0e0ffffeb25e1e432defaf4ba7aa646a0bf02b95b18471272f6ad9b0b8484",
}

# What each commit that touched bot/storage/migrations bundled (`git log -- bot/storage/migrations`),
# oldest first. Every file is today's except 0006 before 87823bd, which keyed updates by an integer id
# (kept in tests/fixtures/legacy_schemas).
OLD_0006 = "0006_processed_updates.b748edb"
HISTORY: list[tuple[str, list[str]]] = [
    ("483a6ec", ["0001_users"]),
    ("b748edb", ["0001_users", OLD_0006]),
    ("472efb1", ["0001_users", "0002_points", OLD_0006]),
    ("c8704a1", ["0001_users", "0002_points", "0003_reports", OLD_0006]),
    ("1c92dac", ["0001_users", "0002_points", "0003_reports", OLD_0006, "0007_privacy"]),
    ("9bbb4db", ["0001_users", "0002_points", "0003_reports", "0005_heat", OLD_0006, "0007_privacy"]),
    (
        "193f3cf",
        [
            "0001_users",
            "0002_points",
            "0003_reports",
            "0004_broadcast",
            "0005_heat",
            OLD_0006,
            "0007_privacy",
        ],
    ),
    ("87823bd", [name for name in SHIPPED if name <= "0007"]),
]


def _sql(name: str) -> str:
    folder = LEGACY if name == OLD_0006 else BUNDLED
    return (folder / f"{name}.sql").read_text(encoding="utf-8")


def _bundled_names() -> list[str]:
    return sorted(path.stem for path in BUNDLED.glob("*.sql"))


def _run_release(connection: sqlite3.Connection, bundled: list[str]) -> None:
    """What every release up to 87823bd did at start: apply each file numbered above user_version."""
    current = connection.execute("PRAGMA user_version").fetchone()[0]
    for name in bundled:
        version = int(name[:4])
        if version > current:
            connection.executescript(f"BEGIN;\n{_sql(name)}\nPRAGMA user_version = {version};\nCOMMIT;")
            current = version


def _legacy_database(path: Path, created_at: int, upgraded_to: int) -> None:
    """The database of a deployment created at HISTORY[created_at], then run by each later release
    up to HISTORY[upgraded_to], with a person and (when the release had points) their ledger."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        _run_release(connection, HISTORY[created_at][1])
        connection.execute(
            "INSERT INTO users (id, first_name, language, created_at, updated_at, last_seen_at)"
            " VALUES (42, '小周', 'zh', '2026-06-01', '2026-06-01', '2026-06-01')"
        )
        if "0002_points" in HISTORY[created_at][1]:
            connection.execute(
                "INSERT INTO points_ledger (user_id, kind, amount, balance_after, reason, actor,"
                " idempotency_key, created_at) VALUES (42, 'earn', 30, 30, 'hours', 7, 'k1', '2026-06-01')"
            )
            connection.execute(
                "INSERT INTO redemptions (user_id, reward_id, cost, code, status, created_at, expires_at,"
                " idempotency_key) VALUES (42, 'tea', 10, 'ABC123', 'collected', '2026-06-01',"
                " '2026-06-08', 'r1')"
            )
        for _commit, bundled in HISTORY[created_at + 1 : upgraded_to + 1]:
            _run_release(connection, bundled)
    finally:
        connection.close()


async def _schema(store: Storage) -> dict[str, object]:
    """Tables with their columns, indexes with their columns, and trigger names."""
    schema: dict[str, object] = {}
    for row in await store.db.fetchall("SELECT type, name, tbl_name FROM sqlite_master ORDER BY name"):
        if row["name"].startswith("sqlite_autoindex"):
            continue
        if row["type"] == "table":
            columns = await store.db.fetchall(f"PRAGMA table_info({row['name']})")
            schema[row["name"]] = [tuple(column) for column in columns]
        elif row["type"] == "index":
            columns = await store.db.fetchall(f"PRAGMA index_info({row['name']})")
            schema[row["name"]] = (row["tbl_name"], [column["name"] for column in columns])
        else:
            schema[row["name"]] = (row["type"], row["tbl_name"])
    return schema


def test_a_shipped_migration_is_never_edited() -> None:
    bundled = {path.stem: hashlib.sha256(path.read_bytes()).hexdigest() for path in BUNDLED.glob("*.sql")}
    assert {name: bundled.get(name) for name in SHIPPED} == SHIPPED


UPGRADE_PATHS = [
    (created, upgraded) for created in range(len(HISTORY)) for upgraded in range(created, len(HISTORY))
]


@pytest.mark.parametrize(
    ("created_at", "upgraded_to"),
    UPGRADE_PATHS,
    ids=[f"{HISTORY[c][0]}-then-{HISTORY[u][0]}" for c, u in UPGRADE_PATHS],
)
async def test_every_earlier_database_is_brought_up_to_date(
    tmp_path: Path, created_at: int, upgraded_to: int
) -> None:
    _legacy_database(tmp_path / "legacy.db", created_at, upgraded_to)
    fresh, legacy = Storage(tmp_path / "fresh.db"), Storage(tmp_path / "legacy.db")
    await fresh.open()
    await legacy.open()
    try:
        assert await _schema(legacy) == await _schema(fresh)
        assert await legacy.db.applied_migrations() == _bundled_names()
        person = await legacy.users.get(42)
        assert person is not None and person.first_name == "小周"
        if "0002_points" in HISTORY[created_at][1]:
            assert await legacy.points.balance(42) == 30
            assert await legacy.points.issued() == {"tea": 1}
        assert await legacy.updates.claim("1:digest")
    finally:
        await fresh.close()
        await legacy.close()


async def test_a_restart_applies_nothing_twice(database: Path | str) -> None:
    store = Storage(database)
    await store.open()
    applied = await store.db.applied_migrations()
    await store.close()
    await store.open()
    try:
        bundled = [name for name, _ in migrations(store.db.dialect)]
        assert await store.db.applied_migrations() == applied == bundled
        if store.db.dialect == "sqlite":
            assert bundled == _bundled_names()
    finally:
        await store.close()
