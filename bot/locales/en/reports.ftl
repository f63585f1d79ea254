## Public-opinion observers: reports, triage, roles and exports

cmd-report = Report a problem (observers)
cmd-myreports = My reports and their progress
cmd-appoint = Appoint an observer: /appoint user id or @username
cmd-revoke = End a user's observer role
cmd-reports = Review and handle reports
cmd-export = Export reports: /export reports [csv|xlsx|open311] [since date]

## Statuses (FixMyStreet-style; Open311 open: the first three)

reports-status-confirmed = 🆕 Submitted, waiting for review
reports-status-investigating = 👀 Acknowledged, being looked into
reports-status-in-progress = 📨 Forwarded to a department
reports-status-fixed = ✅ Resolved
reports-status-duplicate = 🔁 Duplicate, merged
reports-status-not-actionable = ⛔ Cannot be handled for now

## /report, step by step

reports-not-observer =
    🙏 Thank you for wanting to raise a problem!
    /report is for public-opinion observers. You can still be heard:
    👥 tell an observer you know about it
    🏠 talk to the policy desk at a nearby courier station (send /nearest to find one)
    Want to become an observer? Sign up at a station; an admin appoints observers.
reports-progress = <b>Step { $step } of { $total }</b>
reports-ask-category = 📣 What is the problem about? Tap one:
reports-chosen-category = Category: { $category }
reports-ask-description =
    ✍️ Tell us what happened: where, what, and who is affected.
    Type { $min }–{ $max } characters, or just send a voice message 🎤
reports-description-too-short = Please write a little more: at least { $min } characters (now { $length }). Or send a voice message 🎤
reports-description-too-long = That is too long: at most { $max } characters (now { $length }). Please shorten it.
reports-description-no-words = 🤔 I can't read emoji alone. Please say in words what happened: where, and what is wrong. Or send a voice message 🎤
reports-voice-kept = 🎤 Voice message received; the staff will hear it as it is.
reports-ask-photos = 📷 Any photos? Send them one by one, up to { $max }. None? Tap "Skip".
reports-photo-received = 📷 Photo { $count } received (up to { $max }). Send more, or tap "Done".
reports-photos-full = 📷 { $max } photos received, that's plenty.
reports-ask-location =
    📍 Where is it?
    Tap "Send my location", or type a place (e.g. "Wulin Square"), or tap "Skip".
reports-location-kept = 📍 Location received.
reports-location-skipped = OK, no place.
reports-place-found = 📍 Found: { $place }
reports-place-as-text = 📝 I couldn't find "{ $place }" on the map, so I kept it as text.
reports-ask-anonymity =
    🕶 Report anonymously?
    Anonymous: your name is left out of what goes to the departments and out of every export.
    Note: admins still see who filed it, so they can contact you if needed.
reports-button-named = 👤 With my name
reports-button-anonymous = 🕶 Anonymously
reports-summary-title = 📋 <b>Please check your report</b>
reports-summary-category = Category: { $category }
reports-summary-description = Description: { $description }
reports-summary-voice = 🎤 Voice message attached
reports-summary-photos = Photos: { $count }
reports-summary-place = Place: { $place }
reports-summary-location-shared = Place: location shared
reports-summary-no-place = Place: not given
reports-summary-anonymous = 🕶 Anonymous (admins still see your name)
reports-summary-named = 👤 With your name
reports-button-confirm = ✅ Submit
reports-button-cancel = ✖️ Cancel
reports-button-no-photos = No photos, skip
reports-button-photos-done = ✅ Done
reports-button-share-location = 📍 Send my location
reports-button-skip = Skip
reports-reprompt = 👇 We are still on your report; let's continue with this step:
reports-filed =
    ✅ Submitted! Number <b>{ $number }</b>
    I will tell you as soon as anything happens. Send /myreports any time to check.
reports-filed-urgent =
    🚨 Urgent report submitted, number <b>{ $number }</b>; the admins have been told right away.
    If someone is hurt call 120 first; for an accident call 110!
reports-urgent-reminder =
    🚨 <b>In an emergency, call first!</b>
    Heat stroke or injury: call <b>120</b>
    Accident or danger: call <b>110</b>
    Then carry on here; I will pass it to the admins at once.

## "+1, me too"

reports-duplicate-offer = 👀 Someone nearby already reported this kind of problem. Is it the same thing? Tap +1 and we follow it up together:
reports-duplicate-line =
    <b>{ $number }</b> · about { $distance } m away · { $date }
    { $summary }
    { $supporters } people reported it
reports-button-plus-one = 👍 +1, me too ({ $number })
reports-button-not-duplicate = ➕ Something else, continue
reports-plus-one-done = 👍 You added +1 to <b>{ $number }</b>; { $count } people have reported it now. You will hear of every step.
reports-plus-one-unavailable = That report is closed or you already added +1. Tap "Something else, continue".

## Triage card (admin chat)

reports-card-urgent = 🚨 <b>URGENT!</b>
reports-card-title = 📣 <b>{ $number }</b> · { $category }
reports-card-status = Status: { $status }
reports-card-department = Forwarded to: { $department }
reports-card-reporter = Observer: { $name } · { $username } · ID { $user_id }
reports-card-reporter-hidden = Observer: anonymous (shown only on the card in the admin chat)
reports-card-anonymous = 🕶 Anonymous: name hidden from departments and exports
reports-card-place = Place: { $place }
reports-card-filed = Filed: { $time }
reports-card-extras = Photos: { $photos } · Voice: { $voice } · +1: { $supporters }
reports-card-voice-yes = yes
reports-card-voice-no = no
reports-card-voice-only = (voice report)
reports-card-resolution = Resolution: { $note }
reports-button-ack = 👀 Acknowledge
reports-button-fwd = 📨 Forward
reports-button-res = ✅ Resolve
reports-button-dup = 🔁 Duplicate
reports-button-na = ⛔ Not actionable
reports-button-back = ↩️ Back
reports-button-back-to-list = ↩️ Back to the list
reports-triage-done = Updated: { $status }
reports-triage-stale = This report has changed meanwhile; see the latest message.
reports-triage-note-prompt = { $admin }, please reply to this message with the resolution of <b>{ $number }</b> (the observer will read it). Send /cancel to stop.
reports-triage-note-replaced = ↩️ The resolution of { $number } is set aside; that report is unchanged.
reports-triage-resolved = ✅ { $number } is marked resolved and the observer has been told.
reports-admin-plus-one = 👍 Another observer added +1 to { $number }; { $count } people have reported it now.
reports-admin-reopened = 🔄 The observer says { $number } is not solved; the report is open again.

## Early alert (admin chat): an urgent report while the observer is still filling it in

reports-early-alert =
    🚨 <b>EARLY ALERT</b> · { $category }
    The observer is still filling in the report; the full report follows.
reports-early-alert-words = Typed so far: { $words }
reports-early-alert-no-words = No description yet
reports-early-alert-place = 📍 Place as the observer typed it: { $place }
reports-early-alert-withdrawn = ⚪️ Early alert withdrawn: this report was not filed.
reports-card-follows-alert = ↪️ <b>The full report of the early alert above</b>, not a new emergency.

## Notices to the reporter and every "+1"

reports-notify-investigating = 👀 The problem you reported, <b>{ $number }</b>, has been acknowledged and is being looked into.
reports-notify-in-progress = 📨 The problem you reported, <b>{ $number }</b>, has been forwarded to: { $department }.
reports-notify-fixed =
    ✅ The problem you reported, <b>{ $number }</b>, has been resolved.
    Resolution: { $note }
reports-notify-duplicate = 🔁 The problem you reported, <b>{ $number }</b>, duplicates an existing report and is handled with it.
reports-notify-not-actionable =
    ⛔ The problem you reported, <b>{ $number }</b>, cannot be handled for now and has been closed.
    Note: { $note }
reports-notify-reopened = 🔄 <b>{ $number }</b> is not solved yet, so it is open again; we keep following it up.
reports-notify-followup-promise = In 7 days I will ask you whether it is really solved.

## "Is it solved?"

reports-followup-question =
    🤔 Is <b>{ $number }</b> solved?
    The resolution was: { $note }
reports-button-solved = ✅ Yes, solved
reports-button-unsolved = ❌ No, not solved
reports-followup-thanks = 🙏 Great! Thank you for telling us; { $number } is confirmed solved.
reports-followup-reopened = 🔄 Got it: { $number } is open again and we keep following it up.

## /reports (admins)

reports-list-header = 📋 <b>Reports</b> · { $filter } · { $category } · { $total } in all · page { $page }/{ $pages }
reports-list-empty = No reports match.
reports-list-line =
    { $urgent }<b>{ $number }</b> · { $category } · { $status }
    { $summary }
reports-list-urgent = 🚨
reports-filter-open = Open
reports-filter-new = New
reports-filter-fixed = Resolved
reports-filter-closed = Closed
reports-filter-all = All
reports-filter-all-categories = All categories
reports-button-previous = ◀️ Previous
reports-button-next = Next ▶️

## /myreports (observers)

reports-my-empty = You have not filed any report yet. Send /report when you meet a problem.
reports-my-header = 📋 <b>My reports</b> · { $total } in all · page { $page }/{ $pages }
reports-my-line =
    <b>{ $number }</b> · { $category } · { $date }
    { $status }
    { $summary }
reports-my-department = 📨 Forwarded to: { $department }
reports-my-answer = 💬 Latest answer: { $note }

## /appoint and /revoke (admins)

reports-appoint-usage =
    Usage: /appoint user id, or /appoint @username
    Or reply /appoint to a message they forwarded.
    Station staff: /appoint user staff STATION_ID
reports-revoke-usage =
    Usage: /revoke user id, or /revoke @username
    Or reply /revoke to a message they forwarded.
    Station staff: /revoke user staff STATION_ID
reports-appoint-unknown = This person has not talked to me yet. Ask them to send me /start first, then appoint them.
reports-revoke-unknown = I can't find this person; please check the user id or username.
reports-appoint-hidden-forward = This forward hides its sender (their privacy settings). Please use /appoint user id instead.
reports-revoke-hidden-forward = This forward hides its sender (their privacy settings). Please use /revoke user id instead.
reports-appoint-ambiguous = More than one person has used this username, so I cannot tell who you mean. Please use /appoint user id, or reply to a message they forwarded.
reports-revoke-ambiguous = More than one person has used this username, so I cannot tell who you mean. Please use /revoke user id, or reply to a message they forwarded.
reports-appoint-already = { $name } is already an observer.
reports-appoint-done = ✅ { $name } is now a public-opinion observer and has been told.
reports-appoint-done-unreached = ✅ { $name } is now a public-opinion observer, but my message did not reach them (they may have blocked the bot); please tell them yourself.
reports-revoke-not-observer = { $name } is not an observer.
reports-revoke-done = { $name } is no longer an observer.
reports-observer-welcome =
    🎉 Congratulations, { $name }: you are now a <b>public-opinion observer</b> (民情观察员)!
    You are the bridge between couriers and the city government: bring up what is most urgent and hardest for them.
    📣 /report raise a problem (with photos and a place; anonymous if you like)
    📋 /myreports follow each report and read the answers
    🗣 /consult read couriers' answers to consultations; one tap files one as a report
    Every report gets a number, someone follows it, and you hear the outcome. In an emergency, call 120 or 110 first.
reports-observer-farewell = { $name }, your observer role has ended. Thank you for speaking up for couriers! The stations and everything else stay available to you.

## Exports

reports-export-usage =
    Usage: /export reports [csv|xlsx|open311] [since date]
    For example: /export reports xlsx 2025-07-01
reports-export-caption = 📦 Reports export, { $count } in all (anonymous reports carry no identity).
reports-export-sheet = Reports
reports-export-yes = yes
reports-export-no = no
reports-export-anonymous = anonymous
reports-export-col-number = Number
reports-export-col-status = Status
reports-export-col-open311 = Open311 status
reports-export-col-category = Category
reports-export-col-urgent = Urgent
reports-export-col-description = Description
reports-export-col-voice = Voice
reports-export-col-photos = Photos
reports-export-col-lat = Latitude (WGS-84)
reports-export-col-lon = Longitude (WGS-84)
reports-export-col-place = Place
reports-export-col-department = Department
reports-export-col-resolution = Resolution
reports-export-col-supporters = +1 count
reports-export-col-created = Filed
reports-export-col-updated = Updated
reports-export-col-resolved = Resolved
reports-export-col-reporter-id = Observer id
reports-export-col-reporter-name = Observer
