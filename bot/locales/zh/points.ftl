## 暖新积分: volunteer hours, check-in, approval, points and rewards

cmd-volunteer = 登记志愿服务时长
cmd-checkout = 驿站签退，提交时长
cmd-points = 我的暖新积分
cmd-rewards = 积分兑换礼品
cmd-pending = 待审核的志愿时长
cmd-collect = 核销领取码：/collect 领取码
cmd-adjust = 调整积分：/adjust 用户 ID 数量 原因

points-button-cancel = ❌ 取消
points-button-submit = ✅ 确认提交
points-button-confirm = ✅ 确认兑换
points-button-approve = ✅ 通过 #{ $number }
points-button-reject = ❌ 驳回 #{ $number }
points-button-redeem = 🎁 兑换 { $name }（{ $cost } 分）

points-date = { $month_name }{ $day }日 { $weekday }
points-month-1 = 1月
points-month-2 = 2月
points-month-3 = 3月
points-month-4 = 4月
points-month-5 = 5月
points-month-6 = 6月
points-month-7 = 7月
points-month-8 = 8月
points-month-9 = 9月
points-month-10 = 10月
points-month-11 = 11月
points-month-12 = 12月

## /volunteer, step by step

points-vol-ask-activity = 🙋 登记志愿服务（第 1 步）
    你做的是哪项服务？
points-vol-ask-description = ✍️ 简单说说你做了什么（一句话就行）：
points-vol-ask-day = 📅 哪一天？（最多补登 7 天内的）
points-vol-today = 今天
points-vol-yesterday = 昨天
points-vol-ask-start = 🕐 几点开始的？
    点一个时间，或者直接发，比如 <b>14:30</b>、<b>9 点半</b>
points-vol-bad-start = 🤔 没看懂这个时间。请发 <b>14:30</b> 或 <b>9 点半</b> 这样的时间，或者点上面的按钮。
points-vol-prefilled = 📝 已记下：{ $details }。
points-vol-ask-hours = ⏱ 做了多久？
    点一个，或者直接发，比如 <b>2.5</b>、<b>1:30</b>、<b>两个半小时</b>
points-vol-hours-button = { $hours } 小时
points-hours-unreadable = 🤔 没看懂时长。请发 <b>2</b>、<b>2.5</b>、<b>1:30</b> 或 <b>两个半小时</b>，或者点上面的按钮。
points-hours-step = ⏱ 时长按半小时算，比如 1、1.5、2 小时。请重新发一下。
points-hours-too-short = ⏱ 至少半小时才能登记。请重新发一下。
points-hours-too-long = ⏱ 一次最多登记 12 小时。请重新发一下。
points-vol-ask-place = 📍 在哪儿服务的？
    发驿站名称或地点，或者发送你的位置，我帮你找附近的驿站。
points-vol-ask-place-near = 📍 在哪儿服务的？
    点附近的驿站，或者发驿站名称、地点。
points-vol-station-near = { $name }（{ $km } 公里）
points-vol-pick-station = 是这个驿站吗？点一下确认：
points-vol-use-typed = ✍️ 就用“{ $text }”
points-vol-ask-photo = 📷 有现场照片吗？发一张做证明（可以不发）。
points-vol-skip-photo = 跳过，不发照片
points-vol-summary-header = 📋 <b>请核对</b>
points-vol-activity = { $activity }
points-vol-activity-described = { $activity }：{ $description }
points-vol-when = 📅 { $date } { $start }–{ $end }（{ $hours } 小时）
points-vol-where = 📍 { $place }
points-vol-has-photo = 📷 附照片
points-vol-summary-points = 审核通过后约得 <b>{ $points }</b> 积分。
points-vol-submitted = ✅ 已提交（编号 #{ $number }），等管理员审核，结果会通知你。
points-vol-already-submitted = 已经提交过了，不会重复登记。
points-vol-expired = 这个按钮已经过期了。发送 /volunteer 重新登记。
points-vol-start-again = 发送 /volunteer 重新登记。
points-vol-use-buttons = 请点上面消息里的按钮，或者发送 /cancel 退出登记。
points-vol-description-no-words = 🤔 光有表情我看不懂。请用文字简单说说你做了什么，比如“帮老人搬东西”。
points-vol-place-not-hours = 📍 这一步要填地点：驿站名称，或者“武林广场地铁口”这样的地方。时长前面已经填好了。
points-vol-too-long = 太长了，请控制在 { $limit } 个字以内。

points-rule-future = 📅 不能登记未来的日期。
points-rule-too-old = 📅 只能补登 7 天内的服务。
points-rule-unfinished = 🕐 这段时间还没结束，做完再来登记吧。
points-rule-overlap = ⚠️ 这段时间和你已登记的时长重叠了。请换个开始时间或时长。
points-rule-daily-limit = ⚠️ 一天最多登记 12 小时，这天已经快满了。请改短一点。

## Station check-in

points-checkin-started = ✅ 已在 <b>{ $station }</b> 签到（{ $since }）。
    服务结束后发送 /checkout 签退，时长会自动提交审核。
points-checkin-already = 你已经在 <b>{ $station }</b> 签到了（{ $since }）。先发送 /checkout 签退，再扫新的码。
points-checkin-invalid = 😕 这个签到码无效或已过期（签到码每天更换）。
    请扫驿站今天的二维码，或者发送 /volunteer 手动登记。
points-checkout-none = 你还没有签到。到驿站扫签到二维码，或者发送 /volunteer 手动登记。
points-checkout-too-short = ⏱ 才 { $minutes } 分钟，满半小时才能提交。继续加油，过会儿再发 /checkout。
points-checkout-too-long = ⏱ 签到超过 12 小时了，可能忘了签退。这次不自动提交，请发送 /volunteer 登记实际时长。
points-checkout-not-filed = 这次签到没有提交。需要的话请发送 /volunteer 登记。
points-checkout-filed = ✅ 已签退：在 { $station } 服务 { $hours } 小时，已提交审核（编号 #{ $number }），通过后约得 { $points } 积分。

## Approval (admin chat, /pending)

points-admin-new = 🆕 志愿时长待审核 #{ $number }
    👤 { $name }（ID { $user_id }）
points-admin-points = 通过后得 { $points } 积分。
points-admin-approved-short = 已通过 #{ $number }
points-admin-approved-by = ✅ 已通过（审核人：{ $name }）
points-admin-already-approved = #{ $number } 已经通过了，积分只记一次。
points-admin-already-rejected = #{ $number } 已经被驳回了。
points-admin-ask-reason = ✍️ 请回复驳回 #{ $number } 的原因（会转告志愿者）。发送 /cancel 放弃。
points-admin-reason-replaced = ↩️ #{ $number } 先不驳回了，这条记录还在等审核。
points-admin-reason-placeholder = 驳回原因
points-admin-rejected = ❌ 已驳回 #{ $number }。原因：{ $reason }
points-pending-empty = 👍 没有待审核的时长。
points-pending-header = 📋 待审核 { $count } 条（第 { $page }/{ $pages } 页）
points-pending-entry = <b>#{ $number }</b> { $name } · { $points } 分

points-courier-approved = 🎉 你的志愿时长 #{ $number }（{ $hours } 小时）审核通过了！
    +{ $points } 暖新积分，现在共 <b>{ $balance }</b> 分。发送 /rewards 看看能换什么。
points-courier-rejected = 😕 你的志愿时长 #{ $number }（{ $hours } 小时）没有通过。
    原因：{ $reason }
    有疑问可以到驿站咨询，或发送 /volunteer 重新登记。

## /points

points-balance = 💰 暖新积分：<b>{ $balance }</b> 分
points-hours = ⏱ 本月：已通过 { $month_approved } 小时，审核中 { $month_pending } 小时
    📊 累计：已通过 { $all_approved } 小时，审核中 { $all_pending } 小时
points-open-code = 🎁 { $reward }：领取码 <b>{ $code }</b>（请在 { $until } 前领取）
points-history-header = <b>最近 10 条记录</b>
points-history-empty = 还没有积分记录。发送 /volunteer 登记志愿服务，审核通过就能得积分。
points-history-earn = { $date } 志愿服务 { $amount }，余 { $balance }
points-history-redeem = { $date } 兑换礼品 { $amount }，余 { $balance }
points-history-refund = { $date } 礼品未领取，退回 { $amount }，余 { $balance }
points-history-adjust = { $date } 管理员调整 { $amount }，余 { $balance }
points-history-expire = { $date } 积分过期 { $amount }，余 { $balance }

## /rewards

points-rewards-header = 🎁 <b>积分兑换</b>（你有 { $balance } 分）
points-reward-line = <b>{ $name }</b> — { $cost } 分，剩 { $left } 份
    📍 领取：{ $where }
points-rewards-none-left = 礼品都兑完了，请过段时间再来看看。
points-redeem-confirm = 用 { $cost } 分兑换 <b>{ $name }</b>？
    兑换后余 { $after } 分（现有 { $balance } 分）。
points-redeem-not-enough = 积分不够：你有 { $balance } 分，需要 { $cost } 分。发送 /volunteer 登记志愿服务攒积分吧！
points-redeem-out-of-stock = 😕 { $name } 已经兑完了，换一个看看吧。
points-redeem-done = 🎉 兑换成功：<b>{ $name }</b>
    领取码：<b>{ $code }</b>
    📍 到 { $where } 出示领取码，{ $until } 前有效（过期积分自动退回）。
    现有 { $balance } 分。
points-redeem-already = 已经兑换过了，领取码 { $code }。

## /collect and /adjust (admins)

points-collect-usage = 用法：/collect 领取码，比如 /collect K7PQ2M
points-collect-unknown = 😕 没有这个领取码，请核对后再试。
points-collect-collected = ✅ 已核销：{ $name }（领取码 { $code }，用户 { $user_id }）。请把礼品交给他。
points-collect-already = ⚠️ 领取码 { $code } 已经核销过了（{ $name }），不要重复发放。
points-collect-expired = ⌛ 领取码 { $code } 已过期（{ $name }），积分已退回或即将退回，不能再领取。
points-courier-collected = ✅ 你已领取 { $name }。感谢你的志愿服务！
points-courier-code-expired = ⌛ { $name } 的领取码 { $code } 14 天内没有领取，已过期。
    { $points } 积分已退回，现有 { $balance } 分。
points-adjust-usage = 用法：/adjust 用户 ID 数量 原因
    比如 /adjust 123456 +20 补录 6月1日的值守
points-adjust-unknown-user = 😕 找不到用户 { $user_id }（对方需要先和我说过话）。
points-adjust-below-zero = ⚠️ 用户 { $user_id } 只有 { $balance } 分，{ $amount } 会让积分变成负数，没有调整。
points-adjust-done = ✅ 已为用户 { $user_id } 调整 { $amount } 分，现有 { $balance } 分。原因：{ $reason }
points-courier-adjusted = ℹ️ 管理员调整了你的暖新积分：{ $amount } 分，现有 { $balance } 分。
    原因：{ $reason }
