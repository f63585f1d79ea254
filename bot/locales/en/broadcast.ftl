## Broadcasts (/broadcast) and statistics (/stats), for admins

cmd-broadcast = Broadcast a notice
cmd-stats = Statistics

broadcast-ask-content =
    📣 <b>Broadcast</b>
    Send the Chinese version: a text (bold, links and other formatting are kept) or a photo with a caption.
broadcast-content-kind = Only a text or a photo can be broadcast. Please send it again.
broadcast-ask-english = Got it. Now an English version? English users will get it. Tap "Skip" if not needed.
broadcast-english-kind = Please send the English version as text.
broadcast-caption-too-long = A photo caption can have at most { $limit } characters. Please shorten it.
broadcast-button-skip-english = Skip English
broadcast-button-abort = ✖️ Cancel

broadcast-ask-audience = Who should get it?
broadcast-audience-button-everyone = Everyone
broadcast-audience-button-couriers = Couriers (plain users)
broadcast-audience-button-observers = Observers
broadcast-audience-button-volunteers = Volunteers with hours
broadcast-audience-button-district = A district
broadcast-audience-button-near_station = Near a station
broadcast-audience-button-checked_in_at = Checked in at a station (last { $days } days)
broadcast-audience-button-language = A language
broadcast-ask-district = Choose the district (by the station nearest to each person's last location):
broadcast-ask-station = Choose the station:
broadcast-ask-radius = Within how many km of "{ $station }" was their last location (at most { $most } km)? Send a number, e.g. 3.
broadcast-radius-invalid = Please send a distance between 0 and { $most } km, e.g. 3 or 2.5.
broadcast-ask-language = Choose the language:
broadcast-lang-zh = Chinese users
broadcast-lang-en = English users

broadcast-audience-everyone = everyone
broadcast-audience-couriers = couriers (not observers or admins)
broadcast-audience-observers = observers
broadcast-audience-volunteers = volunteers who logged hours
broadcast-audience-district = people in { $district }
broadcast-audience-near_station = people within { $radius } km of "{ $station }"
broadcast-audience-checked_in_at = couriers who checked in at "{ $station }" in the last { $days } days
broadcast-audience-language = { $group }
broadcast-audience-chosen = Audience: { $audience }
broadcast-nobody = Nobody matches "{ $audience }". Please choose another audience.

broadcast-preview-header = 👀 <b>Preview</b>: this is exactly what recipients will see.
broadcast-preview-english = 👀 English users will see:
broadcast-preview-summary =
    Audience: { $audience }
    Recipients: <b>{ $count }</b> (Chinese { $zh }, English { $en })
    When should it go out?
broadcast-button-now = 🚀 Send now
broadcast-button-later = 🕒 Schedule
broadcast-ask-time = Send the time (Beijing time), e.g. { $example } or 14:30.
broadcast-time-invalid = I can't read that time, or it has passed. Use { $example } or 14:30, within 30 days.
broadcast-when-now = now
broadcast-when-at = { $time } ({ $words })
broadcast-time-quiet = ⚠️ That time is inside couriers' quiet hours ({ $start }–{ $end }) and will wake many of them. Think twice before confirming.
broadcast-confirm =
    Send this broadcast?
    Audience: { $audience }
    Recipients: <b>{ $count }</b>
    When: { $when }
broadcast-button-confirm = ✅ Confirm
broadcast-mode-free = Sending: ordinary broadcast, { $rate } a second, about { $duration }.
broadcast-mode-paid = Sending: ⚡ paid broadcast, up to { $rate } a second, about { $duration }; it costs about { $stars } Telegram Stars from the bot's balance.
broadcast-button-paid = ⚡ Paid, faster (about { $stars } Stars)
broadcast-button-free = ↩️ Back to an ordinary broadcast
broadcast-duplicate = ⚠️ The same content went to the same audience { $minutes ->
        [0] just now
        [one] a minute ago
       *[other] { $minutes } minutes ago
    }. Send it again?
broadcast-button-send-again = Yes, send it again
broadcast-started = 📣 Broadcast #{ $id } is being prepared…
broadcast-scheduled = 🕒 Broadcast #{ $id } is scheduled for { $when }. This message will show its progress then.
broadcast-cancelled-draft = OK, the broadcast is cancelled. Nobody got it.
broadcast-use-buttons = Please use the buttons above, or send /cancel to stop.

broadcast-progress =
    📣 Broadcast #{ $id } · { $status }
    ✅ sent { $sent } · ⚠️ failed { $failed } · 🚫 blocked { $blocked } · of { $total }
    ⏱ { $rate } per second · about { $left } left
broadcast-channels =
    ✈️ Telegram: sent { $telegram_sent } · failed { $telegram_failed } · blocked { $telegram_blocked } · of { $telegram_total }
    💬 WeChat: sent { $wechat_sent } ({ $by_message } as messages · { $by_template } as templates) · failed { $wechat_failed } · unfollowed { $wechat_blocked } · of { $wechat_total }
broadcast-status-preparing = preparing
broadcast-status-scheduled = scheduled
broadcast-status-active = sending
broadcast-status-paused = paused
broadcast-status-cancelled = cancelled
broadcast-status-done = finished
broadcast-button-pause = ⏸ Pause
broadcast-button-resume = ▶️ Resume
broadcast-button-cancel = ⏹ Cancel
broadcast-control-pause = Paused
broadcast-control-resume = Resumed
broadcast-control-cancel = Cancelled: nobody else will get it
broadcast-control-stale = This broadcast has finished or changed; the button no longer applies.
broadcast-report =
    ✅ <b>Broadcast #{ $id } finished</b> in { $duration }
    sent { $sent } · failed { $failed } · blocked { $blocked } · of { $total }

stats-title = 📊 <b>Statistics</b>
stats-users = 👥 Users { $total } · active 7 days { $active_7d } · 30 days { $active_30d } · blocked the bot { $blocked }
stats-observers = 📣 Observers { $observers }
stats-volunteering = 🙋 Volunteer hours: logged { $logged } · approved { $approved }
stats-points = 🎁 Points outstanding { $points }
stats-reports-title = 📝 Observer reports: { $open } open · { $closed } closed
stats-reports-none = 📝 Reports: none yet
stats-report-line = · { $status }: { $count }
stats-deliveries = 📬 { $kind }: sent { $sent } · failed { $failed } · blocked { $blocked } · pending { $pending }
stats-kind-broadcast = Broadcasts
stats-kind-notice = Notices to people
stats-kind-heat = Heat reminders
stats-kind-other = Other
stats-scheduled-title = 🕒 Scheduled broadcasts:
stats-scheduled-line = · #{ $id } { $when } · { $audience }
stats-broadcasts-title = Latest broadcasts:
stats-broadcasts-none = Latest broadcasts: none yet
stats-broadcast-line = · #{ $id } { $date } { $status }: sent { $sent }/{ $total }, failed { $failed }, blocked { $blocked }
