## Station staff: appointed by admins for a station

station-unknown = There is no station with the id “{ $station }”. Use a station id (see data/stations.yaml or the /nearest results).
station-appoint-already = { $name } is already on the staff of { $station }.
station-appoint-done = ✅ { $name } is now on the staff of { $station } and has been told.
station-revoke-not-staff = { $name } is not on the staff of { $station }.
station-revoke-done = { $name } is no longer on the staff of { $station }.
station-staff-welcome =
    🎉 { $name }, you are now on the staff of <b>{ $station }</b>!
    🏠 /station shows today's check-ins, lets you update the station's live status (open, water, charging, gift packs, crowded) and gives you its check-in QR code
    ✅ /pending lets you approve the volunteer hours served at your station
    🗣 /consult asks the couriers near your station a few questions (a consultation)
station-staff-farewell = { $name }, your staff role at { $station } has ended. Thank you for your work!
station-not-yours = 🔒 This is not one of your stations, so you cannot act for it.
station-usage-admin = Usage: /station STATION_ID (admins may open any station).
cmd-station = My station: today's check-ins, live status, check-in QR code

## /station: the panel

station-panel-header = 🏠 <b>{ $station }</b>
station-panel-checkins = 🙋 Checked in today: { $count } ({ $names })
station-panel-hint = Tap the buttons below to update the live status couriers see when they look for a station.
station-qr-caption = Today's check-in QR code for { $station } (it changes every day).
qr-scan-wechat = 📱 Scan with WeChat (not following the account yet? following it checks you in)
qr-scan-telegram = 📱 Scan with Telegram, or tap the link: { $link }
station-status-saved = ✅ Updated
station-button-open = ✅ Open
station-button-close = ⛔ Closed for now
station-button-water1 = 💧 Water
station-button-water0 = 🚱 No water
station-button-chg0 = 🔌 Chargers 0
station-button-chg1 = 🔌 1-2 free
station-button-chg3 = 🔌 3+ free
station-button-crowd1 = 👥 Crowded
station-button-crowd0 = 🪑 Seats free
station-button-gift-packs = 🎁 Gift packs left…
station-button-back = ↩ Back
station-ask-reason = Why is the station closed?
station-ask-until = When do you expect to open again?
station-until-1h = 1 hour ({ $time })
station-until-3h = 3 hours ({ $time })
station-until-today = Closed for the rest of today
station-reason-away = staff out for a moment
station-reason-event = event in progress
station-reason-repair = repairs
station-reason-other = other reasons
station-ask-gift-packs = 🎁 How many gift packs are left? Send a number (/cancel to stop).
station-gift-packs-number = Please send a number from 0 to { $limit }.
station-button-hand-out = 🎁 Handed 1 out
station-gift-pack-handed-out = Noted: one gift pack handed out.
station-gift-packs-none-left = No gift packs left (or the count is unknown): please set the count again.

## The live status, wherever a station is shown

station-live = 📢 { $facts } (updated { $time } · { $station })
station-live-unknown = 📢 Live status: unknown (not updated for more than { $hours } hours)
station-live-nothing = the staff have not said yet
station-live-open = ✅ Open as usual
station-live-closed = ⛔ Closed for now: { $reason }
station-live-closed-until = ⛔ Closed for now: { $reason }, expected to open again at { $until }
station-live-water-yes = 💧 Water
station-live-water-no = 🚱 No water for now
station-live-charging-none = 🔌 No free charging slot
station-live-charging-few = 🔌 1-2 free charging slots
station-live-charging-many = 🔌 3+ free charging slots
station-live-gift-packs = 🎁 { $count } gift packs left
station-live-crowded = 👥 Crowded
station-live-quiet = 🪑 Seats free
