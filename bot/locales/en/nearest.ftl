## Nearest station: /nearest, a shared location, a typed place

cmd-nearest = Find the nearest station
nearest-send-location = 📍 Send location
nearest-ask =
    📍 Tap "Send location" below and I will find the nearest station.
    You can also type a place, such as "杭州东站" (Hangzhou East Station) or "武林广场".
nearest-header-here = 📍 <b>Stations nearest to you</b>
nearest-header-place = 📍 <b>Stations near "{ $place }"</b>
nearest-header-filter = Only: { $filter }
nearest-header-page = Page { $page }
nearest-travel = 🛵 about { $ebike } min · 🚶 about { $walk } min
nearest-travel-ride = 🛵 about { $ebike } min
nearest-item =
    <b>{ $rank }. { $name }</b>
    📏 { $distance } · { $travel }
    { $status }
    { $icons }
# Shared with the heat reminders and the service map: bot/presenters.py renders them.
distance-m = { $metres } m
distance-km = { $km } km
nearest-open-until = 🟢 Open, closes at { $time }
nearest-open-always = 🟢 Open 24 hours
nearest-closed-opens = 🔴 Closed, opens { $when }
nearest-closed-long = 🔴 Closed for now
# Shared with the service map: bot/presenters.py renders them.
when-today = today at { $time }
when-tomorrow = tomorrow at { $time }
when-weekday = { $weekday } at { $time }
nearest-legend = Icons: { $legend }
nearest-far-away = 🧭 You are far from the stations: the nearest is { $distance } away. All courier stations are in Hangzhou for now.
nearest-none-match = No more stations with "{ $filter }" nearby. Tap "All" to see every station.
nearest-location-saved = 🔒 We keep the last location you shared, to point you to the nearest cool place on hot days; it is deleted after { $days } days. To drop just the location and keep your account and points, tap "🗑 Forget my location" below. To erase everything, send /deleteme.
nearest-button-next = Next 3 ▶
nearest-button-first = ◀ Nearest
nearest-button-route = 📍{ $rank } Route
nearest-button-amap = 🧭 Navigate with Amap
nearest-button-baidu = 🧭 Navigate with Baidu Maps
nearest-geocoder-down = 😥 The map service is not answering right now. Tap "📍 Send location" to share where you are and I will find a station at once.
nearest-station-gone = This station is no longer on the list. Please search again.

filter-all = All
filter-open = 🕐 Open now
filter-charging = 🔌 Charging
filter-water = 💧 Water
filter-cooling = ❄️ Cooling
filter-first_aid = 🩹 First aid

service-water = water
service-charging = charging
service-rest = rest
service-toilet = toilet
service-microwave = microwave
service-first_aid = first-aid kit
service-books = red book corner
service-policy_desk = policy desk
service-cooling = cooling

weekday-0 = Mon
weekday-1 = Tue
weekday-2 = Wed
weekday-3 = Thu
weekday-4 = Fri
weekday-5 = Sat
weekday-6 = Sun
