## Heat-wave reminders: /heat for everyone, /heatalert for admins, and the reminder itself

cmd-heat = Heat reminders: on/off, time, quiet hours
cmd-heatalert = Declare or end a heat signal

heat-level-pre = 🌡 Heat advisory
heat-level-yellow = 🟡 Yellow heat warning
heat-level-orange = 🟠 Orange heat warning
heat-level-red = 🔴 Red heat warning

## The reminder

heat-reminder-title = <b>{ $level }</b> · { $district }
heat-forecast-today = Today up to { $max }°C
heat-forecast-today-feels = Today up to { $max }°C, feels like { $feels }°C
heat-forecast-tomorrow = Tomorrow up to { $max }°C
heat-forecast-tomorrow-feels = Tomorrow up to { $max }°C, feels like { $feels }°C
heat-advice-pre =
    💧 Take plenty of water, sun protection and heat-stroke remedies
    ⛱ 11:00–15:00 is the hottest: avoid it if you can
    🏠 Hot or tired? Rest at the nearest station
heat-advice-yellow =
    💧 Drink a little and often; don't wait until you are thirsty
    ⛱ 11:00–15:00: ride in the sun as little as you can
    🏠 Every hour or two, rest at a station or in the shade
heat-advice-orange =
    💧 A few sips every 20 minutes; lightly salted water if you sweat a lot
    ⛱ 11:00–15:00: stay out of the sun, take fewer orders
    🏠 Rest at a station or in the shade every hour
    🚑 Dizzy, sick, heart racing: stop, get into the shade, call 120 if it is bad
heat-advice-red =
    🛑 Stop outdoor deliveries today if you can: your health comes first
    💧 If you must ride, drink a lot and cool down indoors every half hour
    🚑 Dizzy, sick, heart racing, no sweat: stop and call 120
heat-rights-pre = ⚖️ Your rights: from 35°C the employer pays a high-temperature allowance.
heat-rights-yellow = ⚖️ Your rights: a high-temperature allowance from 35°C; the employer adjusts hours and lightens the work.
heat-rights-orange = ⚖️ Your rights: at 37–40°C, at most 6 hours of outdoor work a day and none in the hottest 3 hours; the allowance is still paid.
heat-rights-red = ⚖️ Your rights: at 40°C or more, outdoor work stops for the day; the allowance is still paid.
heat-rights-source = <i>Source: Measures for the Administration of Heatstroke Prevention and Cooling (2012)</i>
heat-stations-header = 🏠 Stations open near you (water or cooling):
heat-stations-header-district = 🏠 Stations open in { $district } (water or cooling):
heat-station-line = { $rank }. { $name } · { $distance }
heat-station-line-district = { $rank }. { $name }
heat-stations-none = 🏠 No station near you is open right now; rest in the shade. Send /nearest to see them all.
heat-campaign = 🎁 At the stations: { $items }
heat-campaign-separator = ,{" "}
heat-reminder-footer = Reminder settings: /heat

## /heat

heat-status =
    🌡 <b>Heat reminders</b>
    Status: { $state }
    Time: { $time }
    Quiet hours: { $quiet }
    District: { $district }
    Today: { $today }
heat-state-on = ✅ on
heat-state-off = ⏸ off
heat-time-auto = with the daily checks ({ $times })
heat-time-at = from { $time } each day
heat-quiet-span = { $start }–{ $end }
heat-quiet-none = none
heat-district-location = { $name } (from the location you last shared)
heat-district-chosen = { $name } (your choice)
heat-district-default = { $name } (default; share a location or pick a district for better reminders)
heat-today-none = no heat warning
heat-button-on = ✅ Turn on
heat-button-off = ⏸ Turn off
heat-button-time = ⏰ Time
heat-button-quiet = 🌙 Quiet hours
heat-button-district = 📍 District
heat-button-back = ↩ Back
heat-button-time-auto = With the checks
heat-button-quiet-none = No quiet hours
heat-button-district-auto = From my location
heat-choose-time = ⏰ Pick a time for reminders. For another time, send /heat time 08:30
heat-choose-quiet = 🌙 No reminders in quiet hours; they wait until the end. For other hours, send /heat quiet 22:00-07:00
heat-choose-district = 📍 Which district's weather should I follow?
heat-saved = ✅ Saved
heat-usage =
    Usage:
    /heat on or /heat off: turn reminders on or off
    /heat time 08:30 or /heat time auto: reminder time
    /heat quiet 22:00-07:00 or /heat quiet off: quiet hours

## /heatalert (admins)

heatalert-status =
    🌡 <b>Heat signal</b>
    Now: { $signal }
    { $forecast }
    The forecast suggests: { $suggested }
    The weather bureau's signal is the authority; the forecast only pre-alerts.
heatalert-signal-none = none
heatalert-signal = { $level } (declared { $since })
heatalert-forecast-line = { $district }: today { $today }°C, tomorrow { $tomorrow }°C
heatalert-forecast-none = No forecast yet today (source: { $provider }).
heatalert-suggested-none = nothing
heatalert-unknown = –
heatalert-button-yellow = 🟡 Yellow
heatalert-button-orange = 🟠 Orange
heatalert-button-red = 🔴 Red
heatalert-button-end = End the warning
heatalert-button-confirm = ✅ Confirm
heatalert-button-cancel = Cancel
heatalert-confirm = Declare the { $level }? { $count } subscribed people will be reminded (after their quiet hours).
heatalert-confirm-end = End the current { $level }? Couriers get no message.
heatalert-declared = ✅ { $level } declared; reminders are on their way.
heatalert-ended = ✅ The heat warning has ended.
heatalert-nothing-to-end = No heat signal is in force.
heatalert-cancelled = Cancelled; nothing changed.
heatalert-admin-declared = 📣 { $admin } declared the { $level }.
heatalert-admin-ended = 📣 { $admin } ended the heat warning.
heatalert-usage = Usage: /heatalert to see; /heatalert yellow, orange or red to declare; /heatalert end to end
