## Heat-wave reminders: /heat for everyone, /heatalert for admins, and the reminder itself

cmd-heat = 高温提醒：开关、时间、免打扰
cmd-heatalert = 发布或结束高温预警信号

heat-level-pre = 🌡 高温提示
heat-level-yellow = 🟡 高温黄色预警
heat-level-orange = 🟠 高温橙色预警
heat-level-red = 🔴 高温红色预警

## The reminder

heat-reminder-title = <b>{ $level }</b> · { $district }
heat-forecast-today = 今天最高 { $max }°C
heat-forecast-today-feels = 今天最高 { $max }°C，体感 { $feels }°C
heat-forecast-tomorrow = 明天最高 { $max }°C
heat-forecast-tomorrow-feels = 明天最高 { $max }°C，体感 { $feels }°C
heat-advice-pre =
    💧 出门带足水，随身带防晒和藿香正气水
    ⛱ 11:00–15:00 最热，能错开就错开
    🏠 累了热了，就近到驿站歇一歇
heat-advice-yellow =
    💧 少量多次喝水，别等口渴再喝
    ⛱ 11:00–15:00 尽量少在太阳下跑单
    🏠 每跑一两个小时，到驿站或阴凉处歇一歇
heat-advice-orange =
    💧 每 20 分钟喝几口水，出汗多就补点淡盐水
    ⛱ 11:00–15:00 别在太阳下跑单，接单量量力而行
    🏠 每小时到驿站或阴凉处歇一次
    🚑 头晕、恶心、心慌：马上停车，到阴凉处，严重的打 120
heat-advice-red =
    🛑 今天尽量停止户外跑单，身体最要紧
    💧 一定要跑就多喝水，每半小时进驿站或空调处降降温
    🚑 头晕、恶心、心慌、不出汗：马上停车，打 120
heat-rights-pre = ⚖️ 你的权益：日最高气温达到 35°C 以上，用人单位应发高温津贴。
heat-rights-yellow = ⚖️ 你的权益：35°C 以上应发高温津贴，用人单位应调整作息、减轻劳动强度。
heat-rights-orange = ⚖️ 你的权益：37–40°C，户外作业全天不超过 6 小时，最热的 3 小时不安排户外作业；高温津贴照发。
heat-rights-red = ⚖️ 你的权益：40°C 以上，当天应停止户外露天作业；高温津贴照发。
heat-rights-source = <i>依据：《防暑降温措施管理办法》（2012）</i>
heat-stations-header = 🏠 附近开着的驿站（有水或降温）：
heat-stations-header-district = 🏠 { $district }开着的驿站（有水或降温）：
heat-station-line = { $rank }. { $name } · { $distance }
heat-station-line-district = { $rank }. { $name }
heat-stations-none = 🏠 附近暂时没有开着的驿站，先找个阴凉处歇歇。发送 /nearest 查看所有驿站。
heat-campaign = 🎁 驿站福利：{ $items }
heat-campaign-separator = 、
heat-reminder-footer = 提醒设置：/heat

## /heat

heat-status =
    🌡 <b>高温提醒</b>
    状态：{ $state }
    提醒时间：{ $time }
    免打扰：{ $quiet }
    区域：{ $district }
    今天：{ $today }
heat-state-on = ✅ 已开启
heat-state-off = ⏸ 已关闭
heat-time-auto = 跟着每天的天气检查（{ $times }）
heat-time-at = 每天 { $time } 起
heat-quiet-span = { $start }–{ $end }
heat-quiet-none = 不设
heat-district-location = { $name }（按你最近分享的位置）
heat-district-chosen = { $name }（你选的）
heat-district-default = { $name }（默认。分享位置或选区域，提醒更准）
heat-today-none = 暂无高温提醒
heat-button-on = ✅ 开启提醒
heat-button-off = ⏸ 关闭提醒
heat-button-time = ⏰ 提醒时间
heat-button-quiet = 🌙 免打扰
heat-button-district = 📍 区域
heat-button-back = ↩ 返回
heat-button-time-auto = 随检查时间
heat-button-quiet-none = 不设免打扰
heat-button-district-auto = 按我的位置
heat-choose-time = ⏰ 选一个提醒时间。想要别的时间，发送 /heat time 08:30
heat-choose-quiet = 🌙 免打扰期间不发提醒，等结束后再发。想要别的时段，发送 /heat quiet 22:00-07:00
heat-choose-district = 📍 按哪个区的天气提醒你？
heat-saved = ✅ 已保存
heat-usage =
    用法：
    /heat on 或 /heat off:开启或关闭
    /heat time 08:30 或 /heat time auto:提醒时间
    /heat quiet 22:00-07:00 或 /heat quiet off:免打扰

## /heatalert (admins)

heatalert-status =
    🌡 <b>高温预警信号</b>
    当前：{ $signal }
    { $forecast }
    预报提示：{ $suggested }
    信号以气象台发布的为准，预报只用于提前提示。
heatalert-signal-none = 无
heatalert-signal = { $level }（{ $since } 发布）
heatalert-forecast-line = { $district }：今天 { $today }°C，明天 { $tomorrow }°C
heatalert-forecast-none = 今天还没有预报（来源：{ $provider }）。
heatalert-suggested-none = 无
heatalert-unknown = –
heatalert-button-yellow = 🟡 黄色
heatalert-button-orange = 🟠 橙色
heatalert-button-red = 🔴 红色
heatalert-button-end = 结束预警
heatalert-button-confirm = ✅ 确认
heatalert-button-cancel = 取消
heatalert-confirm = 确认发布 { $level }？订阅提醒的 { $count } 人会收到提醒（免打扰时段结束后再发）。
heatalert-confirm-end = 确认结束当前的 { $level }？不会给小哥发消息。
heatalert-declared = ✅ 已发布 { $level }，提醒正在发送。
heatalert-ended = ✅ 已结束高温预警。
heatalert-nothing-to-end = 现在没有生效的预警信号。
heatalert-cancelled = 已取消，没有改动。
heatalert-admin-declared = 📣 { $admin } 发布了 { $level }。
heatalert-admin-ended = 📣 { $admin } 结束了高温预警。
heatalert-usage = 用法：/heatalert 查看；/heatalert yellow、orange、red 发布；/heatalert end 结束
