## Nearest station: /nearest, a shared location, a typed place

cmd-nearest = 找最近的驿站
nearest-send-location = 📍 发送位置
nearest-ask =
    📍 点下面的“发送位置”按钮，我帮你找最近的驿站。
    也可以直接输入地名，比如“杭州东站”“武林广场”。
nearest-header-here = 📍 <b>离你最近的驿站</b>
nearest-header-place = 📍 <b>“{ $place }”附近的驿站</b>
nearest-header-filter = 只看：{ $filter }
nearest-header-page = 第 { $page } 组
nearest-travel = 🛵 约 { $ebike } 分钟 · 🚶 约 { $walk } 分钟
nearest-travel-ride = 🛵 约 { $ebike } 分钟
nearest-item =
    <b>{ $rank }. { $name }</b>
    📏 { $distance } · { $travel }
    { $status }
    { $icons }
# Shared with the heat reminders and the service map: bot/presenters.py renders them.
distance-m = { $metres } 米
distance-km = { $km } 公里
nearest-open-until = 🟢 营业中，{ $time } 关门
nearest-open-always = 🟢 24 小时开放
nearest-closed-opens = 🔴 已关门，{ $when } 开门
nearest-closed-long = 🔴 暂停开放
# Shared with the service map: bot/presenters.py renders them.
when-today = 今天 { $time }
when-tomorrow = 明天 { $time }
when-weekday = { $weekday } { $time }
nearest-legend = 图标：{ $legend }
nearest-far-away = 🧭 你离杭州的驿站很远：最近的一家在 { $distance } 外。小哥驿站目前都在杭州。
nearest-none-match = 附近没有“{ $filter }”的驿站了。点“全部”看所有驿站。
nearest-location-saved = 🔒 我们保存了你最后一次分享的位置，高温天用它提醒你最近的歇脚点，{ $days } 天后自动删除。只想删掉位置、账号和积分都留着：点下面的“🗑 只删位置”。要删除全部数据：发送 /deleteme。
nearest-button-next = 下一组 ▶
nearest-button-first = ◀ 最近的
nearest-button-route = 📍{ $rank } 导航
nearest-button-amap = 🧭 高德地图导航
nearest-button-baidu = 🧭 百度地图导航
nearest-geocoder-down = 😥 地图服务暂时没有响应。请点“📍 发送位置”分享你的位置，我马上帮你找。
nearest-station-gone = 这个驿站已经不在名单里了，请重新搜索。

filter-all = 全部
filter-open = 🕐 营业中
filter-charging = 🔌 充电
filter-water = 💧 饮水
filter-cooling = ❄️ 降温
filter-first_aid = 🩹 药箱

service-water = 饮水
service-charging = 充电
service-rest = 休息
service-toilet = 厕所
service-microwave = 微波炉
service-first_aid = 应急药箱
service-books = 红色书角
service-policy_desk = 政策咨询
service-cooling = 降温

weekday-0 = 周一
weekday-1 = 周二
weekday-2 = 周三
weekday-3 = 周四
weekday-4 = 周五
weekday-5 = 周六
weekday-6 = 周日
