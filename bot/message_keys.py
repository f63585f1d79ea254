"""Which catalogue message names each value: one table per family of keys.

A key spelled from a value (f"weekday-{n}") would show the bare key to a courier the day a value has no
message; a table is read by tests/unit/test_catalogue_keys.py, which checks every key in it exists in zh
and en, and that each table covers every value of its kind.
"""

from __future__ import annotations

from collections.abc import Mapping

# date.weekday(): Monday is 0
WEEKDAY_KEYS: tuple[str, ...] = (
    "weekday-0",
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
)

# date.month
MONTH_KEYS: Mapping[int, str] = {
    1: "points-month-1",
    2: "points-month-2",
    3: "points-month-3",
    4: "points-month-4",
    5: "points-month-5",
    6: "points-month-6",
    7: "points-month-7",
    8: "points-month-8",
    9: "points-month-9",
    10: "points-month-10",
    11: "points-month-11",
    12: "points-month-12",
}

# Service (bot.stations): the chat's legend
SERVICE_KEYS: Mapping[str, str] = {
    "water": "service-water",
    "charging": "service-charging",
    "rest": "service-rest",
    "toilet": "service-toilet",
    "microwave": "service-microwave",
    "first_aid": "service-first_aid",
    "books": "service-books",
    "policy_desk": "service-policy_desk",
    "cooling": "service-cooling",
}

# Service (bot.stations): the service map's labels
MAP_SERVICE_KEYS: Mapping[str, str] = {
    "water": "web-service-water",
    "charging": "web-service-charging",
    "rest": "web-service-rest",
    "toilet": "web-service-toilet",
    "microwave": "web-service-microwave",
    "first_aid": "web-service-first_aid",
    "books": "web-service-books",
    "policy_desk": "web-service-policy_desk",
    "cooling": "web-service-cooling",
}

# StationFilter (bot.nearest)
FILTER_KEYS: Mapping[str, str] = {
    "all": "filter-all",
    "open": "filter-open",
    "charging": "filter-charging",
    "water": "filter-water",
    "cooling": "filter-cooling",
    "first_aid": "filter-first_aid",
}

# Role (bot.users) a refusal names; everyone is a courier, so no refusal names that one
ROLE_KEYS: Mapping[str, str] = {
    "observer": "role-observer",
    "staff": "role-staff",
    "admin": "role-admin",
}

# Role (bot.users): the sections of /help
HELP_SECTION_KEYS: Mapping[str, str] = {
    "courier": "help-section-courier",
    "observer": "help-section-observer",
    "staff": "help-section-staff",
    "admin": "help-section-admin",
}

# a supported language, named in itself
LANGUAGE_BUTTON_KEYS: Mapping[str, str] = {
    "zh": "language-button-zh",
    "en": "language-button-en",
}

# a supported language as a broadcast audience
BROADCAST_LANGUAGE_KEYS: Mapping[str, str] = {
    "zh": "broadcast-lang-zh",
    "en": "broadcast-lang-en",
}

# HeatLevel.key (bot.heat)
HEAT_LEVEL_KEYS: Mapping[str, str] = {
    "pre": "heat-level-pre",
    "yellow": "heat-level-yellow",
    "orange": "heat-level-orange",
    "red": "heat-level-red",
}

# HeatLevel.key: what to do
HEAT_ADVICE_KEYS: Mapping[str, str] = {
    "pre": "heat-advice-pre",
    "yellow": "heat-advice-yellow",
    "orange": "heat-advice-orange",
    "red": "heat-advice-red",
}

# HeatLevel.key: what the rules grant
HEAT_RIGHTS_KEYS: Mapping[str, str] = {
    "pre": "heat-rights-pre",
    "yellow": "heat-rights-yellow",
    "orange": "heat-rights-orange",
    "red": "heat-rights-red",
}

# HeatLevel.key an admin may declare
HEATALERT_BUTTON_KEYS: Mapping[str, str] = {
    "yellow": "heatalert-button-yellow",
    "orange": "heatalert-button-orange",
    "red": "heatalert-button-red",
}

# BatchStatus (bot.broadcast)
BROADCAST_STATUS_KEYS: Mapping[str, str] = {
    "preparing": "broadcast-status-preparing",
    "scheduled": "broadcast-status-scheduled",
    "active": "broadcast-status-active",
    "paused": "broadcast-status-paused",
    "cancelled": "broadcast-status-cancelled",
    "done": "broadcast-status-done",
}

# ControlAction (the progress message's buttons)
BROADCAST_BUTTON_KEYS: Mapping[str, str] = {
    "pause": "broadcast-button-pause",
    "resume": "broadcast-button-resume",
    "cancel": "broadcast-button-cancel",
}

# ControlAction: the answer to its press
BROADCAST_CONTROL_KEYS: Mapping[str, str] = {
    "pause": "broadcast-control-pause",
    "resume": "broadcast-control-resume",
    "cancel": "broadcast-control-cancel",
}

# AudienceKind (bot.broadcast): the audience described
AUDIENCE_KEYS: Mapping[str, str] = {
    "everyone": "broadcast-audience-everyone",
    "couriers": "broadcast-audience-couriers",
    "observers": "broadcast-audience-observers",
    "volunteers": "broadcast-audience-volunteers",
    "district": "broadcast-audience-district",
    "near_station": "broadcast-audience-near_station",
    "checked_in_at": "broadcast-audience-checked_in_at",
    "language": "broadcast-audience-language",
}

# AudienceKind: its button
AUDIENCE_BUTTON_KEYS: Mapping[str, str] = {
    "everyone": "broadcast-audience-button-everyone",
    "couriers": "broadcast-audience-button-couriers",
    "observers": "broadcast-audience-button-observers",
    "volunteers": "broadcast-audience-button-volunteers",
    "district": "broadcast-audience-button-district",
    "near_station": "broadcast-audience-button-near_station",
    "checked_in_at": "broadcast-audience-button-checked_in_at",
    "language": "broadcast-audience-button-language",
}

# EntryKind (bot.points): a line of /points history
HISTORY_KEYS: Mapping[str, str] = {
    "earn": "points-history-earn",
    "redeem": "points-history-redeem",
    "refund": "points-history-refund",
    "expire": "points-history-expire",
    "adjust": "points-history-adjust",
}

# the outcome of /collect for a code that names a redemption (bot.points)
COLLECT_KEYS: Mapping[str, str] = {
    "collected": "points-collect-collected",
    "already": "points-collect-already",
    "expired": "points-collect-expired",
}

# RuleViolation.reason (bot.volunteer)
RULE_KEYS: Mapping[str, str] = {
    "daily-limit": "points-rule-daily-limit",
    "future": "points-rule-future",
    "overlap": "points-rule-overlap",
    "too-old": "points-rule-too-old",
    "unfinished": "points-rule-unfinished",
}

# HoursError.reason (bot.volunteer)
HOURS_KEYS: Mapping[str, str] = {
    "step": "points-hours-step",
    "too-long": "points-hours-too-long",
    "too-short": "points-hours-too-short",
    "unreadable": "points-hours-unreadable",
}

# a volunteer entry's status once decided
DECIDED_KEYS: Mapping[str, str] = {
    "approved": "points-admin-already-approved",
    "rejected": "points-admin-already-rejected",
}

# Status (bot.reports)
REPORT_STATUS_KEYS: Mapping[str, str] = {
    "confirmed": "reports-status-confirmed",
    "investigating": "reports-status-investigating",
    "in_progress": "reports-status-in-progress",
    "fixed": "reports-status-fixed",
    "duplicate": "reports-status-duplicate",
    "not_actionable": "reports-status-not-actionable",
}

# Status (bot.reports) a report moves to, as its reporter reads it; back to confirmed is a reopening
REPORT_NOTICE_KEYS: Mapping[str, str] = {
    "investigating": "reports-notify-investigating",
    "in_progress": "reports-notify-in-progress",
    "fixed": "reports-notify-fixed",
    "duplicate": "reports-notify-duplicate",
    "not_actionable": "reports-notify-not-actionable",
}

# the status filters of /reports
REPORT_FILTER_KEYS: Mapping[str, str] = {
    "open": "reports-filter-open",
    "new": "reports-filter-new",
    "fixed": "reports-filter-fixed",
    "closed": "reports-filter-closed",
    "all": "reports-filter-all",
}

# DescriptionProblem (bot.reports)
DESCRIPTION_KEYS: Mapping[str, str] = {
    "too_short": "reports-description-too-short",
    "too_long": "reports-description-too-long",
    "no_words": "reports-description-no-words",
}

# NameProblem (bot.users): why /name refused a name
NAME_PROBLEM_KEYS: Mapping[str, str] = {
    "too_long": "name-too-long",
    "no_words": "name-no-words",
    "hidden_characters": "name-hidden-characters",
    "markup": "name-markup",
}

# why /appoint found nobody
APPOINT_KEYS: Mapping[str, str] = {
    "usage": "reports-appoint-usage",
    "unknown": "reports-appoint-unknown",
    "hidden-forward": "reports-appoint-hidden-forward",
    "ambiguous": "reports-appoint-ambiguous",
}

# why /revoke found nobody
REVOKE_KEYS: Mapping[str, str] = {
    "usage": "reports-revoke-usage",
    "unknown": "reports-revoke-unknown",
    "hidden-forward": "reports-revoke-hidden-forward",
    "ambiguous": "reports-revoke-ambiguous",
}

# BroadcastKind (bot.broadcast) in /stats
STATS_KIND_KEYS: Mapping[str, str] = {
    "broadcast": "stats-kind-broadcast",
    "heat": "stats-kind-heat",
    "notice": "stats-kind-notice",
}

# Action (bot.reports): the buttons of an admin-chat report card
CARD_BUTTON_KEYS: Mapping[str, str] = {
    "acknowledge": "reports-button-ack",
    "forward": "reports-button-fwd",
    "resolve": "reports-button-res",
    "duplicate": "reports-button-dup",
    "not_actionable": "reports-button-na",
}

# COLUMNS (bot.exports): the header of a report export
EXPORT_COLUMN_KEYS: Mapping[str, str] = {
    "number": "reports-export-col-number",
    "status": "reports-export-col-status",
    "open311": "reports-export-col-open311",
    "category": "reports-export-col-category",
    "urgent": "reports-export-col-urgent",
    "description": "reports-export-col-description",
    "voice": "reports-export-col-voice",
    "photos": "reports-export-col-photos",
    "lat": "reports-export-col-lat",
    "lon": "reports-export-col-lon",
    "place": "reports-export-col-place",
    "department": "reports-export-col-department",
    "resolution": "reports-export-col-resolution",
    "supporters": "reports-export-col-supporters",
    "created": "reports-export-col-created",
    "updated": "reports-export-col-updated",
    "resolved": "reports-export-col-resolved",
    "reporter-id": "reports-export-col-reporter-id",
    "reporter-name": "reports-export-col-reporter-name",
}

# Change (bot.station_status): the buttons of a station's status keyboard
STATION_CHANGE_KEYS: Mapping[str, str] = {
    "open": "station-button-open",
    "water1": "station-button-water1",
    "water0": "station-button-water0",
    "chg0": "station-button-chg0",
    "chg1": "station-button-chg1",
    "chg3": "station-button-chg3",
    "crowd1": "station-button-crowd1",
    "crowd0": "station-button-crowd0",
}

# ClosedReason (bot.station_status): why a station is closed for now
CLOSED_REASON_KEYS: Mapping[str, str] = {
    "away": "station-reason-away",
    "event": "station-reason-event",
    "repair": "station-reason-repair",
    "other": "station-reason-other",
}

# Charging (bot.station_status): free charging slots in the live status
CHARGING_KEYS: Mapping[str, str] = {
    "none": "station-live-charging-none",
    "few": "station-live-charging-few",
    "many": "station-live-charging-many",
}

# the closure choices of bot.handlers.station (hours from now; 0 is the rest of today)
CLOSURE_KEYS: Mapping[int, str] = {
    1: "station-until-1h",
    3: "station-until-3h",
    0: "station-until-today",
}

# an event sign-up as its card shows it (bot.events.SignupStatus; a cancelled one shows nothing)
EVENT_SIGNUP_KEYS: Mapping[str, str] = {
    "going": "events-card-you-going",
    "waiting": "events-card-you-waiting",
}

# the answer to Sign up (bot.services.events.SignupResult; an unknown or begun event is answered apart)
SIGNED_UP_KEYS: Mapping[str, str] = {
    "going": "events-signed-up-going",
    "waiting": "events-signed-up-waiting",
}

# a scan of an event's attendance code (bot.services.events.AttendanceResult)
ATTENDANCE_KEYS: Mapping[str, str] = {
    "invalid": "events-attendance-invalid",
    "not-open": "events-attendance-not-open",
    "full": "events-attendance-full",
    "checked-in": "events-attendance-checked-in",
    "already": "events-attendance-already",
}

# an event's reminders (bot.events.Reminder)
EVENT_REMINDER_KEYS: Mapping[str, str] = {
    "day": "events-reminder-day",
    "hour": "events-reminder-hour",
}
