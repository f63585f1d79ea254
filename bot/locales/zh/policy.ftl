cmd-policy = 政策咨询台：社保、工伤、高温津贴、交规等
policy-topics = 📋 <b>政策咨询台</b>
    点一个问题看答案，也可以直接打字问，比如"高温津贴怎么算"。
policy-several = 你问的可能是下面这些，点一个看答案：
policy-none = 没有找到现成的答案。可以换个说法再问，或者：
    · 拨打 12333（人社服务热线）、12351（工会职工服务热线）
    · 到任意一个小哥驿站的政策咨询台当面问，/nearest 找最近的驿站
policy-answer = <b>{ $question }</b>

    { $answer }

    📎 来源：{ $source }（{ $date }）
    以上仅供参考，具体以有关部门答复为准。
desk-button-ask = 🙋 问驿站工作人员
desk-ask-station = 请选择要请哪个驿站的工作人员回答（/cancel 取消）：
desk-ask-question = 请输入你想问{ $station }工作人员的问题（/cancel 取消）。
desk-question-sent = ✅ 你的问题已发给{ $station }的工作人员，回复会发到这里。
desk-staff-question = ❓ <b>{ $station }收到一个问题</b>，来自 { $name }：

    { $question }
desk-button-answer = ✍️ 回答
desk-ask-answer = 请输入你对这个问题的回答（/cancel 取消）：

    { $question }
desk-answer-sent = ✅ 回答已发给这位骑手。
desk-already-answered = 这个问题已经有人回答了，谢谢你！
desk-courier-answer = 💬 <b>{ $station }的工作人员回答了你</b>（{ $date }）：

    你的问题：{ $question }

    { $answer }
