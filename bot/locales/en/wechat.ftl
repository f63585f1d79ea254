# What the WeChat transport adds where a service account cannot do what Telegram does.
wechat-file-link = 📎 { $link } (one download within 15 minutes)
wechat-file-unavailable = 📎 A WeChat service account cannot send files, so this one could not reach you.
