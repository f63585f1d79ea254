## Consultations (/consult, 协商): admins and station staff ask, couriers answer

cmd-consult = 发起协商（问卷）
cmd-consult-read = 看协商的回答（可转为报告）
consult-ask-title = 📝 新的协商。先发一个标题（最多 { $limit } 个字），例如“暑期孩子照护需求”。
consult-ask-question =
    ❓ 发送第 { $number } 个问题（最多 { $most } 个）。
    选择题：第一行写问题，下面每行一个选项（2 到 10 个）。
    只写一行就是自由回答题。
consult-question-added = ✅ 已添加第 { $number } 个问题（最多 { $most } 个）。继续发送下一个问题，或点“问题写完了”。
consult-button-done = ✅ 问题写完了
consult-free-text = （自由回答）
consult-question-empty = 问题不能是空的，请重新发送。
consult-question-too-long = 问题最多 { $limit } 个字，请写短一点。
consult-options-count = 选择题需要 { $low } 到 { $high } 个选项，每行一个。
consult-option-length = 每个选项 1 到 { $limit } 个字。
consult-options-repeated = 有两个选项一模一样，请改一下。
consult-preview =
    👀 <b>预览</b>
    <b>{ $title }</b>
    { $questions }

    对象：{ $audience }
    人数：{ $count }
    收到的人先选择匿名或署名回答（默认匿名）。确认发送吗？
consult-button-send = ✅ 确认发送
consult-sent = 📨 协商 #{ $id } 已交给发送队列，共 { $count } 人。回答会陆续进来，随时可以看结果。
consult-button-results = 📊 看结果
consult-cancelled = 已取消，协商没有发出。
consult-invitation =
    🗣 <b>协商：{ $title }</b>
    想听听你的意见，共 { $count } 个问题。第一个问题：
    { $question }

    回答默认<b>匿名</b>：不记录你是谁。选“署名”则发起协商的人和管理员能看到你的名字。
consult-button-anonymous = 🙈 匿名回答
consult-button-named = ✍️ 署名回答
consult-question = <b>问题 { $number }/{ $count }</b>：{ $text }
consult-type-answer = 请直接发送你的回答，或点“跳过”。
consult-button-skip = ⏭ 跳过
consult-thanks = 🙏 谢谢！“{ $title }”的问题你都回答完了。
consult-already-answered = 这次协商的问题你都回答过了，谢谢！
consult-answer-kept = ✅ 已记录
consult-answered-before = 这个问题你已经回答过了，保留第一次的回答。
consult-answering-stopped = 好的，先不回答了。之后点问题下面的按钮还可以继续。
consult-results-header =
    📊 <b>协商 #{ $id }：{ $title }</b>
    发给 { $asked } 人，{ $answered } 人回答
consult-anonymous = 匿名
consult-more-in-export = …还有 { $count } 条回答，见导出文件。
consult-skipped = （{ $count } 人跳过）
consult-report-hint = 点 📣 #编号 可以把这条回答转为报告。
consult-chart-caption = 协商 #{ $id } 的选择题统计（Q = 问题，数字 = 选项编号）
consult-chart-caption-named = 协商 #{ $id } 的选择题统计
consult-unknown = 没有编号为 { $id } 的协商。
consult-not-yours = 🔒 这份协商不是你发起的，看不了它的结果。
# A press for an audience that station staff may not ask (forged, or their role changed since).
audience-not-yours = 🔒 驿站工作人员只能问自己驿站附近 { $km } 公里以内的人，或最近在自己驿站签到过的骑手。
consult-none-yet = 还没有发起过协商。发送 /consult 发起一个。
consult-none-to-read = 还没有协商。驿站或管理员问过骑手之后，回答会在这里。
consult-list = 最近的协商，点一下看结果：
consult-usage =
    用法：
    /consult 发起新的协商
    /consult list 最近的协商
    /consult results 编号 看结果
consult-usage-reader =
    用法：
    /consult list 最近的协商
    /consult results 编号 看回答，可以转为报告
consult-export-not-yours = 🔒 导出文件里有署名回答人的名字，只有发起这份协商的人和管理员能导出。
consult-export-caption = 协商回答，共 { $count } 条。
consult-export-question = 问题编号
consult-export-text = 问题
consult-export-answer = 回答
consult-export-by = 回答人
consult-export-day = 日期
consult-export-skipped = （跳过）
consult-export-anonymous = 匿名
consult-report-category = 把这条回答转为报告：
    “{ $text }”
    选择类别：
consult-report-filed = 📣 已转为报告 { $number }，你可以在 { $command } 跟进。
