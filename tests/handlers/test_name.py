"""/name through real dispatch: WeChat calls everyone "微信用户", so a person chooses how the bot and the
station staff call them; bad names are refused in the person's language and change nothing, and the chosen
name is what the staff read on today's check-ins and on the card of the hours to approve."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.volunteer import checkin_payload
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.updates import user

HOME = "sijiqing-djzx"
# What the WeChat receiver makes of every WeChat person: an id above 2**52, no name of their own.
WECHAT_COURIER = user(2**52 + 1, "微信用户", None)
WECHAT_NEIGHBOUR = user(2**52 + 2, "微信用户", None)
ENGLISH = user(102, "Sam", "en")
STAFF = user(301, "陈站长", "zh-hans")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")


@pytest.fixture(autouse=True)
def wednesday_afternoon() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(
        datetime(2026, 7, 15, 14, 5, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ) as clock:
        yield clock


async def reply(chat: Chat, sender: dict[str, object], text: str) -> str:
    [answer] = await chat.send(sender, text)
    return answer.plain_text


async def test_a_name_is_set_and_plain_name_tells_it(chat: Chat) -> None:
    assert "现在我叫你：微信用户" in await reply(chat, WECHAT_COURIER, "/name")
    assert "/name 小李" in await reply(chat, WECHAT_COURIER, "/name")  # how to change it
    assert "以后就叫你“小李”" in await reply(chat, WECHAT_COURIER, "/name   小李  ")
    # Every later message still says "微信用户": the chosen name stays.
    assert "现在我叫你：小李" in await reply(chat, WECHAT_COURIER, "/name")
    assert "以后就叫你“李 师傅”" in await reply(chat, WECHAT_COURIER, "/name 李   师傅")


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("李" * 33, "这个称呼太长了，最多 32 个字"),
        ("。。。", "称呼里要有字"),
        ("\u200b", "不能有换行或看不见的字符"),
        ("小\n李", "不能有换行或看不见的字符"),
        ("小李\u202e", "不能有换行或看不见的字符"),  # a direction override would turn the text around it
        ("<b>小李</b>", "称呼里不能有 < 或 >"),
    ],
)
async def test_a_bad_name_is_refused_in_chinese_and_changes_nothing(
    chat: Chat, typed: str, refusal: str
) -> None:
    await reply(chat, WECHAT_COURIER, "/name 小李")
    answer = await reply(chat, WECHAT_COURIER, f"/name {typed}")
    assert refusal in answer and "/name 小李" in answer  # an example of a good one
    assert "现在我叫你：小李" in await reply(chat, WECHAT_COURIER, "/name")


async def test_a_bad_name_is_refused_in_english(chat: Chat) -> None:
    too_long = await reply(chat, ENGLISH, f"/name {'x' * 33}")
    assert "That name is too long: 32 characters at most" in too_long
    assert "A name cannot contain < or >" in await reply(chat, ENGLISH, "/name <i>Sam</i>")
    assert "I call you: Sam" in await reply(chat, ENGLISH, "/name")
    assert "Done: from now on you are “Sam Li”" in await reply(chat, ENGLISH, "/name Sam Li")


async def test_a_name_with_an_ampersand_is_shown_as_typed(chat: Chat) -> None:
    [answer] = await chat.send(WECHAT_COURIER, "/name 李&王")
    assert "“李&王”" in answer.plain_text and "李&amp;王" in answer.text  # escaped in the HTML sent


async def test_the_staff_tell_wechat_couriers_apart_by_their_chosen_names(
    chat: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    """Two WeChat couriers check in at the station: the staff's /station lists them by the names they
    chose, and the card of the hours one of them checks out names them too."""
    for person in (STAFF, WECHAT_COURIER, WECHAT_NEIGHBOUR, ADMIN):
        await chat.send(person, "/start")
    await chat.send(ADMIN, f"/appoint 301 staff {HOME}")
    await chat.deliver()
    await chat.send(WECHAT_COURIER, "/name 小李")
    await chat.send(WECHAT_NEIGHBOUR, "/name 老王 & 小张")
    secret = await chat.application.bot_data.store.volunteer.checkin_secret()
    for person in (WECHAT_COURIER, WECHAT_NEIGHBOUR):
        await chat.send(person, f"/start {checkin_payload(secret, HOME, date(2026, 7, 15))}")

    panel = next(call for call in await chat.send(STAFF, "/station") if "今天签到" in call.plain_text)
    assert "今天签到 2 人" in panel.plain_text
    assert "小李" in panel.plain_text and "老王 & 小张" in panel.plain_text
    assert "微信用户" not in panel.plain_text

    wednesday_afternoon.shift(timedelta(hours=2))
    await chat.send(WECHAT_COURIER, "/checkout")
    [card] = [call for call in await chat.deliver() if call.chat_id == STAFF["id"]]
    assert "小李" in card.plain_text and "微信用户" not in card.plain_text and card.buttons


async def test_mydata_shows_the_chosen_name(chat: Chat) -> None:
    await chat.send(WECHAT_COURIER, "/name 小李")
    summary, document = await chat.send(WECHAT_COURIER, "/mydata")
    assert "账号：小李" in summary.plain_text
    [export] = document.files.values()
    assert '"first_name": "小李"' in export.decode() and '"name_chosen": 1' in export.decode()


async def test_help_offers_name_to_everyone(chat: Chat) -> None:
    assert "/name — 设置我怎么称呼你" in await reply(chat, WECHAT_COURIER, "/help")


async def test_the_telegram_welcome_does_not_ask_for_a_name(chat: Chat) -> None:
    """Telegram gives every person their own name: only WeChat's welcome asks (tests/e2e/test_wechat.py)."""
    [welcome] = chat.texts(await chat.send(STAFF, "/start"))
    assert "陈站长，你好" in welcome and "/name" not in welcome
