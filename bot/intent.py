"""What a courier's free text asks for: "最近的驿站", "哪里能充电", "积分", "今天做了两个半小时志愿服务",
"热死了", "你好", "where can I charge" -> the feature that answers it.

Channel-neutral and offline. Chinese is read by spotting the words of each feature in the text (longest
first, so 热饭 is a microwave and not heat), English word by word with rapidfuzz, so that typos ("neerest",
"pionts") still land. Each feature scores the weights of its words; the best score wins and a tie goes to
the feature listed first in `_PRIORITY`. A text with no feature word may still be a place name: the caller
asks the gazetteer (see `classify`), and otherwise offers the menu.

jieba would segment the text first, but its dictionary takes about a second and tens of MB to load, and the
spotting needs no segmentation: the feature words are the vocabulary.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from rapidfuzz import fuzz, process

from bot.places import to_simplified
from bot.stations import Service
from bot.timeparse import ClockReading, Direction, find_clock, find_day, find_duration


class Intent(StrEnum):
    NEAREST = "nearest"
    POINTS = "points"
    REWARDS = "rewards"
    VOLUNTEER = "volunteer"
    REPORT = "report"
    HEAT = "heat"
    POLICY = "policy"
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    CANCEL = "cancel"
    PLACE = "place"
    UNKNOWN = "unknown"


def _weighted(weight: int, words: str) -> dict[str, int]:
    return dict.fromkeys(words.split(), weight)


# Chinese (and emoji) words of each feature with their weight: 3 names the feature, 2 points at it, 1 is
# small talk that anything more specific outweighs.
_CHINESE: dict[Intent, dict[str, int]] = {
    Intent.NEAREST: {
        **_weighted(3, "驿站 驿占 译站 易站 小哥驿站 服务站 服务点 休息站 休息点"),
        **_weighted(3, "歇脚 歇歇脚 歇会 党群服务中心 暖心驿站 爱心驿站"),
        **_weighted(2, "最近 附近 周边 哪里 哪儿 哪有 在哪 哪边 哪能 哪个地方"),
        **_weighted(2, "哪旮旯 哪嘎 哪哈 哪块 啥地方 啥子地方 哪点 离我近"),
        **_weighted(2, "怎么走 咋走 导航 地图 路线"),
    },
    Intent.POINTS: {
        **_weighted(3, "积分 积份 暖新积分 多少分 几分 我的分 分数 攒了多少"),
        **_weighted(3, "有好多分 好多分 余额 查分"),
    },
    Intent.REWARDS: {
        **_weighted(3, "兑换 对换 奖励 奖品 礼品 礼物 换礼 换什么 换啥 能换"),
        **_weighted(3, "换头盔 换雨衣 换水杯 换东西 商城 福利 奖历"),
    },
    Intent.VOLUNTEER: {
        **_weighted(3, "志愿 志原 自愿服务 义工 做好事 当志愿者 登记时长"),
        **_weighted(1, "服务时长 记时长 报时长 做了 干了 帮忙"),
    },
    Intent.REPORT: {
        **_weighted(3, "举报 反映 反应问题 上报 投诉 民情 报告 报料 爆料"),
        **_weighted(2, "隐患 井盖 红绿灯坏 路灯坏 被罚 被欺负 拖欠 急难愁盼"),
    },
    Intent.POLICY: {
        **_weighted(3, "政策 政策咨询 咨询台 社保 医保 养老保险 医疗保险 五险一金 工伤 职业伤害"),
        **_weighted(3, "高温津贴 高温补贴 高温费 防暑降温费 劳动合同 劳动纠纷 劳动争议 欠薪 拖欠工资"),
        **_weighted(3, "法律援助 交规 交通规则 最严算法"),
    },
    Intent.HEAT: {
        **_weighted(3, "高温 中暑 防暑 热死 好热 太热 热得 热的要命 晒死"),
        **_weighted(3, "多少度 几度 气温 温度 天气 高温提醒 热不热 🥵 ☀️"),
        **_weighted(1, "热 晒 闷"),
    },
    Intent.HELP: {
        **_weighted(3, "帮助 怎么用 咋用 咋个用 不会用 功能 菜单 说明 教程"),
        **_weighted(3, "能干啥 能干什么 能做什么 会什么 会干啥 干嘛的 干啥的"),
        **_weighted(3, "有什么用 有啥用 啥子功能 能干啥子 帮帮我 不晓得 咋整 咋弄"),
        **_weighted(1, "怎么 咋个 如何"),
    },
    Intent.GREETING: {
        **_weighted(1, "你好 您好 泥嚎 嗨 哈喽 哈罗 早上好 早安 中午好 下午好 晚上好"),
        **_weighted(1, "在吗 在不在 在么 喂 👋 有人吗"),
    },
    Intent.THANKS: _weighted(1, "谢谢 谢了 谢啦 多谢 感谢 辛苦了 3q 🙏 👍 好的 收到 好嘞"),
    Intent.CANCEL: _weighted(3, "取消 算了 不要了 不用了 退出 不弄了 不搞了"),
}

# Service words also mean "the nearest station that has it".
_SERVICES: dict[str, Service] = {
    **dict.fromkeys(("充电", "冲电", "换电", "电瓶", "电池", "没电", "🔋", "⚡"), Service.CHARGING),
    **dict.fromkeys(("喝水", "喝口水", "饮水", "接水", "打水", "加水", "水"), Service.WATER),
    **dict.fromkeys(("凉快", "纳凉", "乘凉", "歇凉", "避暑", "降温", "空调", "吹空调"), Service.COOLING),
    **dict.fromkeys(("急救", "药箱", "创可贴", "受伤", "药"), Service.FIRST_AID),
    **dict.fromkeys(("厕所", "卫生间", "洗手间", "上厕所", "🚻"), Service.TOILET),
    **dict.fromkeys(("微波炉", "热饭", "热一下饭", "吃饭"), Service.MICROWAVE),
    **dict.fromkeys(("休息", "坐一下", "躺一下"), Service.REST),
}

_ENGLISH: dict[Intent, dict[str, int]] = {
    Intent.NEAREST: {
        **_weighted(3, "station stations nearest closest nearby"),
        **_weighted(2, "where near around find map"),
    },
    Intent.POINTS: _weighted(3, "points point score balance"),
    Intent.REWARDS: _weighted(3, "rewards reward redeem prize prizes gift gifts shop"),
    Intent.VOLUNTEER: _weighted(3, "volunteer volunteered volunteering"),
    Intent.REPORT: _weighted(3, "report complain complaint hazard pothole"),
    Intent.POLICY: _weighted(3, "policy policies insurance pension injury allowance lawyer legal wages"),
    Intent.HEAT: _weighted(3, "heat hot weather temperature heatstroke sunstroke"),
    Intent.HELP: _weighted(3, "help menu commands how"),
    Intent.GREETING: _weighted(1, "hi hello hey hiya nihao morning evening"),
    Intent.THANKS: _weighted(1, "thanks thank thx ty cheers ok okay"),
    Intent.CANCEL: _weighted(3, "cancel stop quit nevermind exit"),
}
_ENGLISH_SERVICES: dict[str, Service] = {
    **dict.fromkeys(("charge", "charging", "charger", "battery"), Service.CHARGING),
    **dict.fromkeys(("water", "drink"), Service.WATER),
    **dict.fromkeys(("cool", "cooling", "aircon", "ac", "shade"), Service.COOLING),
    **dict.fromkeys(("toilet", "restroom", "bathroom", "wc"), Service.TOILET),
    **dict.fromkeys(("microwave",), Service.MICROWAVE),
    **dict.fromkeys(("rest",), Service.REST),
}
# A service word counts for NEAREST with this weight.
_SERVICE_WEIGHT = 2
# A duration in the text ("两个半小时") is what logging volunteer hours asks for.
_DURATION_WEIGHT = 2
# English words shorter than this only count when spelled right ("hi" is not a typo of "ok").
_MIN_FUZZY_LENGTH = 4
# rapidfuzz ratio (0-100) from which a word is taken as a typo of a feature word: one wrong letter in six.
_FUZZY_CUTOFF = 80.0

_PRIORITY = (
    Intent.CANCEL,
    Intent.VOLUNTEER,
    Intent.REPORT,
    Intent.REWARDS,
    Intent.POINTS,
    Intent.NEAREST,
    Intent.POLICY,
    Intent.HEAT,
    Intent.HELP,
    Intent.THANKS,
    Intent.GREETING,
)

_CHINESE_WORDS: tuple[tuple[str, Intent | Service], ...] = tuple(
    sorted(
        [(word, intent) for intent, words in _CHINESE.items() for word in words]
        + [(word, service) for word, service in _SERVICES.items()],
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)
_ENGLISH_WORDS: dict[str, Intent | Service] = {
    **{word: intent for intent, words in _ENGLISH.items() for word in words},
    **_ENGLISH_SERVICES,
}
_FUZZY_CHOICES = [word for word in _ENGLISH_WORDS if len(word) >= _MIN_FUZZY_LENGTH]
_LATIN_WORD = re.compile(r"[a-z][a-z']*")
# Left after the feature words are taken out of "武林广场附近的驿站": the particles around the place name.
_PARTICLES = re.compile(r"[\W_的了吗呢吧啊呀么有个在去到找我是要想请问能可以一下这那里儿边近]+")
_MIN_PLACE_LENGTH = 2


@dataclass(frozen=True, slots=True)
class Understanding:
    """What a text asks for, with the place and service of a search when it names them."""

    intent: Intent
    place: str | None = None
    service: Service | None = None


@dataclass(frozen=True, slots=True)
class VolunteerDetails:
    """What a volunteer message already says: the day, the start, how long."""

    day: date | None
    start: ClockReading | None
    minutes: Fraction | None


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text).lower()).strip()


def _english_match(word: str) -> Intent | Service | None:
    found = _ENGLISH_WORDS.get(word)
    if found is not None or len(word) < _MIN_FUZZY_LENGTH:
        return found
    best = process.extractOne(word, _FUZZY_CHOICES, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return _ENGLISH_WORDS[best[0]] if best is not None else None


@functools.lru_cache(maxsize=1024)
def understand(text: str) -> Understanding:
    """The feature `text` asks for; UNKNOWN when it names none (it may still be a place: see `classify`).
    Cached because the conversations' entry filters and the free-text handler ask about the same text."""
    folded = _fold(text)
    scores: dict[Intent, int] = {}
    services: list[Service] = []
    rest = folded
    for word, meaning in _CHINESE_WORDS:
        if word in rest:
            rest = rest.replace(word, " ")
            if isinstance(meaning, Intent):
                scores[meaning] = scores.get(meaning, 0) + _CHINESE[meaning][word]
            else:
                services.append(meaning)
    for word in _LATIN_WORD.findall(rest):
        english = _english_match(word)
        if english is None:
            continue
        rest = rest.replace(word, " ", 1)
        if isinstance(english, Intent):
            # a typo of a feature word counts as a pointer (2), not as the word itself
            scores[english] = scores.get(english, 0) + _ENGLISH[english].get(word, 2)
        else:
            services.append(english)
    if services:
        scores[Intent.NEAREST] = scores.get(Intent.NEAREST, 0) + _SERVICE_WEIGHT * len(services)
    if Intent.VOLUNTEER in scores and find_duration(folded) is not None:
        scores[Intent.VOLUNTEER] += _DURATION_WEIGHT
    if not scores:
        return Understanding(Intent.UNKNOWN)
    intent = max(_PRIORITY, key=lambda candidate: scores.get(candidate, 0))
    if intent is Intent.NEAREST:
        place = _PARTICLES.sub("", rest)
        return Understanding(
            intent,
            place=place if len(place) >= _MIN_PLACE_LENGTH else None,
            service=services[0] if services else None,
        )
    return Understanding(intent)


def volunteer_details(text: str, today: date) -> VolunteerDetails:
    """ "今天在驿站做了两个半小时志愿服务" -> today, no start, 150 minutes."""
    return VolunteerDetails(
        day=find_day(text, today, Direction.BACKWARD), start=find_clock(text), minutes=find_duration(text)
    )


def classify(text: str, names_place: Callable[[str], bool]) -> Intent:
    """The feature `text` asks for, telling a place name from noise with `names_place` (the offline
    gazetteer's lookup, for the phrasing table and the benchmark; the bot asks its place finder)."""
    intent = understand(text).intent
    if intent is Intent.UNKNOWN and names_place(text):
        return Intent.PLACE
    return intent
