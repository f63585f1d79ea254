## Station staff: appointed by admins for a station

station-unknown = 没有编号为“{ $station }”的驿站。请用驿站 ID，可以在驿站目录文件或 /nearest 的结果里找到。
station-appoint-already = { $name } 已经是 { $station } 的工作人员了。
station-appoint-done = ✅ 已任命 { $name } 为 { $station } 的工作人员，并已通知本人。
station-revoke-not-staff = { $name } 不是 { $station } 的工作人员。
station-revoke-done = 已取消 { $name } 在 { $station } 的工作人员身份。
station-staff-welcome =
    🎉 { $name }，你已成为<b>{ $station }</b>的工作人员！
    🏠 /station 查看今天的签到、更新驿站实时状态（开放、饮水、充电、礼包、人多不多）、获取签到二维码
    ✅ /pending 审核在本驿站做的志愿时长
    🗣 /consult 向驿站附近的小哥发起协商（问卷）
station-staff-farewell = { $name }，你在 { $station } 的工作人员身份已结束。感谢你的付出！
station-not-yours = 🔒 这不是你负责的驿站，不能替它操作。
station-usage-admin = 用法：/station 驿站 ID（管理员可以查看任一驿站）。
cmd-station = 我的驿站：今日签到、实时状态、签到二维码

## /station: the panel

station-panel-header = 🏠 <b>{ $station }</b>
station-panel-checkins = 🙋 今天签到 { $count } 人：{ $names }
station-panel-hint = 点下面的按钮更新实时状态，骑手找驿站时就能看到。
station-qr-caption = { $station } 今天的签到二维码（每天更换）。
qr-scan-wechat = 📱 用微信扫一扫（没关注公众号的，关注后自动签到）
qr-scan-telegram = 📱 用 Telegram 扫码，或点链接：{ $link }
station-status-saved = ✅ 已更新
station-button-open = ✅ 开放中
station-button-close = ⛔ 暂停开放
station-button-water1 = 💧 有水
station-button-water0 = 🚱 没水
station-button-chg0 = 🔌 充电位 0
station-button-chg1 = 🔌 1-2 个
station-button-chg3 = 🔌 3 个以上
station-button-crowd1 = 👥 人多
station-button-crowd0 = 🪑 有空位
station-button-gift-packs = 🎁 礼包剩余数量…
station-button-back = ↩ 返回
station-ask-reason = 暂停开放的原因？
station-ask-until = 预计什么时候恢复开放？
station-until-1h = 1 小时（{ $time }）
station-until-3h = 3 小时（{ $time }）
station-until-today = 今天不再开放
station-reason-away = 工作人员暂时外出
station-reason-event = 活动中
station-reason-repair = 设施维修
station-reason-other = 其他原因
station-ask-gift-packs = 🎁 现在还剩多少份礼包？请发一个数字（发 /cancel 取消）。
station-gift-packs-number = 请发一个 0 到 { $limit } 之间的数字。
station-button-hand-out = 🎁 发出 1 份
station-gift-pack-handed-out = 已记下：发出 1 份礼包。
station-gift-packs-none-left = 礼包已经发完了（或剩余数量不明），请重新填写剩余数量。

## The live status, wherever a station is shown

station-live = 📢 { $facts }（更新于 { $time } · { $station }）
station-live-unknown = 📢 实时状态：未知（超过 { $hours } 小时没有更新）
station-live-nothing = 工作人员还没有填写
station-live-open = ✅ 正常开放
station-live-closed = ⛔ 暂停开放：{ $reason }
station-live-closed-until = ⛔ 暂停开放：{ $reason }，预计 { $until } 恢复
station-live-water-yes = 💧 有水
station-live-water-no = 🚱 暂时没水
station-live-charging-none = 🔌 充电位已满
station-live-charging-few = 🔌 空闲充电位 1-2 个
station-live-charging-many = 🔌 空闲充电位 3 个以上
station-live-gift-packs = 🎁 礼包剩 { $count } 份
station-live-crowded = 👥 人多
station-live-quiet = 🪑 有空位
