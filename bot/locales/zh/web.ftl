## The service map (暖新服务地图): the Telegram button and the web page

web-map-button = 🗺 服务地图
web-map-intro =
    🗺 <b>暖新服务地图</b>
    所有小哥驿站都在地图上：哪家开着门、有什么服务，点一下就能导航。
web-map-open = 🗺 打开服务地图

web-page-title = 暖新服务地图 · 杭州小哥驿站
web-page-heading = 🗺 暖新服务地图
web-page-subtitle = 杭州小哥驿站
web-filter-all = 全部
web-filter-open-only = 只看营业中
web-legend-open = 营业中
web-legend-closed = 已关门
web-count = 显示 { $shown } / { $total } 个驿站
web-none-match = 没有符合条件的驿站。点“全部”看所有驿站。
web-locating = 正在获取你的位置…
web-sorted-by-distance = 📍 按离你的远近排序
web-location-unavailable = 允许定位后，驿站会按离你的远近排序。
web-you-are-here = 你在这里
web-load-failed = 驿站名单没加载出来，请稍后刷新。
web-close = 关闭
web-sample-note = 示例数据，等官方名单发布后更新
web-list-heading = 驿站列表

web-service-water = 💧 饮水
web-service-charging = 🔌 充电
web-service-rest = 🛋 休息
web-service-toilet = 🚻 厕所
web-service-microwave = 🍱 微波炉
web-service-first_aid = 🩹 应急药箱
web-service-books = 📕 红色书角
web-service-policy_desk = 📋 政策咨询
web-service-cooling = ❄️ 降温

web-status-open-until = 营业中 · { $time } 关门
web-status-open-always = 24 小时开放
web-status-closed-opens = 已关门 · { $when } 开门
web-status-closed-long = 暂停开放

web-hours = 🕐 开放时间
web-hours-all-day = 24 小时
web-hours-closed = 每天 { $spans } 休息
web-days-daily = 每天
web-days-range = { $first }至{ $last }
web-services = 🧰 服务
web-campaign = 🎁 正在发放
web-address = 📌 地址
web-phone = ☎️ 电话
web-navigate-amap = 🧭 高德导航
web-navigate-baidu = 🧭 百度导航
