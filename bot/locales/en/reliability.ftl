## Reliability: flood control

flood-slow-down = 🐢 You are sending messages very fast. Please wait 10 seconds and I will carry on helping you.

## Privacy: /privacy, /mydata, /deleteme

cmd-privacy = What we keep about you
cmd-mydata = Download my data
cmd-deleteme = Delete my data
privacy-notice =
    🔒 <b>What we keep, why, and for how long</b>

    👤 <b>Account</b>: your Telegram id, name (or the one you chose with /name), username and language, to recognise you and answer in your language; station staff see you by this name. Kept until you delete it.
    📍 <b>The last location you shared</b>: to find the nearest station and point you to a cool place on hot days. Deleted automatically after { $location_days } days.
    🙋 <b>Volunteer hours and points</b>: to approve hours, credit points and exchange gifts. Kept until you delete it. Afterwards your points entries and gift redemptions stay without your identity (a gift already handed out is not counted back into stock, and the totals stay true); uncollected pickup codes are cancelled without a refund and the gift goes back into stock.
    🧾 <b>Records of decisions</b>: who approved hours, handed out a gift, declared a heat alert or sent a broadcast is kept as the admin's id, for internal checks only. The data you download says "admin", never their id. When an admin deletes their data, these records stay without their id.
    📣 <b>Observer reports</b>: to bring problems to the city and follow them up. After deletion the reports stay, without your identity.
    🗳 <b>Consultation answers</b>: anonymous by default: your id is not stored, only a salted hash that stops a second answer to the same question and finds your answers when you delete your data. A signed answer shows your name to the admins and is in /mydata. /deleteme deletes all your answers.
    🌡 <b>Reminder and notice records</b>: so that no reminder is sent twice.

    We never sell your information or use it for advertising. Admins look at it only to approve hours and handle reports.
    /mydata downloads all your data · /deleteme deletes it
privacy-mydata-summary =
    📦 <b>What we keep about you</b>
    👤 Account: { $name } · { $chosen_language }
    📍 Location: { $location }
    🙋 Volunteer entries: { $entries ->
        [0] none yet
       *[other] { $entries }
    }
    💰 Points: { $points }
    🎁 Gift redemptions: { $redemptions ->
        [0] none yet
       *[other] { $redemptions }
    }
    📣 Observer reports: { $reports ->
        [0] none yet
       *[other] { $reports }
    }
    The details are all in the JSON file below.
privacy-location-kept = saved (deleted after { $days } days without a new one)
privacy-location-none = none
privacy-erase-points = { $points } points
privacy-erase-codes = { $codes ->
        [one] an uncollected pickup code
       *[other] { $codes } uncollected pickup codes
    }
privacy-erase-and = { " " }and{ " " }
privacy-erase-balance = 💰 You have { $items }; they are lost when you delete.
privacy-forget-location-button = 🗑 Forget my location
privacy-location-forgotten = 📍 Your location is deleted. Your account and points are still here; the next location you share is kept again.
privacy-mydata-caption = 📦 Everything we keep about you, as a JSON file.
privacy-erase-confirm =
    ⚠️ Delete your data?
    Deleted: your account, location, volunteer records, points balance, reminder settings; uncollected pickup codes are cancelled without a refund.
    Kept, without your identity: the observer reports you filed, your points entries and gift redemptions, and totals.
    This cannot be undone.
privacy-erase-yes = 🗑 Yes, delete
privacy-erase-no = Not now
privacy-erase-kept = OK, nothing was deleted.
privacy-erase-stale = This confirmation button has expired. Please send /deleteme again.
privacy-erased =
    ✅ Your data has been deleted. { $reports ->
        [0] You had filed no observer reports.
        [one] Your observer report stays, without your identity.
       *[other] Your { $reports } observer reports stay, without your identity.
    }{ $points ->
        [0] { "" }
       *[other] { " " }{ $points } points were cleared.
    }
    If you write to me again, it is a fresh start.
