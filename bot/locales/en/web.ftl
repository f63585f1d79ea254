## The service map (暖新服务地图): the Telegram button and the web page

web-map-button = 🗺 Service map
web-map-intro =
    🗺 <b>Warm-New Service Map</b>
    Every courier station on one map: which are open, what they offer, and one tap to navigate there.
web-map-open = 🗺 Open the service map

web-page-title = Warm-New Service Map · Hangzhou courier stations
web-page-heading = 🗺 Warm-New Service Map
web-page-subtitle = Hangzhou courier stations
web-filter-all = All
web-filter-open-only = Open now only
web-legend-open = Open
web-legend-closed = Closed
web-count = { $shown } of { $total } stations
web-none-match = No station matches. Tap “All” to see every station.
web-locating = Finding your position…
web-sorted-by-distance = 📍 Nearest to you first
web-location-unavailable = Allow location access to sort the stations by distance.
web-you-are-here = You are here
web-load-failed = The station list did not load. Please refresh in a moment.
web-close = Close
web-sample-note = Sample data, to be replaced by the official list
web-list-heading = Stations

web-service-water = 💧 Water
web-service-charging = 🔌 Charging
web-service-rest = 🛋 Rest
web-service-toilet = 🚻 Toilet
web-service-microwave = 🍱 Microwave
web-service-first_aid = 🩹 First aid
web-service-books = 📕 Red book corner
web-service-policy_desk = 📋 Policy desk
web-service-cooling = ❄️ Cooling

web-status-open-until = Open · closes at { $time }
web-status-open-always = Open 24 hours
web-status-closed-opens = Closed · opens { $when }
web-status-closed-long = Closed for now

web-hours = 🕐 Opening hours
web-hours-all-day = 24 hours
web-hours-closed = Closed daily { $spans }
web-days-daily = Daily
web-days-range = { $first }–{ $last }
web-services = 🧰 Services
web-campaign = 🎁 On offer now
web-address = 📌 Address
web-phone = ☎️ Phone
web-navigate-amap = 🧭 Amap
web-navigate-baidu = 🧭 Baidu Maps
