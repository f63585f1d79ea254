## Foundation: welcome, help, language, errors

welcome =
    👋 { $name }，你好！我是<b>杭州小哥驿站</b>助手。
    跑单辛苦了！在这里你可以：
    📍 找到离你最近、正在开放的小哥驿站：喝水、充电、歇脚、应急药箱
    🙋 参加志愿服务，攒“暖新积分”换礼品
    📣 民情观察员可以把小哥们的急难愁盼直接反映给政府
    🌡 高温天提醒你防暑降温，告诉你去哪儿歇凉

    点左下角的菜单，或发送 /help 查看全部功能。
welcome-back = 👋 { $name }，欢迎回来！发送 /help 查看全部功能。
help-header = 📖 <b>我能做的事</b>
help-section-courier = <b>所有人</b>
help-section-observer = <b>民情观察员</b>
help-section-staff = <b>驿站工作人员</b>
help-section-admin = <b>管理员</b>
help-line = /{ $command } — { $description }
help-footer = 随时发送 /cancel 可以退出当前操作。

language-choose = 请选择语言 / Choose your language：
language-set = ✅ 已切换为中文。
language-unchanged = 当前已经是中文。
language-button-zh = 中文
language-button-en = English

# /name: what the bot and the station staff call a person (WeChat gives a service account no nickname)

cmd-name = 设置我怎么称呼你
name-current =
    现在我叫你：{ $name }
    想换个称呼，发送 /name 加上你的称呼，比如：/name 小李
name-set = ✅ 好的，以后就叫你“{ $name }”。驿站工作人员看到的也是这个称呼。
name-too-long = 这个称呼太长了，最多 { $max } 个字。换个短点的吧，比如：/name 小李
name-no-words = 称呼里要有字，比如：/name 小李
name-hidden-characters = 称呼要写在一行里，不能有换行或看不见的字符。比如：/name 小李
name-markup = 称呼里不能有 &lt; 或 &gt;。换一个吧，比如：/name 小李
welcome-wechat-name = ✏️ 发送“/name 你的称呼”（比如 /name 小李），驿站工作人员就知道你是谁了。

cancel-done = 好的，已取消。需要时再找我。
save-failed-draft-kept = 😥 没保存成功，你填的内容都还在。请稍后再点一次“{ $button }”。
cancel-nothing = 现在没有进行中的操作。发送 /help 查看全部功能。

unknown-command = 🤔 我不认识 { $command } 这个命令。发送 /help 查看我能做的事。
unknown-command-closest = 🤔 我不认识 { $command } 这个命令。你是想发 { $closest } 吗？发送 /help 查看我能做的事。
unknown-media = 收到了，不过这类消息我还处理不了。发送 /help 看看我能做什么。
not-allowed = 🔒 这个功能只对 { $role } 开放。
role-observer = 民情观察员
role-staff = 驿站工作人员和管理员
role-admin = 管理员
button-expired = 这个按钮已经过期了，请重新发送命令。
private-chat-only = 🔒 这里有个人信息，只能在和我的私聊或管理员群里查看。

error-apology = 😥 抱歉，出了点问题，我们已经记下来了。请稍后再试一次。
error-admin-notice = ⚠️ 处理更新 { $update_id } 时出错：{ $error }

## Command menu (setMyCommands); one line each

cmd-start = 开始 / 欢迎
cmd-help = 我能做的事
cmd-language = 切换语言 / Language
cmd-cancel = 取消当前操作

## Free text: what the router answers itself

intent-greeting =
    👋 { $name }，你好！发“最近的驿站”或者点下面的“📍 发送位置”，我帮你找最近开着的驿站。
    发送 /help 查看全部功能。
intent-thanks = 不客气！跑单注意安全。🙏
intent-menu =
    🤔 这句我没太看懂。可以直接这样发：
    📍 “最近的驿站”“哪里能充电”，或者一个地名，比如“武林广场”
    🙋 “积分”“兑换”“今天做了 2 小时志愿服务”
    🌡 “高温提醒”
    发送 /help 查看全部功能。
time-read-as = 🕑 记为{ $time }。
