## 民情观察员: reports, triage, roles and exports

cmd-report = 反映问题（民情观察员）
cmd-myreports = 我反映的问题和进展
cmd-appoint = 任命民情观察员：/appoint 用户 ID 或 @用户名
cmd-revoke = 取消民情观察员身份
cmd-reports = 查看和处理民情报告
cmd-export = 导出报告：/export reports [csv|xlsx|open311] [起始日期]

## Statuses (FixMyStreet-style; Open311 open: the first three)

reports-status-confirmed = 🆕 已提交，待受理
reports-status-investigating = 👀 已受理，正在了解
reports-status-in-progress = 📨 已转交相关部门
reports-status-fixed = ✅ 已解决
reports-status-duplicate = 🔁 重复，已合并
reports-status-not-actionable = ⛔ 暂无法处理

## /report, step by step

reports-not-observer =
    🙏 谢谢你愿意反映问题！
    /report 是民情观察员专用的。你可以这样反映：
    👥 找身边的民情观察员，把情况告诉他
    🏠 到附近小哥驿站的“政策咨询台”当面说（发送 /nearest 找驿站）
    想当民情观察员？可以在驿站报名，由管理员任命。
reports-progress = <b>第 { $step } 步，共 { $total } 步</b>
reports-ask-category = 📣 要反映哪方面的问题？点一个：
reports-chosen-category = 类别：{ $category }
reports-ask-description =
    ✍️ 说说发生了什么：在哪、什么情况、影响了谁。
    打字 { $min }–{ $max } 个字，或者直接发一段语音 🎤
reports-description-too-short = 再多写几句吧：至少 { $min } 个字（现在 { $length } 个）。也可以直接发语音 🎤
reports-description-too-long = 太长啦：最多 { $max } 个字（现在 { $length } 个）。请精简一下再发。
reports-description-no-words = 🤔 光有表情我看不懂。请用文字说说发生了什么：在哪、什么情况。也可以直接发语音 🎤
reports-voice-kept = 🎤 语音收到了，会原样转给工作人员。
reports-ask-photos = 📷 有照片吗？一张张发过来就行，最多 { $max } 张。没有就点“跳过”。
reports-photo-received = 📷 收到第 { $count } 张（最多 { $max } 张）。还有就继续发，发完点“完成”。
reports-photos-full = 📷 已收到 { $max } 张照片，够啦。
reports-ask-location =
    📍 问题发生在哪里？
    点下面“发送我的位置”，或者打字写地点（比如“武林广场”），不方便就点“跳过”。
reports-location-kept = 📍 位置收到了。
reports-location-skipped = 好的，不填地点。
reports-place-found = 📍 找到了：{ $place }
reports-place-as-text = 📝 没在地图上找到“{ $place }”，先按文字记下。
reports-ask-anonymity =
    🕶 要匿名吗？
    匿名：转给政府部门的材料和导出的表格里都不会出现你的名字。
    注意：管理员仍然能看到是谁提交的，方便有需要时联系你。
reports-button-named = 👤 署名提交
reports-button-anonymous = 🕶 匿名提交
reports-summary-title = 📋 <b>请确认你的报告</b>
reports-summary-category = 类别：{ $category }
reports-summary-description = 描述：{ $description }
reports-summary-voice = 🎤 附语音一段
reports-summary-photos = 照片：{ $count } 张
reports-summary-place = 地点：{ $place }
reports-summary-location-shared = 地点：已发送定位
reports-summary-no-place = 地点：未填写
reports-summary-anonymous = 🕶 匿名提交（管理员仍可见你的名字）
reports-summary-named = 👤 署名提交
reports-button-confirm = ✅ 确认提交
reports-button-cancel = ✖️ 取消
reports-button-no-photos = 没有照片，跳过
reports-button-photos-done = ✅ 完成
reports-button-share-location = 📍 发送我的位置
reports-button-skip = 跳过
reports-reprompt = 👇 我们还在填报告，接着这一步来：
reports-filed =
    ✅ 已提交！编号 <b>{ $number }</b>
    有进展我会第一时间告诉你。发送 /myreports 随时查看。
reports-filed-urgent =
    🚨 紧急报告已提交，编号 <b>{ $number }</b>，已马上通知管理员。
    有人受伤请先打 120，遇到事故请打 110！
reports-urgent-reminder =
    🚨 <b>紧急情况请先打电话！</b>
    有人中暑、受伤：打 <b>120</b>
    车祸、危险：打 <b>110</b>
    打完电话再继续填，我会马上转给管理员。

## "+1, me too"

reports-duplicate-offer = 👀 附近已经有人反映过同类问题。是同一件事吗？是的话点 +1，我们会一起跟进：
reports-duplicate-line =
    <b>{ $number }</b> · 距离约 { $distance } 米 · { $date }
    { $summary }
    已有 { $supporters } 人反映
reports-button-plus-one = 👍 +1，我也遇到了（{ $number }）
reports-button-not-duplicate = ➕ 不是同一件事，继续提交
reports-plus-one-done = 👍 已为 <b>{ $number }</b> +1，现在共 { $count } 人反映。有进展会一起通知你。
reports-plus-one-unavailable = 这条报告已关闭或你已经 +1 过了。可以点“不是同一件事，继续提交”。

## Triage card (admin chat)

reports-card-urgent = 🚨 <b>紧急！</b>
reports-card-title = 📣 <b>{ $number }</b> · { $category }
reports-card-status = 状态：{ $status }
reports-card-department = 转交：{ $department }
reports-card-reporter = 观察员：{ $name } · { $username } · ID { $user_id }
reports-card-reporter-hidden = 观察员：匿名（只在管理员群的报告卡片上显示）
reports-card-anonymous = 🕶 匿名：对部门和导出隐藏姓名
reports-card-place = 地点：{ $place }
reports-card-filed = 提交时间：{ $time }
reports-card-extras = 照片 { $photos } 张 · 语音：{ $voice } · +1：{ $supporters } 人
reports-card-voice-yes = 有
reports-card-voice-no = 无
reports-card-voice-only = （语音报告）
reports-card-resolution = 处理结果：{ $note }
reports-button-ack = 👀 受理
reports-button-fwd = 📨 转交部门
reports-button-res = ✅ 已解决
reports-button-dup = 🔁 重复
reports-button-na = ⛔ 无法处理
reports-button-back = ↩️ 返回
reports-button-back-to-list = ↩️ 返回列表
reports-triage-done = 已更新：{ $status }
reports-triage-stale = 这条报告的状态已经变了，请看最新消息。
reports-triage-note-prompt = { $admin }，请回复这条消息，写下 <b>{ $number }</b> 的处理结果（会转告观察员）。发送 /cancel 取消。
reports-triage-note-replaced = ↩️ { $number } 的处理说明先不写了，报告状态没有变。
reports-triage-resolved = ✅ { $number } 已标记为解决，已通知观察员。
reports-admin-plus-one = 👍 { $number } 又有观察员 +1，现在共 { $count } 人反映。
reports-admin-reopened = 🔄 { $number } 的观察员说问题还没解决，报告已重新打开。

## Early alert (admin chat): an urgent report while the observer is still filling it in

reports-early-alert =
    🚨 <b>紧急预警</b> · { $category }
    观察员正在填写，正式报告随后就到。
reports-early-alert-words = 已写：{ $words }
reports-early-alert-no-words = 还没写描述
reports-early-alert-place = 📍 观察员写的地点：{ $place }
reports-early-alert-withdrawn = ⚪️ 紧急预警已撤回：这份报告没有提交。
reports-card-follows-alert = ↪️ <b>这是上面紧急预警的正式报告</b>，不是新的紧急情况。

## Notices to the reporter and every "+1"

reports-notify-investigating = 👀 你反映的问题 <b>{ $number }</b> 已受理，工作人员正在了解情况。
reports-notify-in-progress = 📨 你反映的问题 <b>{ $number }</b> 已转交：{ $department }。
reports-notify-fixed =
    ✅ 你反映的问题 <b>{ $number }</b> 已解决。
    处理结果：{ $note }
reports-notify-duplicate = 🔁 你反映的问题 <b>{ $number }</b> 和已有报告重复，已合并一起处理。
reports-notify-not-actionable =
    ⛔ 你反映的问题 <b>{ $number }</b> 暂时无法处理，已关闭。
    说明：{ $note }
reports-notify-reopened = 🔄 问题 <b>{ $number }</b> 还没解决，已重新打开，我们会继续跟进。
reports-notify-followup-promise = 7 天后我会再问问你：问题真的解决了吗？

## "解决了吗?"

reports-followup-question =
    🤔 <b>{ $number }</b> 解决了吗？
    上次的处理结果：{ $note }
reports-button-solved = ✅ 解决了
reports-button-unsolved = ❌ 没解决
reports-followup-thanks = 🙏 太好了！谢谢你的反馈，{ $number } 已确认解决。
reports-followup-reopened = 🔄 收到，{ $number } 已重新打开，我们会继续跟进。

## /reports (admins)

reports-list-header = 📋 <b>民情报告</b> · { $filter } · { $category } · 共 { $total } 条 · 第 { $page }/{ $pages } 页
reports-list-empty = 没有符合条件的报告。
reports-list-line =
    { $urgent }<b>{ $number }</b> · { $category } · { $status }
    { $summary }
reports-list-urgent = 🚨
reports-filter-open = 未结
reports-filter-new = 待受理
reports-filter-fixed = 已解决
reports-filter-closed = 已关闭
reports-filter-all = 全部
reports-filter-all-categories = 全部类别
reports-button-previous = ◀️ 上一页
reports-button-next = 下一页 ▶️

## /myreports (observers)

reports-my-empty = 你还没有提交过报告。遇到问题发送 /report 就能反映。
reports-my-header = 📋 <b>我反映的问题</b> · 共 { $total } 条 · 第 { $page }/{ $pages } 页
reports-my-line =
    <b>{ $number }</b> · { $category } · { $date }
    { $status }
    { $summary }
reports-my-department = 📨 已转交：{ $department }
reports-my-answer = 💬 最新答复：{ $note }

## /appoint and /revoke (admins)

reports-appoint-usage =
    用法：/appoint 用户 ID 或 /appoint @用户名
    也可以回复一条他转发来的消息，发送 /appoint。
    任命驿站工作人员：/appoint 用户 staff 驿站 ID
reports-revoke-usage =
    用法：/revoke 用户 ID 或 /revoke @用户名
    也可以回复一条他转发来的消息，发送 /revoke。
    取消驿站工作人员身份：/revoke 用户 staff 驿站 ID
reports-appoint-unknown = 这个人还没和我说过话。请他先给我发一次 /start，再来任命。
reports-revoke-unknown = 没找到这个人，请检查用户 ID 或用户名。
reports-appoint-hidden-forward = 这条转发消息隐藏了发送人（对方的隐私设置）。请改用 /appoint 用户 ID。
reports-revoke-hidden-forward = 这条转发消息隐藏了发送人（对方的隐私设置）。请改用 /revoke 用户 ID。
reports-appoint-ambiguous = 这个用户名对应不止一个人，我分不清是谁。请改用 /appoint 用户 ID，或回复一条他转发来的消息。
reports-revoke-ambiguous = 这个用户名对应不止一个人，我分不清是谁。请改用 /revoke 用户 ID，或回复一条他转发来的消息。
reports-appoint-already = { $name } 已经是民情观察员了。
reports-appoint-done = ✅ 已任命 { $name } 为民情观察员，并已通知本人。
reports-appoint-done-unreached = ✅ 已任命 { $name } 为民情观察员。但消息发不到本人（可能屏蔽了机器人），请当面告诉他。
reports-revoke-not-observer = { $name } 不是民情观察员。
reports-revoke-done = 已取消 { $name } 的民情观察员身份。
reports-observer-welcome =
    🎉 { $name }，恭喜你成为<b>民情观察员</b>！
    你是小哥们和政府部门之间的桥梁：把大家最急、最难、最愁、最盼的事反映上去。
    📣 /report 反映问题（带照片、位置，可以匿名）
    📋 /myreports 查看每条报告的进展和答复
    🗣 /consult 看骑手们在协商里的回答，点一下就能转为报告
    每一条报告都有编号，都会有人跟进，处理结果会告诉你。遇到紧急情况，请先打 120 或 110。
reports-observer-farewell = { $name }，你的民情观察员身份已结束。感谢你为小哥们发声！驿站和其他功能照常可以使用。

## Exports

reports-export-usage =
    用法：/export reports [csv|xlsx|open311] [起始日期]
    例如：/export reports xlsx 2025-07-01
reports-export-caption = 📦 民情报告导出，共 { $count } 条（匿名报告不含身份信息）。
reports-export-sheet = 民情报告
reports-export-yes = 是
reports-export-no = 否
reports-export-anonymous = 匿名
reports-export-col-number = 编号
reports-export-col-status = 状态
reports-export-col-open311 = Open311 状态
reports-export-col-category = 类别
reports-export-col-urgent = 紧急
reports-export-col-description = 描述
reports-export-col-voice = 语音
reports-export-col-photos = 照片数
reports-export-col-lat = 纬度（WGS-84）
reports-export-col-lon = 经度（WGS-84）
reports-export-col-place = 地点
reports-export-col-department = 转交部门
reports-export-col-resolution = 处理结果
reports-export-col-supporters = +1 人数
reports-export-col-created = 提交时间
reports-export-col-updated = 更新时间
reports-export-col-resolved = 解决时间
reports-export-col-reporter-id = 观察员 ID
reports-export-col-reporter-name = 观察员
