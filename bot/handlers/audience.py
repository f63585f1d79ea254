"""The audience step of a form, shared by /broadcast and /consult: everyone, couriers, observers,
volunteers, a district, people near a station (with a radius), a station's regulars (who checked in there
lately) or a language group; then the recipients are counted, and nobody is no answer (the step asks
again). The form gets the chosen audience and the counts.

Each form brings its own kinds of buttons (the role that may press them) and its scope (which audiences
an actor may choose, checked on every press and typed radius): /broadcast is an admin's, with every
audience, and keeps the "bc:" buttons it always had; /consult is also station staff's, who choose among
the people near their own stations and their own stations' regulars.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.broadcast import MAX_RADIUS_KM, REGULARS_WINDOW_DAYS, Audience, AudienceKind, parse_radius_km
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.delivery import audience_selector
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import require_role
from bot.handlers.presses import answer_stale, on_press, press_handler
from bot.i18n import Html
from bot.message_keys import AUDIENCE_BUTTON_KEYS, AUDIENCE_KEYS, BROADCAST_LANGUAGE_KEYS
from bot.stations import Station
from bot.users import SUPPORTED_LANGUAGES, Actor, Role

AUDIENCE_BUTTONS = (
    AudienceKind.EVERYONE,
    AudienceKind.COURIERS,
    AudienceKind.OBSERVERS,
    AudienceKind.VOLUNTEERS,
    AudienceKind.DISTRICT,
    AudienceKind.NEAR_STATION,
    AudienceKind.CHECKED_IN_AT,
    AudienceKind.LANGUAGE,
)
# The kinds that name a station, chosen after the kind; the draft keeps which (STATION_KIND) meanwhile.
STATION_KINDS = (AudienceKind.NEAR_STATION, AudienceKind.CHECKED_IN_AT)
STATION_KIND = "station_kind"


class AudienceStep(IntEnum):
    """The steps' numbers in every form that uses them (kept as /broadcast stored them)."""

    AUDIENCE = 3
    DISTRICT = 4
    STATION = 5
    RADIUS = 6
    LANGUAGE = 7


@dataclass(frozen=True, slots=True)
class AudienceChoice(ButtonData, prefix="bc:aud", role=Role.ADMIN):
    kind: AudienceKind


@dataclass(frozen=True, slots=True)
class DistrictChoice(ButtonData, prefix="bc:dist", role=Role.ADMIN):
    district: str


@dataclass(frozen=True, slots=True)
class StationChoice(ButtonData, prefix="bc:st", role=Role.ADMIN):
    index: int  # in the station catalogue


@dataclass(frozen=True, slots=True)
class LanguageChoice(ButtonData, prefix="bc:lang", role=Role.ADMIN):
    language: str


@dataclass(frozen=True, slots=True)
class AudienceButtons:
    """The kinds of button of one form's audience steps (subclasses of the above with a prefix and a role
    of the form's own)."""

    choice: type[AudienceChoice]
    district: type[DistrictChoice]
    station: type[StationChoice]
    language: type[LanguageChoice]


BROADCAST_BUTTONS = AudienceButtons(AudienceChoice, DistrictChoice, StationChoice, LanguageChoice)


def every_audience(_actor: Actor, _audience: Audience) -> bool:
    return True


Button = tuple[str, ButtonData]  # label, what pressing it says


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data.pack()) for label, data in row] for row in rows]
    )


def in_pairs(buttons: Sequence[Button]) -> list[Sequence[Button]]:
    return [buttons[index : index + 2] for index in range(0, len(buttons), 2)]


async def say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Answer a button by editing its message, a typed message with a new one."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        shown = await edit_pressed_message(query, text, markup)
        if shown is not None:
            return shown
    assert update.effective_chat is not None
    return await update.effective_chat.send_message(text, reply_markup=markup)


def describe_audience(context: BotContext, audience: Audience) -> Html:
    station = context.bot_data.catalogue.by_id.get(audience.station_id or "")
    return context.text(
        AUDIENCE_KEYS[audience.kind],
        district=audience.district or "",
        station=station.name.pick(context.language) if station else "?",
        radius=f"{audience.radius_km or 0:g}",
        group=context.text(BROADCAST_LANGUAGE_KEYS[audience.language or "zh"]),
        days=REGULARS_WINDOW_DAYS,
    )


# The form's next step once the audience is chosen and has recipients: (update, context, audience,
# recipients per language) -> the step.
AudienceChosen = Callable[[Update, BotContext, Audience, dict[str, int]], Awaitable[int]]


class AudiencePicker:
    """The audience steps of one form: `draft` gives the form's draft (the station is kept there between
    the station and the radius), `cancel_row` the form's way out, `chosen` the step after. `buttons` and
    `role` say who may fill the steps in; `may_choose` which audiences an actor may choose (with no
    station or radius yet: whether they may go on choosing it), `max_radius_km` how far around a station."""

    def __init__(
        self,
        *,
        draft: Callable[[BotContext], dict[str, Any]],
        cancel_row: Callable[[BotContext], list[Button]],
        chosen: AudienceChosen,
        buttons: AudienceButtons = BROADCAST_BUTTONS,
        role: Role = Role.ADMIN,
        may_choose: Callable[[Actor, Audience], bool] = every_audience,
        max_radius_km: Callable[[Actor], float] = lambda _actor: MAX_RADIUS_KM,
    ) -> None:
        self._draft = draft
        self._cancel_row = cancel_row
        self._chosen = chosen
        self._buttons = buttons
        self._role = role
        self._may_choose = may_choose
        self._max_radius_km = max_radius_km

    def _stations(self, context: BotContext, kind: AudienceKind) -> list[tuple[int, Station]]:
        """The stations (with their index in the catalogue) whose people of this kind the actor may choose."""
        return [
            (index, station)
            for index, station in enumerate(context.bot_data.catalogue)
            if self._may_choose(context.actor, Audience(kind, station_id=station.id))
        ]

    def _station_kind(self, context: BotContext) -> AudienceKind:
        """The station kind being chosen; a form begun before there were two goes on with the people near."""
        return AudienceKind(self._draft(context).get(STATION_KIND, AudienceKind.NEAR_STATION))

    def _kinds(self, context: BotContext) -> list[AudienceKind]:
        def open_to_actor(kind: AudienceKind) -> bool:
            if kind in STATION_KINDS:
                return bool(self._stations(context, kind))
            return self._may_choose(context.actor, Audience(kind))

        return [kind for kind in AUDIENCE_BUTTONS if open_to_actor(kind)]

    async def _not_yours(self, update: Update, context: BotContext) -> None:
        """A press for an audience outside the actor's scope: forged, or a role that has changed since."""
        assert update.callback_query is not None
        text = context.text("audience-not-yours", km=f"{self._max_radius_km(context.actor):g}")
        await update.callback_query.answer(text, show_alert=True)

    async def ask(self, update: Update, context: BotContext, notice: str = "") -> int:
        kinds = self._kinds(context)
        if len(kinds) == 1 and kinds[0] in STATION_KINDS:  # nothing to choose but the station
            return await self._ask_station(update, context, kinds[0], notice)
        buttons = [
            (context.text(AUDIENCE_BUTTON_KEYS[kind], days=REGULARS_WINDOW_DAYS), self._buttons.choice(kind))
            for kind in kinds
        ]
        question = context.text("broadcast-ask-audience")
        text = Html(f"{notice}\n\n{question}" if notice else question)
        await say(update, text, keyboard([*in_pairs(buttons), self._cancel_row(context)]))
        return AudienceStep.AUDIENCE

    async def _ask_station(
        self, update: Update, context: BotContext, kind: AudienceKind, notice: str = ""
    ) -> int:
        self._draft(context)[STATION_KIND] = kind.value
        buttons: list[Button] = [
            (station.name.pick(context.language)[:40], self._buttons.station(index))
            for index, station in self._stations(context, kind)
        ]
        question = context.text("broadcast-ask-station")
        text = Html(f"{notice}\n\n{question}" if notice else question)
        await say(update, text, keyboard([*in_pairs(buttons), self._cancel_row(context)]))
        return AudienceStep.STATION

    async def _counted(self, update: Update, context: BotContext, audience: Audience) -> int:
        """Say the choice, count the recipients; nobody sends the form back to the audience step."""
        if update.callback_query is not None:
            await say(
                update,
                context.text("broadcast-audience-chosen", audience=describe_audience(context, audience)),
            )
        counts = await audience_selector(context.bot_data).count(audience)
        if not sum(counts.values()):
            nobody = context.text("broadcast-nobody", audience=describe_audience(context, audience))
            return await self.ask(update, context, nobody)
        return await self._chosen(update, context, audience, counts)

    def states(self) -> dict[object, list[BaseHandler[Update, BotContext, Any]]]:
        def districts(context: BotContext) -> list[str]:
            return sorted({station.district for station in context.bot_data.catalogue})

        kinds = self._buttons

        @on_press(kinds.choice)
        async def audience_chosen(update: Update, context: BotContext, button: AudienceChoice) -> int:
            kind, cancel_row = button.kind, self._cancel_row(context)
            if kind not in self._kinds(context):
                await self._not_yours(update, context)
                return AudienceStep.AUDIENCE
            if kind is AudienceKind.DISTRICT:
                buttons: list[Button] = [(name, kinds.district(name)) for name in districts(context)]
                await say(
                    update, context.text("broadcast-ask-district"), keyboard([*in_pairs(buttons), cancel_row])
                )
                return AudienceStep.DISTRICT
            if kind in STATION_KINDS:
                return await self._ask_station(update, context, kind)
            if kind is AudienceKind.LANGUAGE:
                buttons = [
                    (context.text(BROADCAST_LANGUAGE_KEYS[language]), kinds.language(language))
                    for language in SUPPORTED_LANGUAGES
                ]
                await say(update, context.text("broadcast-ask-language"), keyboard([buttons, cancel_row]))
                return AudienceStep.LANGUAGE
            return await self._counted(update, context, Audience(kind))

        @on_press(kinds.district)
        async def district_chosen(update: Update, context: BotContext, button: DistrictChoice) -> int:
            audience = Audience(AudienceKind.DISTRICT, district=button.district)
            if not self._may_choose(context.actor, audience):
                await self._not_yours(update, context)
                return AudienceStep.DISTRICT
            if button.district not in districts(context):
                await answer_stale(update, context)  # no station of the catalogue is in it any more
                return AudienceStep.DISTRICT
            return await self._counted(update, context, audience)

        @on_press(kinds.station)
        async def station_chosen(update: Update, context: BotContext, button: StationChoice) -> int:
            stations = context.bot_data.catalogue.stations
            if not 0 <= button.index < len(stations):
                await answer_stale(update, context)  # the catalogue has changed since
                return AudienceStep.STATION
            station = stations[button.index]
            kind = self._station_kind(context)
            at_station = Audience(kind, station_id=station.id)
            if not self._may_choose(context.actor, at_station):
                assert update.callback_query is not None
                await update.callback_query.answer(context.text("station-not-yours"), show_alert=True)
                return AudienceStep.STATION
            if kind is AudienceKind.CHECKED_IN_AT:  # no radius: who came is who came
                return await self._counted(update, context, at_station)
            self._draft(context)["station_id"] = station.id
            await say(
                update,
                context.text(
                    "broadcast-ask-radius",
                    station=station.name.pick(context.language),
                    most=f"{self._max_radius_km(context.actor):g}",
                ),
            )
            return AudienceStep.RADIUS

        @require_role(self._role)
        async def radius_given(update: Update, context: BotContext) -> int:
            message = update.effective_message
            assert message is not None and message.text is not None
            most = self._max_radius_km(context.actor)
            radius = parse_radius_km(message.text, most=most)
            if radius is None:
                await message.reply_text(context.text("broadcast-radius-invalid", most=f"{most:g}"))
                return AudienceStep.RADIUS
            station_id = self._draft(context).get("station_id")
            audience = Audience(AudienceKind.NEAR_STATION, station_id=station_id, radius_km=radius)
            if not self._may_choose(context.actor, audience):  # no longer their station
                return await self.ask(update, context, context.text("station-not-yours"))
            return await self._counted(update, context, audience)

        @on_press(kinds.language)
        async def language_chosen(update: Update, context: BotContext, button: LanguageChoice) -> int:
            audience = Audience(AudienceKind.LANGUAGE, language=button.language)
            if not self._may_choose(context.actor, audience):
                await self._not_yours(update, context)
                return AudienceStep.LANGUAGE
            if button.language not in SUPPORTED_LANGUAGES:
                await answer_stale(update, context)
                return AudienceStep.LANGUAGE
            return await self._counted(update, context, audience)

        return {
            AudienceStep.AUDIENCE: [press_handler(kinds.choice, audience_chosen)],
            AudienceStep.DISTRICT: [press_handler(kinds.district, district_chosen)],
            AudienceStep.STATION: [press_handler(kinds.station, station_chosen)],
            AudienceStep.RADIUS: [MessageHandler(filters.TEXT & ~filters.COMMAND, radius_given)],
            AudienceStep.LANGUAGE: [press_handler(kinds.language, language_chosen)],
        }
