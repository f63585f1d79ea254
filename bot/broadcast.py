"""Broadcasts, channel-neutral: what is sent (content), to whom (audiences), when, at what pace, and the
figures an admin watches. Plain values in, plain values out; the sender loop is in bot/outbox.py and the
Telegram side in bot/channels/telegram/delivery.py.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from bot.geo import distance_m
from bot.stations import StationCatalogue
from bot.timeparse import read_future_moment

# The same content to the same audience within this window asks for a second confirmation.
DUPLICATE_WINDOW = timedelta(minutes=10)
# A broadcast may be scheduled at most this far ahead.
MAX_SCHEDULE_AHEAD = timedelta(days=30)
# Telegram's limits on a message text and a photo caption (characters after entity parsing).
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# Network errors (timeouts, dropped connections, 5xx) are retried this many times in all, with backoff.
MAX_NETWORK_ATTEMPTS = 5
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 30.0
# 429 answers are honoured (the sender waits what Telegram asks); after this many for one message it is
# recorded as failed, so a misbehaving server cannot hold a delivery forever.
MAX_RETRY_AFTER_ROUNDS = 10
# Kilometres around a station an admin may target.
MAX_RADIUS_KM = 50.0
# A station's regulars: the people who checked in there this recently (many never shared a location, so
# "near the station" misses them).
REGULARS_WINDOW_DAYS = 30
REGULARS_WINDOW = timedelta(days=REGULARS_WINDOW_DAYS)


class BroadcastKind(StrEnum):
    """What created an outbox batch: an admin's broadcast or a feature's personal messages."""

    BROADCAST = "broadcast"
    HEAT = "heat"
    NOTICE = "notice"  # a decision or a question for one person (bot.notify)


class BatchStatus(StrEnum):
    """preparing: deliveries are being created; scheduled: waits for its time; active: being sent."""

    PREPARING = "preparing"
    SCHEDULED = "scheduled"
    ACTIVE = "active"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class AudienceKind(StrEnum):
    EVERYONE = "everyone"
    COURIERS = "couriers"  # users who are neither observers nor admins
    OBSERVERS = "observers"
    VOLUNTEERS = "volunteers"  # users who logged volunteer hours (pending or approved)
    DISTRICT = "district"  # users whose last location is nearest to a station of that district
    NEAR_STATION = "near_station"  # users whose last location is within radius_km of a station
    CHECKED_IN_AT = "checked_in_at"  # users who checked in at a station within REGULARS_WINDOW
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Audience:
    kind: AudienceKind
    district: str | None = None
    station_id: str | None = None
    radius_km: float | None = None
    language: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {key: value for key, value in asdict(self).items() if value is not None}, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text)
        return cls(
            kind=AudienceKind(data["kind"]),
            district=data.get("district"),
            station_id=data.get("station_id"),
            radius_km=data.get("radius_km"),
            language=data.get("language"),
        )

    @property
    def needs_location(self) -> bool:
        return self.kind in (AudienceKind.DISTRICT, AudienceKind.NEAR_STATION)


@dataclass(frozen=True, slots=True)
class Content:
    """HTML texts as the admin formatted them; a photo (a Telegram file id) takes the text as its caption."""

    zh: str
    en: str | None = None
    photo: str | None = None

    def text_for(self, language: str) -> str:
        """Each recipient reads their language; without an English version everyone reads Chinese."""
        return self.en if language == "en" and self.en else self.zh


def fingerprint(content: Content, audience: Audience) -> str:
    """Equal for the same content to the same audience: the duplicate rule compares these."""
    payload = json.dumps([asdict(content), audience.to_json()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def is_recent_duplicate(previous_at: datetime | None, now: datetime) -> bool:
    """True when the same content went to the same audience less than DUPLICATE_WINDOW ago."""
    return previous_at is not None and now - previous_at < DUPLICATE_WINDOW


@dataclass(frozen=True, slots=True)
class Candidate:
    """A user a page of the audience query returned, before the location filter."""

    user_id: int
    language: str
    lat: float | None
    lon: float | None


def location_filter(audience: Audience, catalogue: StationCatalogue) -> Callable[[Candidate], bool]:
    """The part of an audience SQL cannot decide: distances to stations. An unknown station matches nobody."""
    if audience.kind is AudienceKind.NEAR_STATION:
        station = catalogue.by_id.get(audience.station_id or "")
        radius_m = (audience.radius_km or 0.0) * 1000.0
        if station is None:
            return lambda _candidate: False
        return lambda c: (
            c.lat is not None
            and c.lon is not None
            and distance_m(c.lat, c.lon, station.lat, station.lon) <= radius_m
        )
    if audience.kind is AudienceKind.DISTRICT:

        def in_district(candidate: Candidate) -> bool:
            if candidate.lat is None or candidate.lon is None:
                return False
            nearest = catalogue.nearest(candidate.lat, candidate.lon, k=1)
            return bool(nearest) and nearest[0].station.district == audience.district

        return in_district
    return lambda _candidate: True


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains every point within radius_km: the SQL pre-filter."""
    margin = 1.01  # a degree of latitude is 110.57-111.69 km; the geodesic check decides exactly
    dlat = radius_km * margin / 110.57
    dlon = radius_km * margin / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def parse_radius_km(text: str, most: float = MAX_RADIUS_KM) -> float | None:
    """ "3", "2.5", "3km", "3 公里" -> kilometres; None when not a number in (0, most]."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:km|千米|公里)?\s*", text.lower())
    if match is None:
        return None
    value = float(match.group(1))
    return value if 0 < value <= most else None


# Couriers' quiet hours unless they chose others (the default of users.quiet_start/quiet_end): a broadcast
# at 02:00 is read as 14:00 when it could be either, and one set inside them is warned about.
QUIET_HOURS = (time(22), time(7))


def in_couriers_quiet_hours(moment: time) -> bool:
    start, end = QUIET_HOURS
    return moment >= start or moment < end


def parse_send_time(text: str, now: datetime) -> datetime | None:
    """A local send time in `now`'s timezone: "2025-07-20 14:30", "07-20 14:30", "14:30" (today, or tomorrow
    once passed), "明天早上8点", "周五下午3点", "2点" (the next 2 o'clock outside quiet hours). None when it
    is not a time, is in the past or is too far ahead."""
    when = read_future_moment(text, now, avoid=in_couriers_quiet_hours)
    if when is None or when - now > MAX_SCHEDULE_AHEAD:
        return None
    return when


# --- pacing ----------------------------------------------------------------------------------------------


# Telegram's paid broadcasts: up to 1,000 messages a second, 0.1 Star for each message (Bot API
# allow_paid_broadcast). An admin chooses it per broadcast, with the cost shown before confirming.
PAID_BROADCAST_RATE = 1000.0
STARS_PER_PAID_MESSAGE = 0.1


def paid_broadcast_stars(recipients: int) -> int:
    """What a paid broadcast to this many people costs, in whole Stars (rounded up)."""
    return math.ceil(recipients * STARS_PER_PAID_MESSAGE)


class Pacer:
    """Start times for sends at `rate` per second, on an absolute schedule so that sleep overshoot and
    event-loop jitter do not lower the rate: a sender up to `max_lag_s` late catches up (a burst of at most
    that much), later than that (idle, or slowed by the network) it restarts the schedule from now.
    `hold_until` stops every start until a moment (Telegram's retry_after applies to the whole bot)."""

    def __init__(self, rate: float, max_lag_s: float = 0.25) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.max_lag_s = max(max_lag_s, self.interval)
        self._next_slot = -math.inf
        self.held_until = -math.inf

    def reserve(self, now: float) -> float:
        """Reserve the next start; returns how long the caller waits before it (0 = now)."""
        earliest = max(now, self.held_until)
        slot = self._next_slot if self._next_slot >= earliest - self.max_lag_s else earliest
        slot = max(slot, self.held_until)
        self._next_slot = slot + self.interval
        return max(0.0, slot - now)

    def set_rate(self, rate: float) -> None:
        """Another batch, another pace (a paid broadcast is faster); a hold already set stays."""
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.max_lag_s = max(self.max_lag_s, self.interval)

    def hold_until(self, moment: float) -> None:
        self.held_until = max(self.held_until, moment)
        self._next_slot = max(self._next_slot, moment)


def network_backoff(attempt: int) -> float:
    """Seconds to wait before retry number `attempt` (1, 2, 4, 8 ... capped)."""
    return float(min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempt - 1)))


# --- progress ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryCounts:
    pending: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    # Of the sent, how WeChat reached them: a customer-service message (within the 48 hours since the
    # person last wrote) or a template message (outside them). Both 0 on Telegram.
    by_message: int = 0
    by_template: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.sent + self.failed + self.blocked

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.blocked

    def __add__(self, other: DeliveryCounts) -> DeliveryCounts:
        return DeliveryCounts(
            *(mine + theirs for mine, theirs in zip(astuple(self), astuple(other), strict=True))
        )


@dataclass(frozen=True, slots=True)
class ChannelCounts:
    """A batch's deliveries on each channel: a broadcast's report counts Telegram and WeChat apart."""

    telegram: DeliveryCounts = DeliveryCounts()
    wechat: DeliveryCounts = DeliveryCounts()

    @property
    def all(self) -> DeliveryCounts:
        return self.telegram + self.wechat


class RateMeter:
    """Messages per second over a sliding window of (time, done) samples."""

    def __init__(self, window_s: float = 15.0) -> None:
        self.window_s = window_s
        self._samples: deque[tuple[float, int]] = deque()

    def observe(self, now: float, done: int) -> None:
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.window_s:
            self._samples.popleft()

    def rate(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (first_t, first_done), (last_t, last_done) = self._samples[0], self._samples[-1]
        return max(0.0, (last_done - first_done) / (last_t - first_t)) if last_t > first_t else 0.0


def seconds_left(pending: int, rate: float, set_rate: float) -> int:
    """Estimated time to finish: at the measured rate, or the set rate before there is a measurement."""
    pace = rate if rate > 0 else set_rate
    return math.ceil(pending / pace) if pending else 0


def format_duration(seconds: float) -> str:
    """ "1:02:03", "4:05" or "0:07": language-neutral, for the progress line."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# --- outbox records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Batch:
    """One outbox batch as stored: a broadcast (content + audience) or a run of personal messages."""

    id: int
    kind: str
    priority: int
    status: BatchStatus
    created_by: int | None
    content: Content | None
    audience: Audience | None
    scheduled_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress_chat_id: int | None
    progress_message_id: int | None
    paid: bool = False  # sent as Telegram paid broadcast: faster, paid in Stars


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button as the outbox stores it: a label and the callback data it sends back."""

    label: str
    data: str


# Rows of buttons under a message; empty for none.
Buttons = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Attachment:
    """What a chat notice shows besides its text: one photo or an album (the text is the caption), a voice
    note (likewise), or a pin (which takes no text)."""

    photos: tuple[str, ...] = ()
    voice: str | None = None
    location: tuple[float, float] | None = None

    def to_json(self) -> str:
        return json.dumps({"photos": list(self.photos), "voice": self.voice, "location": self.location})

    @classmethod
    def from_json(cls, stored: str | None) -> Attachment | None:
        if not stored:
            return None
        data = json.loads(stored)
        location = data.get("location")
        return cls(tuple(data.get("photos") or ()), data.get("voice"), tuple(location) if location else None)


@dataclass(frozen=True, slots=True)
class ChatDelivery:
    """A chat notice's delivery (to the admin chat, not a person): where it goes, and the messages it
    edits or answers, by the ids Telegram gave them when they were sent (None while unknown)."""

    chat_id: int
    attachment: Attachment | None = None
    edits: bool = False  # an edit of an earlier delivery's message, never a new message
    edit_message_id: int | None = None
    reply_to_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class PendingDelivery:
    id: int
    user_id: int | None  # None for a chat notice
    language: str
    text: str | None  # a personal text, else the batch's content in `language`
    attempts: int
    recipient_blocked: bool
    buttons: Buttons = ()
    chat: ChatDelivery | None = None


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    delivery_id: int
    user_id: int | None
    status: DeliveryStatus
    attempts: int
    error: str | None = None
    via: str | None = None  # how a channel with several kinds of message sent it (WeChat: custom/template)
    message_id: int | None = None  # Telegram's id of the message sent, kept for later edits and answers


@dataclass(frozen=True, slots=True)
class PersonalMessage:
    """A message written for one recipient (a heat reminder). `dedup_key` names the purpose and the
    recipient (e.g. "heat:2025-07-20:orange:12345"): a second enqueue with the same key is ignored."""

    user_id: int
    language: str
    text: str
    dedup_key: str
    buttons: Buttons = ()


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """What the transport sends: HTML text, or a photo with the text as its caption, and any buttons.
    A chat notice may instead be an album, a voice note or a pin, answer under an earlier message
    (`reply_to`), or replace the text (or caption) and buttons of one (`edit`): both are message ids."""

    chat_id: int
    text: str
    photo: str | None = None
    buttons: Buttons = ()
    paid: bool = False
    album: tuple[str, ...] = ()
    voice: str | None = None
    location: tuple[float, float] | None = None
    reply_to: int | None = None
    edit: int | None = None


def encode_buttons(buttons: Buttons) -> str | None:
    """The JSON kept in outbox_deliveries.buttons; None when there are none."""
    if not buttons:
        return None
    return json.dumps(
        [[[button.label, button.data] for button in row] for row in buttons], ensure_ascii=False
    )


def decode_buttons(stored: str | None) -> Buttons:
    if not stored:
        return ()
    return tuple(tuple(Button(label, data) for label, data in row) for row in json.loads(stored))


def message_for(batch: Batch, delivery: PendingDelivery) -> OutgoingMessage:
    if delivery.chat is not None:
        return chat_message(delivery.chat, delivery.text or "", delivery.buttons)
    assert delivery.user_id is not None, "a delivery goes to a person or to a chat"
    if delivery.text is not None or batch.content is None:
        return OutgoingMessage(delivery.user_id, delivery.text or "", buttons=delivery.buttons)
    content = batch.content
    return OutgoingMessage(
        delivery.user_id, content.text_for(delivery.language), content.photo, paid=batch.paid
    )


def chat_message(chat: ChatDelivery, text: str, buttons: Buttons) -> OutgoingMessage:
    attachment = chat.attachment or Attachment()
    photos = attachment.photos
    return OutgoingMessage(
        chat.chat_id,
        text,
        photo=photos[0] if len(photos) == 1 else None,
        buttons=buttons,
        album=photos if len(photos) > 1 else (),
        voice=attachment.voice,
        location=attachment.location,
        reply_to=chat.reply_to_message_id,
        edit=chat.edit_message_id,
    )
