"""What station staff do for their stations: set the live status, see today's check-ins, hand out the
check-in link. Admins act for every station; anyone else's press changes nothing (`refused`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.station_status import StationStatus, changed
from bot.stations import Station, StationCatalogue
from bot.storage import Storage
from bot.users import Actor, UserProfile
from bot.volunteer import checkin_payload


@dataclass(frozen=True, slots=True)
class StatusSet:
    status: StationStatus | None  # None when refused
    refused: bool = False


async def set_status(
    store: Storage,
    catalogue: StationCatalogue,
    *,
    actor: Actor,
    station_id: str,
    now: datetime,
    validity: timedelta,
    **fields: object,
) -> StatusSet:
    """One tap of the staff: the fields change, the status is confirmed now. Only for the stations the
    actor acts for (the button names the station; the server decides)."""
    if station_id not in catalogue.by_id or not actor.acts_for(station_id):
        return StatusSet(None, refused=True)
    status = await store.stations.change_status(
        station_id, lambda current: changed(current, station_id, now, validity, **fields)
    )
    return StatusSet(status)


@dataclass(frozen=True, slots=True)
class GiftPackHandedOut:
    refused: bool = False  # not a station the actor acts for
    none_left: bool = False  # no count shown as fact, or already 0 (another tap took the last one)


async def hand_out_gift_pack(
    store: Storage,
    catalogue: StationCatalogue,
    *,
    actor: Actor,
    station_id: str,
    now: datetime,
    validity: timedelta,
) -> GiftPackHandedOut:
    """One tap of the staff when they give a gift pack to someone: the count left goes down by one."""
    if station_id not in catalogue.by_id or not actor.acts_for(station_id):
        return GiftPackHandedOut(refused=True)
    handed = await store.stations.hand_out_gift_pack(station_id, now, fresh_since=now - validity)
    return GiftPackHandedOut(none_left=not handed)


async def live_statuses(store: Storage) -> dict[str, StationStatus]:
    """Every station's last status by id, fresh or not (`station_status.fresh_statuses` tells which are
    facts): the nearest answer, the map and /api/stations show them."""
    return {status.station_id: status for status in await store.stations.statuses()}


@dataclass(frozen=True, slots=True)
class StationDay:
    station: Station
    status: StationStatus | None
    checked_in: list[UserProfile]  # today, first arrival first


def stations_of(catalogue: StationCatalogue, actor: Actor, asked: str | None) -> list[Station] | None:
    """The stations /station shows: the one asked for (an admin may ask for any, staff for theirs), else
    the actor's own; None when the one asked for is not theirs or unknown."""
    if asked is not None:
        station = catalogue.by_id.get(asked)
        return [station] if station is not None and actor.acts_for(asked) else None
    return [
        catalogue.by_id[station_id] for station_id in sorted(actor.stations) if station_id in catalogue.by_id
    ]


async def station_day(store: Storage, station: Station, today_start: datetime) -> StationDay:
    ids = await store.stations.checked_in_since(station.id, today_start)
    people = [profile for user_id in ids if (profile := await store.users.get(user_id)) is not None]
    return StationDay(station, await store.stations.status(station.id), people)


async def station_checkin_payload(store: Storage, station_id: str, day: date) -> str:
    """The /start payload of the station's check-in for one local day: what its QR codes hold."""
    return checkin_payload(await store.volunteer.checkin_secret(), station_id, day)
