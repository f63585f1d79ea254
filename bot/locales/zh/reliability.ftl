## Reliability: flood control

flood-slow-down = 🐢 你发得有点快，我先歇口气。请等 10 秒再发，我会接着帮你。

## Privacy: /privacy, /mydata, /deleteme

cmd-privacy = 我们保存了什么
cmd-mydata = 导出我的数据
cmd-deleteme = 删除我的数据
privacy-notice =
    🔒 <b>我们保存什么、为什么、保存多久</b>

    👤 <b>账号</b>：Telegram 编号、名字（或你用 /name 设的称呼）、用户名、语言。用来认出你、用你的语言回复，驿站工作人员也按这个名字认你。保存到你删除为止。
    📍 <b>最后一次分享的位置</b>：用来找最近的驿站和高温天提醒你去哪儿歇凉。{ $location_days } 天后自动删除。
    🙋 <b>志愿时长和暖新积分</b>：用来审核时长、发积分、兑换礼品。保存到你删除为止。删除后，积分流水和兑换记录保留，但去掉你的身份（已经领走的礼品不会算回库存，总数也保持真实）；没领取的兑换码作废，积分不退回，礼品放回库存。
    🧾 <b>操作记录</b>：谁审核了时长、核销了礼品、发布了高温预警或群发，记录里保存管理员的编号，只用于内部核查。你导出的数据里只显示“管理员”，不显示对方的编号。管理员删除自己的数据后，这些记录保留，但不再带他的编号。
    📣 <b>民情报告</b>（观察员）：用来反映问题、跟进到解决。删除后报告保留，但不再带你的身份。
    🗳 <b>协商回答</b>：默认匿名，不存你的编号，只存一个加盐的哈希，用来防止同一题答两次、在你删除数据时找到你的回答。署名的回答带你的名字给管理员看，也在 /mydata 里。/deleteme 会删掉你的全部回答。
    🌡 <b>提醒和通知记录</b>：用来保证同一条提醒不发两次。

    我们不把你的信息卖给任何人，也不用来做广告。管理员只在处理审核和报告时查看。
    /mydata 导出你的全部数据 · /deleteme 删除你的数据
privacy-mydata-summary =
    📦 <b>我们保存的关于你的数据</b>
    👤 账号：{ $name } · { $chosen_language }
    📍 位置：{ $location }
    🙋 志愿记录：{ $entries ->
        [0] 还没有
       *[other] { $entries } 条
    }
    💰 暖新积分：{ $points } 分
    🎁 兑换礼品：{ $redemptions ->
        [0] 还没有
       *[other] { $redemptions } 次
    }
    📣 民情报告：{ $reports ->
        [0] 还没有
       *[other] { $reports } 份
    }
    全部细节在下面的 JSON 文件里。
privacy-location-kept = 已保存（{ $days } 天内没有新位置就自动删除）
privacy-location-none = 没有保存
privacy-erase-points = { $points } 积分
privacy-erase-codes = { $codes } 个还没领取的兑换码
privacy-erase-and = 、
privacy-erase-balance = 💰 你现在有 { $items }，删除后会作废。
privacy-forget-location-button = 🗑 只删位置
privacy-location-forgotten = 📍 位置已删除。账号和积分都还在；下次分享位置时会重新保存。
privacy-mydata-caption = 📦 这是我们保存的关于你的全部数据（JSON 文件）。
privacy-erase-confirm =
    ⚠️ 确定要删除你的数据吗？
    会删除：账号、位置、志愿记录、积分余额、提醒设置；未领取的兑换码作废，积分不退回。
    会保留（不再带你的身份）：你提交的民情报告、积分流水和兑换记录，以及合计数。
    删除后不能恢复。
privacy-erase-yes = 🗑 确认删除
privacy-erase-no = 先不删
privacy-erase-kept = 好的，什么都没删。
privacy-erase-stale = 这个确认按钮已经过期了，请重新发送 /deleteme。
privacy-erased =
    ✅ 你的数据已经删除。{ $reports ->
        [0] 你没有提交过民情报告。
       *[other] 你提交的 { $reports } 份民情报告还在，但不再带你的身份。
    }{ $points ->
        [0] { "" }
       *[other] { $points } 积分已清零。
    }
    以后再给我发消息，就是一个全新的开始。
