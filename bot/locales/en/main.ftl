## Foundation: welcome, help, language, errors

welcome =
    👋 Hello, { $name }! I am the <b>Hangzhou Courier Station</b> assistant.
    Thank you for your hard work on the road! Here you can:
    📍 find the nearest open courier station: water, charging, a rest, a first-aid kit
    🙋 volunteer and earn "Warm New" points to exchange for gifts
    📣 as a public-opinion observer, bring couriers' urgent problems to the city government
    🌡 get heat-wave reminders that tell you where to cool down

    Open the menu at the bottom left, or send /help to see everything.
welcome-back = 👋 Welcome back, { $name }! Send /help to see everything I can do.
help-header = 📖 <b>What I can do</b>
help-section-courier = <b>Everyone</b>
help-section-observer = <b>Observers</b>
help-section-staff = <b>Station staff</b>
help-section-admin = <b>Admins</b>
help-line = /{ $command } — { $description }
help-footer = Send /cancel at any time to leave what you are doing.

language-choose = 请选择语言 / Choose your language:
language-set = ✅ Switched to English.
language-unchanged = English is already your language.
language-button-zh = 中文
language-button-en = English

# /name: what the bot and the station staff call a person (WeChat gives a service account no nickname)

cmd-name = Choose what I call you
name-current =
    I call you: { $name }
    To change it, send /name and the name, e.g. /name Li
name-set = ✅ Done: from now on you are “{ $name }”. Station staff see this name too.
name-too-long = That name is too long: { $max } characters at most. Try a shorter one, e.g. /name Li
name-no-words = A name needs at least one letter or digit, e.g. /name Li
name-hidden-characters = Please write the name on one line, without line breaks or invisible characters, e.g. /name Li
name-markup = A name cannot contain &lt; or &gt;. Try another one, e.g. /name Li
welcome-wechat-name = ✏️ Send “/name your name” (e.g. /name Li) so that station staff know who you are.

cancel-done = OK, cancelled. I am here when you need me.
cancel-nothing = Nothing is in progress. Send /help to see everything I can do.

unknown-command = 🤔 I don't know the command { $command }. Send /help to see what I can do.
unknown-command-closest = 🤔 I don't know the command { $command }. Did you mean { $closest }? Send /help to see what I can do.
unknown-media = Got it, but I can't handle this kind of message yet. Send /help to see what I can do.
not-allowed = 🔒 This is only for { $role }.
role-observer = public-opinion observers
role-staff = station staff and admins
role-admin = admins
button-expired = This button has expired. Please send the command again.
private-chat-only = 🔒 This shows personal data, so it only works in a private chat with me or in the admin chat.
save-failed-draft-kept = 😥 That was not saved, but everything you entered is still here. Please press “{ $button }” again in a moment.

error-apology = 😥 Sorry, something went wrong and we have logged it. Please try again in a moment.
error-admin-notice = ⚠️ Error while handling update { $update_id }: { $error }

## Command menu (setMyCommands); one line each

cmd-start = Start / welcome
cmd-help = What I can do
cmd-language = 切换语言 / Language
cmd-cancel = Cancel what you are doing

## Free text: what the router answers itself

intent-greeting =
    👋 Hello { $name }! Send "nearest station" or tap "📍 Send location" below and I'll find the nearest open station.
    Send /help to see everything I can do.
intent-thanks = You're welcome! Ride safe. 🙏
intent-menu =
    🤔 I didn't quite get that. You can simply send:
    📍 "nearest station", "where can I charge", or a place name such as "Wulin Square"
    🙋 "points", "rewards", "volunteered 2 hours today"
    🌡 "heat reminders"
    Send /help to see everything I can do.
time-read-as = 🕑 Taken as { $time }.
