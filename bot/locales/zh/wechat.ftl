# What the WeChat transport adds where a service account cannot do what Telegram does.
wechat-file-link = 📎 { $link }（15 分钟内可以下载一次）
wechat-file-unavailable = 📎 微信公众号发不了文件，这个文件没能发给你。
