## Broadcasts (/broadcast) and statistics (/stats), for admins

cmd-broadcast = 群发通知
cmd-stats = 数据统计

broadcast-ask-content =
    📣 <b>群发通知</b>
    请发送中文版内容：一段文字（加粗、链接等格式会保留），或者一张带说明的图片。
broadcast-content-kind = 只能群发文字或图片，请重新发送。
broadcast-ask-english = 收到。再发一段英文版？英文用户会收到英文版。不需要就点“跳过”。
broadcast-english-kind = 英文版请发送文字。
broadcast-caption-too-long = 图片说明最多 { $limit } 个字，请缩短后再发。
broadcast-button-skip-english = 跳过英文版
broadcast-button-abort = ✖️ 取消

broadcast-ask-audience = 发给谁？
broadcast-audience-button-everyone = 所有人
broadcast-audience-button-couriers = 小哥（普通用户）
broadcast-audience-button-observers = 民情观察员
broadcast-audience-button-volunteers = 登记过志愿时长的人
broadcast-audience-button-district = 按城区
broadcast-audience-button-near_station = 驿站附近的人
broadcast-audience-button-checked_in_at = 最近 { $days } 天来驿站签到的人
broadcast-audience-button-language = 按语言
broadcast-ask-district = 选择城区（按最近一次位置离哪个区的驿站最近）：
broadcast-ask-station = 选择驿站：
broadcast-ask-radius = 发给最近一次位置在“{ $station }”多少公里以内的人（最多 { $most } 公里）？请发送数字，例如 3。
broadcast-radius-invalid = 请发送 0 到 { $most } 之间的公里数，例如 3 或 2.5。
broadcast-ask-language = 选择语言：
broadcast-lang-zh = 中文用户
broadcast-lang-en = 英文用户

broadcast-audience-everyone = 所有人
broadcast-audience-couriers = 小哥（不含观察员和管理员）
broadcast-audience-observers = 民情观察员
broadcast-audience-volunteers = 登记过志愿时长的人
broadcast-audience-district = { $district }的人
broadcast-audience-near_station = “{ $station }”{ $radius } 公里内的人
broadcast-audience-checked_in_at = 最近 { $days } 天在“{ $station }”签到过的骑手
broadcast-audience-language = { $group }
broadcast-audience-chosen = 对象：{ $audience }
broadcast-nobody = 没有人符合“{ $audience }”，请换一个对象。

broadcast-preview-header = 👀 <b>预览</b>：下面就是收到的人看到的样子。
broadcast-preview-english = 👀 英文用户看到的是：
broadcast-preview-summary =
    对象：{ $audience }
    人数：<b>{ $count }</b>（中文 { $zh }，英文 { $en }）
    什么时候发？
broadcast-button-now = 🚀 现在发
broadcast-button-later = 🕒 定时发
broadcast-ask-time = 请发送时间（北京时间），例如 { $example } 或 14:30。
broadcast-time-invalid = 看不懂这个时间，或者已经过去了。请按 { $example } 或 14:30 的格式发送，30 天以内。
broadcast-when-now = 现在
broadcast-when-at = { $time }（{ $words }）
broadcast-time-quiet = ⚠️ 这个时间在小哥们的休息时段（{ $start }–{ $end }）里，会吵醒不少人。确认前请再想一想。
broadcast-confirm =
    确认群发？
    对象：{ $audience }
    人数：<b>{ $count }</b>
    时间：{ $when }
broadcast-button-confirm = ✅ 确认发送
broadcast-mode-free = 发送方式：普通群发，每秒 { $rate } 条，约需 { $duration }。
broadcast-mode-paid = 发送方式：⚡ 付费加速，每秒最多 { $rate } 条，约需 { $duration }；费用约 { $stars } 颗 Telegram 星，从机器人的星余额扣除。
broadcast-button-paid = ⚡ 付费加速（约 { $stars } 星）
broadcast-button-free = ↩️ 改回普通群发
broadcast-duplicate = ⚠️ { $minutes ->
        [0] 刚刚
       *[other] { $minutes } 分钟前
    }已经给同一批人发过一模一样的内容。确定要再发一次吗？
broadcast-button-send-again = 确定，再发一次
broadcast-started = 📣 群发 #{ $id } 正在准备……
broadcast-scheduled = 🕒 群发 #{ $id } 已定时：{ $when }。到时这条消息会显示进度。
broadcast-cancelled-draft = 好的，群发已取消，没有发给任何人。
broadcast-use-buttons = 请点上面的按钮继续，或发送 /cancel 取消。

broadcast-progress =
    📣 群发 #{ $id } · { $status }
    ✅ 已发 { $sent } · ⚠️ 失败 { $failed } · 🚫 已屏蔽 { $blocked } · 共 { $total }
    ⏱ 每秒 { $rate } 条 · 预计还要 { $left }
broadcast-channels =
    ✈️ Telegram：已发 { $telegram_sent } · 失败 { $telegram_failed } · 已屏蔽 { $telegram_blocked } · 共 { $telegram_total }
    💬 微信：已发 { $wechat_sent }（客服消息 { $by_message } · 模板消息 { $by_template }）· 失败 { $wechat_failed } · 已取关 { $wechat_blocked } · 共 { $wechat_total }
broadcast-status-preparing = 准备中
broadcast-status-scheduled = 等待定时
broadcast-status-active = 发送中
broadcast-status-paused = 已暂停
broadcast-status-cancelled = 已取消
broadcast-status-done = 已完成
broadcast-button-pause = ⏸ 暂停
broadcast-button-resume = ▶️ 继续
broadcast-button-cancel = ⏹ 取消
broadcast-control-pause = 已暂停
broadcast-control-resume = 继续发送
broadcast-control-cancel = 已取消，剩下的人不会再收到
broadcast-control-stale = 这次群发已经结束或状态已变，按钮无效。
broadcast-report =
    ✅ <b>群发 #{ $id } 完成</b>，用时 { $duration }
    已发 { $sent } · 失败 { $failed } · 已屏蔽 { $blocked } · 共 { $total }

stats-title = 📊 <b>数据统计</b>
stats-users = 👥 用户 { $total } 人 · 7 天活跃 { $active_7d } · 30 天活跃 { $active_30d } · 屏蔽机器人 { $blocked }
stats-observers = 📣 民情观察员 { $observers } 人
stats-volunteering = 🙋 志愿时长：登记 { $logged } 小时 · 已审核 { $approved } 小时
stats-points = 🎁 未兑换积分 { $points }
stats-reports-title = 📝 民情反映：未结 { $open } · 已关闭 { $closed }
stats-reports-none = 📝 民情反映：暂无
stats-report-line = · { $status }：{ $count }
stats-deliveries = 📬 { $kind }：已发 { $sent } · 失败 { $failed } · 已屏蔽 { $blocked } · 待发 { $pending }
stats-kind-broadcast = 群发
stats-kind-notice = 个人通知
stats-kind-heat = 高温提醒
stats-kind-other = 其他
stats-scheduled-title = 🕒 定时群发：
stats-scheduled-line = · #{ $id } { $when } · { $audience }
stats-broadcasts-title = 最近的群发：
stats-broadcasts-none = 最近的群发：暂无
stats-broadcast-line = · #{ $id } { $date } { $status }：已发 { $sent }/{ $total }，失败 { $failed }，屏蔽 { $blocked }
