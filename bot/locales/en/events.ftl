cmd-event = Announce a station event (sign-up, reminders, QR check-in)
cmd-events = Coming events: sign up, cancel, add to calendar

events-card = 🎪 <b>{ $title }</b>
    🕑 { $when } ({ $hours } h)
    📍 { $place }
    👥 { $going }/{ $capacity } signed up · attending counts { $credited } h of volunteer service
events-card-waiting = ⏳ { $count } on the waiting list
events-card-you-going = ✅ You are signed up.
events-card-you-waiting = ⏳ You are on the waiting list: if someone cancels you move up and are told.
events-none = No events coming up. Send /events again later.
events-button-sign-up = ✋ Sign up
events-button-wait = ⏳ Full: join the waiting list
events-button-cancel = ↩️ Cancel my sign-up
events-button-calendar = 📅 Add to calendar
events-signed-up-going = ✅ Signed up! You will be reminded the day before and an hour before.
events-signed-up-waiting = ⏳ It is full: you are number { $position } on the waiting list.
events-started = The event has begun: sign-ups can no longer change.
events-cancelled = Your sign-up is cancelled.
events-not-cancelled = Nothing to cancel (the event has begun, you checked in, or you had not signed up).
events-calendar-caption = 📅 { $title }: open this file to add it to your phone's calendar.
events-calendar-link = 🔗 Link: { $url }

events-attendance-invalid = This event check-in code is not valid. Scan the QR code at the event.
events-attendance-not-open = Check-in for "{ $title }" is open from an hour before the start until the end.
events-attendance-full = "{ $title }" is full and you had not signed up, so you cannot check in.
events-attendance-checked-in = ✅ Checked in to "{ $title }"! When it ends, { $hours } h of volunteer service and their points are credited.
events-attendance-already = You have already checked in to "{ $title }".

events-promoted = 🎉 Someone cancelled, so you have moved up from the waiting list:
    "{ $title }", { $when }, at { $place }.
    If you cannot come, cancel with /events to free the place.
events-reminder-day = ⏰ Tomorrow: "{ $title }", { $when }, at { $place }.
    Scan the QR code there to check in. Cannot come? Cancel with /events.
events-reminder-hour = ⏰ In an hour: "{ $title }", { $when }, at { $place }.
events-credited = 🎉 Thank you for coming to "{ $title }"! { $hours } h of volunteer service recorded, +{ $points } points, balance <b>{ $balance }</b>.
events-not-credited = The hours of "{ $title }" could not be recorded: { $reason }

events-button-cancel-form = ✖️ Cancel
events-ask-title = 🎪 New event. What is it called? (Chinese, up to 60 characters)
events-bad-title = The name needs some words, up to 60 characters. Please send it again.
events-ask-title-en = English name? (optional: send it, or tap the button)
events-button-no-en = No English name
events-ask-place = 📍 At which station? Tap one, or type the place.
events-bad-place = The place needs some words, up to 60 characters. Please send it again.
events-ask-when = 🕑 When does it start? E.g. "Saturday 2pm", "3 Aug 14:00".
events-bad-when = I could not read that time, or it has passed. E.g. "Saturday 2pm", "tomorrow 9:30".
events-hours-button = { $hours } h
events-ask-length = Starts { $when }. How long does it last? Tap one, or type it (e.g. "2.5").
events-ask-capacity = 👥 How many people at most? Tap one, or type a number (1-500).
events-bad-capacity = Please type a number of people from 1 to 500.
events-ask-credit = ⏱ How many hours of volunteer service does attending count? (at most the event's length)
events-credit-too-long = The hours counted cannot exceed the event's length. Please type them again.
events-preview = Please check the event:
events-button-create = ✅ Announce
events-in-the-past = The start has passed, so the event was not announced. Send /event again.
events-created = ✅ Event #{ $number } is announced: everyone sees it with /events.
    The check-in QR codes for the venue follow: print them or show them on a phone. Or draw them with <code>python -m bot qr --event { $number }</code>.
events-ask-place-staff = 📍 At which station? Tap one of yours.
events-button-roster = 📋 Who is coming, and the check-in code
events-roster = 📋 "{ $title }": { $going } signed up (✅ checked in, ⏳ waiting):
events-qr-caption = Check-in code of event #{ $number } “{ $title }”: scan it from an hour before the start until the end.
