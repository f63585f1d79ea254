## Warm-welcome points (暖新积分): volunteer hours, check-in, approval, points and rewards

cmd-volunteer = Log volunteer hours
cmd-checkout = Check out of a station and file the hours
cmd-points = My points
cmd-rewards = Exchange points for gifts
cmd-pending = Volunteer hours waiting for approval
cmd-collect = Hand over a reward: /collect CODE
cmd-adjust = Adjust points: /adjust USER_ID AMOUNT REASON

points-button-cancel = ❌ Cancel
points-button-submit = ✅ Submit
points-button-confirm = ✅ Redeem
points-button-approve = ✅ Approve #{ $number }
points-button-reject = ❌ Reject #{ $number }
points-button-redeem = 🎁 Redeem { $name } ({ $cost } pts)

points-date = { $weekday } { $day } { $month_name }
points-month-1 = Jan
points-month-2 = Feb
points-month-3 = Mar
points-month-4 = Apr
points-month-5 = May
points-month-6 = Jun
points-month-7 = Jul
points-month-8 = Aug
points-month-9 = Sep
points-month-10 = Oct
points-month-11 = Nov
points-month-12 = Dec

## /volunteer, step by step

points-vol-ask-activity = 🙋 Log volunteer hours (step 1)
    What did you do?
points-vol-ask-description = ✍️ Say in a few words what you did:
points-vol-ask-day = 📅 Which day? (up to 7 days back)
points-vol-today = Today
points-vol-yesterday = Yesterday
points-vol-ask-start = 🕐 When did you start?
    Tap a time, or type one, e.g. <b>14:30</b>
points-vol-bad-start = 🤔 I couldn't read that time. Type it like <b>14:30</b> or <b>9</b>, or tap a button above.
points-vol-prefilled = 📝 Noted: { $details }.
points-vol-ask-hours = ⏱ For how long?
    Tap one, or type e.g. <b>2.5</b> or <b>1:30</b>
points-vol-hours-button = { $hours } h
points-hours-unreadable = 🤔 I couldn't read that. Type <b>2</b>, <b>2.5</b> or <b>1:30</b>, or tap a button above.
points-hours-step = ⏱ Hours count in half-hour steps, e.g. 1, 1.5, 2. Please type it again.
points-hours-too-short = ⏱ At least half an hour, please. Type it again.
points-hours-too-long = ⏱ At most 12 hours at a time. Type it again.
points-vol-ask-place = 📍 Where was it?
    Type the station's name or the place, or share your location to pick a nearby station.
points-vol-ask-place-near = 📍 Where was it?
    Tap a nearby station, or type a station's name or the place.
points-vol-station-near = { $name } ({ $km } km)
points-vol-pick-station = Is it this station? Tap to confirm:
points-vol-use-typed = ✍️ Use “{ $text }”
points-vol-ask-photo = 📷 Have a photo of it? Send one as proof (optional).
points-vol-skip-photo = Skip the photo
points-vol-summary-header = 📋 <b>Please check</b>
points-vol-activity = { $activity }
points-vol-activity-described = { $activity }: { $description }
points-vol-when = 📅 { $date } { $start }–{ $end } ({ $hours } h)
points-vol-where = 📍 { $place }
points-vol-has-photo = 📷 Photo attached
points-vol-summary-points = About <b>{ $points }</b> points once approved.
points-vol-submitted = ✅ Submitted (#{ $number }). An admin will review it and I'll tell you the result.
points-vol-already-submitted = Already submitted: it is stored once.
points-vol-expired = This button has expired. Send /volunteer to start again.
points-vol-start-again = Send /volunteer to start again.
points-vol-use-buttons = Please tap a button in the message above, or send /cancel to stop.
points-vol-description-no-words = 🤔 I can't read emoji alone. Please say in a few words what you did, e.g. "helped an elderly neighbour carry shopping".
points-vol-place-not-hours = 📍 This step asks for the place: a station's name, or somewhere like "Wulin Square metro exit". The hours are already filled in.
points-vol-too-long = That's too long: { $limit } characters at most, please.

points-rule-future = 📅 You can't log a day in the future.
points-rule-too-old = 📅 You can log hours up to 7 days back only.
points-rule-unfinished = 🕐 That time hasn't ended yet. Log it once you're done.
points-rule-overlap = ⚠️ This overlaps hours you already logged. Pick another start time or length.
points-rule-daily-limit = ⚠️ At most 12 hours a day, and that day is nearly full. Please log fewer hours.

## Station check-in

points-checkin-started = ✅ Checked in at <b>{ $station }</b> ({ $since }).
    When you finish, send /checkout and the hours go for approval.
points-checkin-already = You are checked in at <b>{ $station }</b> since { $since }. Send /checkout first, then scan the new code.
points-checkin-invalid = 😕 This check-in code is not valid (codes change every day).
    Scan the station's code of today, or log your hours with /volunteer.
points-checkout-none = You are not checked in. Scan the QR code at a station, or log hours with /volunteer.
points-checkout-too-short = ⏱ Only { $minutes } minutes so far: half an hour is the minimum. Keep going and send /checkout later.
points-checkout-too-long = ⏱ Checked in for over 12 hours: you probably forgot to check out. Nothing was filed; please log the real hours with /volunteer.
points-checkout-not-filed = Nothing was filed for this check-in. Use /volunteer if you need to log hours.
points-checkout-filed = ✅ Checked out: { $hours } h at { $station }, sent for approval (#{ $number }), about { $points } points once approved.

## Approval (admin chat, /pending)

points-admin-new = 🆕 Volunteer hours to review #{ $number }
    👤 { $name } (ID { $user_id })
points-admin-points = Approval credits { $points } points.
points-admin-approved-short = Approved #{ $number }
points-admin-approved-by = ✅ Approved (by { $name })
points-admin-already-approved = #{ $number } is already approved; points are credited once.
points-admin-already-rejected = #{ $number } was already rejected.
points-admin-ask-reason = ✍️ Reply with the reason for rejecting #{ $number } (the volunteer will see it). /cancel to stop.
points-admin-reason-replaced = ↩️ Rejecting #{ $number } is set aside; that entry is still pending.
points-admin-reason-placeholder = Reason
points-admin-rejected = ❌ Rejected #{ $number }. Reason: { $reason }
points-pending-empty = 👍 Nothing waiting for approval.
points-pending-header = 📋 { $count } waiting (page { $page }/{ $pages })
points-pending-entry = <b>#{ $number }</b> { $name } · { $points } pts

points-courier-approved = 🎉 Your volunteer hours #{ $number } ({ $hours } h) were approved!
    +{ $points } points; you now have <b>{ $balance }</b>. Send /rewards to see what they buy.
points-courier-rejected = 😕 Your volunteer hours #{ $number } ({ $hours } h) were not approved.
    Reason: { $reason }
    Ask at a station if anything is unclear, or log them again with /volunteer.

## /points

points-balance = 💰 Points: <b>{ $balance }</b>
points-hours = ⏱ This month: { $month_approved } h approved, { $month_pending } h pending
    📊 All time: { $all_approved } h approved, { $all_pending } h pending
points-open-code = 🎁 { $reward }: pickup code <b>{ $code }</b> (collect by { $until })
points-history-header = <b>Last 10 entries</b>
points-history-empty = No points yet. Log volunteer service with /volunteer; approved hours earn points.
points-history-earn = { $date } volunteer service { $amount }, balance { $balance }
points-history-redeem = { $date } reward { $amount }, balance { $balance }
points-history-refund = { $date } reward not collected, returned { $amount }, balance { $balance }
points-history-adjust = { $date } adjusted by an admin { $amount }, balance { $balance }
points-history-expire = { $date } points expired { $amount }, balance { $balance }

## /rewards

points-rewards-header = 🎁 <b>Rewards</b> (you have { $balance } points)
points-reward-line = <b>{ $name }</b> — { $cost } points, { $left } left
    📍 Collect at: { $where }
points-rewards-none-left = All gifts are gone for now; please look again later.
points-redeem-confirm = Redeem <b>{ $name }</b> for { $cost } points?
    You'll have { $after } left (now { $balance }).
points-redeem-not-enough = Not enough points: you have { $balance }, this needs { $cost }. Log volunteer service with /volunteer to earn more!
points-redeem-out-of-stock = 😕 { $name } is all gone. Try another one.
points-redeem-done = 🎉 Redeemed: <b>{ $name }</b>
    Pickup code: <b>{ $code }</b>
    📍 Show it at { $where } by { $until } (if not collected, the points come back).
    You now have { $balance } points.
points-redeem-already = Already redeemed: pickup code { $code }.

## /collect and /adjust (admins)

points-collect-usage = Usage: /collect CODE, e.g. /collect K7PQ2M
points-collect-unknown = 😕 No such pickup code. Please check it and try again.
points-collect-collected = ✅ Collected: { $name } (code { $code }, user { $user_id }). Hand the gift over.
points-collect-already = ⚠️ Code { $code } was already collected ({ $name }). Do not hand it out twice.
points-collect-expired = ⌛ Code { $code } has expired ({ $name }); its points are (or will be) returned. It can't be collected.
points-courier-collected = ✅ You collected { $name }. Thank you for volunteering!
points-courier-code-expired = ⌛ Your pickup code { $code } for { $name } was not collected within 14 days and has expired.
    { $points } points came back; you now have { $balance }.
points-adjust-usage = Usage: /adjust USER_ID AMOUNT REASON
    e.g. /adjust 123456 +20 station duty on 1 June, logged late
points-adjust-unknown-user = 😕 No user { $user_id } (they must have talked to me first).
points-adjust-below-zero = ⚠️ User { $user_id } has { $balance } points; { $amount } would take them below zero. Nothing changed.
points-adjust-done = ✅ Adjusted user { $user_id } by { $amount }; they now have { $balance }. Reason: { $reason }
points-courier-adjusted = ℹ️ An admin adjusted your points: { $amount }; you now have { $balance }.
    Reason: { $reason }
