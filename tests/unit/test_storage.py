"""The store on both backends: users and roles, transactions, persistence round trip; SQLite's pragmas
and online backup."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.channels.telegram.persistence import SqlitePersistence
from bot.storage import Storage
from bot.storage.database import Transaction
from bot.storage.sqlite import SqliteDatabase
from bot.users import Role


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Storage]:
    storage = Storage(tmp_path / "var" / "bot.db")
    await storage.open()
    yield storage
    await storage.close()


async def test_open_creates_the_folder_and_sets_the_pragmas(sqlite_store: Storage, tmp_path: Path) -> None:
    store = sqlite_store
    assert (tmp_path / "var" / "bot.db").exists()
    assert (await store.db.fetchvalue("PRAGMA journal_mode")) == "wal"
    assert (await store.db.fetchvalue("PRAGMA foreign_keys")) == 1
    assert (await store.db.fetchvalue("PRAGMA busy_timeout")) == 5000


async def test_open_is_idempotent(store: Storage) -> None:
    await store.users.seen(1, "刘", None, "zh")
    await store.open()
    assert store.db.is_open and await store.users.get(1) is not None


async def test_the_backend_follows_the_setting(store: Storage, database: Path | str) -> None:
    assert store.db.dialect == ("sqlite" if isinstance(database, Path) else "postgresql")


async def test_a_user_is_registered_once_and_keeps_their_language(store: Storage) -> None:
    first = await store.users.seen(1, "刘", None, "zh")
    await store.users.set_language(1, "en")
    again = await store.users.seen(1, "刘凤叶", "liu", "zh")  # a zh client does not undo the choice
    assert first.language == "zh"
    assert again.language == "en" and again.language_chosen and again.first_name == "刘凤叶"
    assert (await store.users.holders_of_username("@LIU")) == [again]


async def test_a_chosen_name_outlives_every_later_update(store: Storage) -> None:
    """WeChat calls everyone "微信用户": a name chosen with /name must not be written over by the next
    message, and what the staff read (the store's name) is the chosen one."""
    await store.users.seen(1, "微信用户", None, "zh")
    await store.users.choose_name(1, "小李")
    again = await store.users.seen(1, "微信用户", None, "zh")
    assert again.first_name == "小李" and again.name_chosen
    assert (await store.users.get(1)).first_name == "小李"  # type: ignore[union-attr]
    await store.users.choose_name(1, "李师傅")  # chosen again: the new one
    assert (await store.users.seen(1, "微信用户", None, "zh")).first_name == "李师傅"
    # Someone else's name still follows their channel.
    await store.users.seen(2, "刘", None, "zh")
    assert not (await store.users.seen(2, "刘凤叶", None, "zh")).name_chosen
    assert (await store.users.get(2)).first_name == "刘凤叶"  # type: ignore[union-attr]


async def test_deleteme_erases_the_chosen_name(store: Storage) -> None:
    await store.users.seen(1, "微信用户", None, "zh")
    await store.users.choose_name(1, "小李")
    assert (await store.privacy.export(1))["profile"]["first_name"] == "小李"
    await store.privacy.erase(1, "2026-07")
    assert await store.db.fetchvalue("SELECT COUNT(*) FROM users WHERE first_name = ?", ("小李",)) == 0
    back = await store.users.seen(1, "微信用户", None, "zh")  # the same id writing again starts anew
    assert back.first_name == "微信用户" and not back.name_chosen


async def test_a_blocked_user_who_writes_again_is_unblocked(store: Storage) -> None:
    await store.users.seen(1, "a", None, "zh")
    await store.users.set_blocked(1, True)
    assert (await store.users.get(1)).blocked  # type: ignore[union-attr]
    assert not (await store.users.seen(1, "a", None, "zh")).blocked


async def test_roles_are_stored_per_user(store: Storage) -> None:
    await store.users.seen(1, "a", None, "zh")
    await store.db.write(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)",
        (1, "observer", "2026-01-01T00:00:00+00:00"),
    )
    assert (await store.users.roles(1)) == frozenset({Role.OBSERVER})
    assert await store.users.ids_with_any_role() == [1]


async def test_a_failed_transaction_changes_nothing(store: Storage) -> None:
    with pytest.raises(RuntimeError):
        async with store.db.transaction() as connection:
            await connection.execute(
                "INSERT INTO users (id, language, created_at, updated_at, last_seen_at)"
                " VALUES (5, 'zh', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00',"
                " '2026-01-01T00:00:00+00:00')"
            )
            raise RuntimeError("abort")
    assert await store.users.get(5) is None


async def _insert_user(connection: Transaction, user_id: int) -> None:
    now = "2026-01-01T00:00:00+00:00"
    await connection.execute(
        "INSERT INTO users (id, language, created_at, updated_at, last_seen_at) VALUES (?, 'zh', ?, ?, ?)",
        (user_id, now, now, now),
    )


async def test_a_read_never_sees_another_tasks_uncommitted_write(store: Storage) -> None:
    """A handler reading while the outbox sender or a job is inside its transaction sees the data as
    it was before; the row the transaction inserted, and later rolls back, never shows."""
    inserted, rolled_back = asyncio.Event(), asyncio.Event()

    async def job_that_fails_half_way() -> None:
        with pytest.raises(RuntimeError):
            async with store.db.transaction() as connection:
                await _insert_user(connection, 5)
                inserted.set()
                await rolled_back.wait()
                raise RuntimeError("abort")

    job = asyncio.create_task(job_that_fails_half_way())
    await inserted.wait()
    seen_during = await store.users.get(5)
    rolled_back.set()
    await job
    assert seen_during is None
    assert await store.users.get(5) is None


async def test_a_transaction_reads_its_own_writes_and_others_see_them_once_committed(store: Storage) -> None:
    async with store.db.transaction() as connection:
        await _insert_user(connection, 5)
        assert await store.users.get(5) is not None  # a repository read inside the unit of work
    assert await store.users.get(5) is not None
    await store.users.set_blocked(5, True)
    assert (await store.users.get(5)).blocked  # type: ignore[union-attr]


async def test_persistence_round_trip(database: Path | str) -> None:
    store = Storage(database)
    persistence = SqlitePersistence(store)
    await persistence.update_conversation("report", (10, 10), 3)
    await persistence.update_user_data(10, {"draft": {"text": "路口红绿灯坏了"}})
    await persistence.update_chat_data(10, {"page": 2})
    await store.close()

    reopened_store = Storage(database)
    reopened = SqlitePersistence(reopened_store)
    assert await reopened.get_conversations("report") == {(10, 10): 3}
    assert await reopened.get_user_data() == {10: {"draft": {"text": "路口红绿灯坏了"}}}
    assert await reopened.get_chat_data() == {10: {"page": 2}}
    await reopened.update_conversation("report", (10, 10), None)
    await reopened.drop_user_data(10)
    assert await reopened.get_conversations("report") == {}
    assert await reopened.get_user_data() == {}
    await reopened_store.close()


async def test_online_backup_copies_a_live_database(sqlite_store: Storage, tmp_path: Path) -> None:
    from bot.storage.database import backup_database

    store = sqlite_store
    await store.users.seen(1, "刘", None, "zh")
    assert isinstance(store.db, SqliteDatabase)
    pages = backup_database(store.db.path, tmp_path / "backups" / "copy.db")
    assert pages > 0
    copy = Storage(tmp_path / "backups" / "copy.db")
    await copy.open()
    try:
        restored = await copy.users.get(1)
        assert restored is not None and restored.first_name == "刘"
    finally:
        await copy.close()


def test_placeholders_are_numbered_outside_literals_names_and_comments() -> None:
    from bot.storage.postgres import numbered_placeholders

    sql = "SELECT '?', 'it''s ?', \"odd?name\", ? -- why?\n FROM t /* ? */ WHERE a = ? AND b IN (?, ?)"
    assert numbered_placeholders(sql) == (
        "SELECT '?', 'it''s ?', \"odd?name\", $1 -- why?\n FROM t /* ? */ WHERE a = $2 AND b IN ($3, $4)"
    )


async def test_moments_read_back_as_the_iso_text_sqlite_stores(store: Storage) -> None:
    await store.users.seen(1, "刘", None, "zh")
    await store.users.set_location(1, 30.25, 120.17)
    profile = await store.users.get(1)
    assert profile is not None and profile.last_location_at is not None
    assert profile.last_location_at.utcoffset() is not None
    moment = await store.db.fetchvalue("SELECT last_seen_at FROM users WHERE id = 1")
    assert isinstance(moment, str) and moment.endswith("+00:00") and "T" in moment
