cmd-event = 发布驿站活动（报名、提醒、扫码签到）
cmd-events = 近期活动：报名、取消、加入日历

events-card = 🎪 <b>{ $title }</b>
    🕑 { $when }（{ $hours } 小时）
    📍 { $place }
    👥 已报名 { $going }/{ $capacity } 人 · 参加可记 { $credited } 小时志愿时长
events-card-waiting = ⏳ 候补 { $count } 人
events-card-you-going = ✅ 你已报名。
events-card-you-waiting = ⏳ 你在候补名单上，有人取消会自动补上并通知你。
events-none = 近期没有活动。有新活动时可以再发 /events 看看。
events-button-sign-up = ✋ 报名
events-button-wait = ⏳ 已满，排候补
events-button-cancel = ↩️ 取消报名
events-button-calendar = 📅 加入日历
events-signed-up-going = ✅ 报名成功！活动前一天和前一小时会提醒你。
events-signed-up-waiting = ⏳ 名额已满，你是候补第 { $position } 位。
events-started = 活动已经开始了，不能再报名或取消。
events-cancelled = 已取消报名。
events-not-cancelled = 没有可以取消的报名（活动已开始、已签到，或你没有报名）。
events-calendar-caption = 📅 { $title }：打开这个文件就能加入手机日历。
events-calendar-link = 🔗 链接：{ $url }

events-attendance-invalid = 这个活动签到码无效。请扫活动现场的二维码。
events-attendance-not-open = 「{ $title }」现在不在签到时间（开始前 1 小时到活动结束）。
events-attendance-full = 「{ $title }」名额已满，你没有报名，暂时不能签到。
events-attendance-checked-in = ✅ 「{ $title }」签到成功！活动结束后自动记 { $hours } 小时志愿时长和暖新积分。
events-attendance-already = 你已经签到过「{ $title }」了。

events-promoted = 🎉 有人取消了报名，你从候补转为正式报名：
    「{ $title }」{ $when }，地点：{ $place }。
    不能来的话，发 /events 取消，把名额让给别人。
events-reminder-day = ⏰ 明天的活动提醒：「{ $title }」{ $when }，地点：{ $place }。
    到场后扫现场二维码签到。来不了请发 /events 取消。
events-reminder-hour = ⏰ 活动一小时后开始：「{ $title }」{ $when }，地点：{ $place }。
events-credited = 🎉 感谢参加「{ $title }」！已记 { $hours } 小时志愿时长，+{ $points } 暖新积分，现在共 <b>{ $balance }</b> 分。
events-not-credited = 「{ $title }」的志愿时长没能记入：{ $reason }

events-button-cancel-form = ✖️ 取消
events-ask-title = 🎪 发布活动。活动叫什么名字？（中文，最多 60 字）
events-bad-title = 名称要有字，最多 60 字。请再发一次。
events-ask-title-en = 英文名称？（可选，直接发送；没有就点下面的按钮）
events-button-no-en = 没有英文名称
events-ask-place = 📍 在哪个驿站？点一个，或者直接输入地点。
events-bad-place = 地点要有字，最多 60 字。请再发一次。
events-ask-when = 🕑 什么时候开始？例如"周六下午两点"、"8月3日 14:00"。
events-bad-when = 没看懂这个时间，或者它已经过去了。例如"周六下午两点"、"明天 9:30"。
events-hours-button = { $hours } 小时
events-ask-length = 开始时间：{ $when }。活动持续多久？点一个，或输入（如"2.5"）。
events-ask-capacity = 👥 最多多少人参加？点一个，或输入人数（1-500）。
events-bad-capacity = 请输入 1 到 500 之间的人数。
events-ask-credit = ⏱ 参加的人记多少小时志愿时长？（不超过活动时长）
events-credit-too-long = 记的时长不能超过活动时长。请再输入一次。
events-preview = 请确认活动信息：
events-button-create = ✅ 发布
events-in-the-past = 开始时间已经过去了，活动没有发布。请重新发 /event。
events-created = ✅ 活动 #{ $number } 已发布，大家发 /events 就能看到并报名。
    下面是现场签到二维码，打印或用手机出示都行；也可以用 <code>python -m bot qr --event { $number }</code> 生成图片。
events-ask-place-staff = 📍 在哪个驿站？点一个（你负责的驿站）。
events-button-roster = 📋 报名名单和签到码
events-roster = 📋 「{ $title }」已报名 { $going } 人（✅ 已签到，⏳ 候补）：
events-qr-caption = 活动 #{ $number }「{ $title }」现场签到码：开始前 1 小时到结束都能扫码签到。
