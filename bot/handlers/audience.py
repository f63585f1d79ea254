"""The audience step of an admin's form, shared by /broadcast and /consult: everyone, couriers, observers,
volunteers, a district, people near a station (with a radius) or a language group; then the recipients are
counted, and nobody is no answer (the step asks again). The form gets the chosen audience and the counts.

The buttons keep the "bc:" prefixes they had when only broadcasts chose audiences, so that buttons already
shown keep working.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.broadcast import Audience, AudienceKind, parse_radius_km
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.delivery import audience_selector
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import require_role
from bot.handlers.presses import answer_stale, on_press, press_handler
from bot.i18n import Html
from bot.message_keys import AUDIENCE_BUTTON_KEYS, AUDIENCE_KEYS, BROADCAST_LANGUAGE_KEYS
from bot.users import SUPPORTED_LANGUAGES, Role

AUDIENCE_BUTTONS = (
    AudienceKind.EVERYONE,
    AudienceKind.COURIERS,
    AudienceKind.OBSERVERS,
    AudienceKind.VOLUNTEERS,
    AudienceKind.DISTRICT,
    AudienceKind.NEAR_STATION,
    AudienceKind.LANGUAGE,
)


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
    )


# The form's next step once the audience is chosen and has recipients: (update, context, audience,
# recipients per language) -> the step.
AudienceChosen = Callable[[Update, BotContext, Audience, dict[str, int]], Awaitable[int]]


class AudiencePicker:
    """The audience steps of one form: `draft` gives the form's draft (the station is kept there between
    the station and the radius), `cancel_row` the form's way out, `chosen` the step after."""

    def __init__(
        self,
        *,
        draft: Callable[[BotContext], dict[str, Any]],
        cancel_row: Callable[[BotContext], list[Button]],
        chosen: AudienceChosen,
    ) -> None:
        self._draft = draft
        self._cancel_row = cancel_row
        self._chosen = chosen

    async def ask(self, update: Update, context: BotContext, notice: str = "") -> int:
        buttons = [
            (context.text(AUDIENCE_BUTTON_KEYS[kind]), AudienceChoice(kind)) for kind in AUDIENCE_BUTTONS
        ]
        question = context.text("broadcast-ask-audience")
        text = Html(f"{notice}\n\n{question}" if notice else question)
        await say(update, text, keyboard([*in_pairs(buttons), self._cancel_row(context)]))
        return AudienceStep.AUDIENCE

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

        @on_press(AudienceChoice)
        async def audience_chosen(update: Update, context: BotContext, button: AudienceChoice) -> int:
            kind, cancel_row = button.kind, self._cancel_row(context)
            if kind is AudienceKind.DISTRICT:
                buttons: list[Button] = [(name, DistrictChoice(name)) for name in districts(context)]
                await say(
                    update, context.text("broadcast-ask-district"), keyboard([*in_pairs(buttons), cancel_row])
                )
                return AudienceStep.DISTRICT
            if kind is AudienceKind.NEAR_STATION:
                buttons = [
                    (station.name.pick(context.language)[:40], StationChoice(index))
                    for index, station in enumerate(context.bot_data.catalogue)
                ]
                await say(
                    update, context.text("broadcast-ask-station"), keyboard([*in_pairs(buttons), cancel_row])
                )
                return AudienceStep.STATION
            if kind is AudienceKind.LANGUAGE:
                buttons = [
                    (context.text(BROADCAST_LANGUAGE_KEYS[language]), LanguageChoice(language))
                    for language in SUPPORTED_LANGUAGES
                ]
                await say(update, context.text("broadcast-ask-language"), keyboard([buttons, cancel_row]))
                return AudienceStep.LANGUAGE
            return await self._counted(update, context, Audience(kind))

        @on_press(DistrictChoice)
        async def district_chosen(update: Update, context: BotContext, button: DistrictChoice) -> int:
            if button.district not in districts(context):
                await answer_stale(update, context)  # no station of the catalogue is in it any more
                return AudienceStep.DISTRICT
            return await self._counted(
                update, context, Audience(AudienceKind.DISTRICT, district=button.district)
            )

        @on_press(StationChoice)
        async def station_chosen(update: Update, context: BotContext, button: StationChoice) -> int:
            stations = context.bot_data.catalogue.stations
            if not 0 <= button.index < len(stations):
                await answer_stale(update, context)  # the catalogue has changed since
                return AudienceStep.STATION
            station = stations[button.index]
            self._draft(context)["station_id"] = station.id
            await say(
                update, context.text("broadcast-ask-radius", station=station.name.pick(context.language))
            )
            return AudienceStep.RADIUS

        @require_role(Role.ADMIN)
        async def radius_given(update: Update, context: BotContext) -> int:
            message = update.effective_message
            assert message is not None and message.text is not None
            radius = parse_radius_km(message.text)
            if radius is None:
                await message.reply_text(context.text("broadcast-radius-invalid"))
                return AudienceStep.RADIUS
            station_id = self._draft(context).get("station_id")
            return await self._counted(
                update, context, Audience(AudienceKind.NEAR_STATION, station_id=station_id, radius_km=radius)
            )

        @on_press(LanguageChoice)
        async def language_chosen(update: Update, context: BotContext, button: LanguageChoice) -> int:
            if button.language not in SUPPORTED_LANGUAGES:
                await answer_stale(update, context)
                return AudienceStep.LANGUAGE
            return await self._counted(
                update, context, Audience(AudienceKind.LANGUAGE, language=button.language)
            )

        return {
            AudienceStep.AUDIENCE: [press_handler(AudienceChoice, audience_chosen)],
            AudienceStep.DISTRICT: [press_handler(DistrictChoice, district_chosen)],
            AudienceStep.STATION: [press_handler(StationChoice, station_chosen)],
            AudienceStep.RADIUS: [MessageHandler(filters.TEXT & ~filters.COMMAND, radius_given)],
            AudienceStep.LANGUAGE: [press_handler(LanguageChoice, language_chosen)],
        }
