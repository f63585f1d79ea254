## Station staff: appointed by admins for a station

station-unknown = 没有编号为 “{ $station }” 的驿站。请用驿站 ID（见 data/stations.yaml 或 /nearest 的结果）。
station-appoint-already = { $name } 已经是 { $station } 的工作人员了。
station-appoint-done = ✅ 已任命 { $name } 为 { $station } 的工作人员，并已通知本人。
station-revoke-not-staff = { $name } 不是 { $station } 的工作人员。
station-revoke-done = 已取消 { $name } 在 { $station } 的工作人员身份。
station-staff-welcome =
    🎉 { $name }，你已成为<b>{ $station }</b>的工作人员！
    🏠 /station 查看今天的签到、更新驿站实时状态（开放、饮水、充电、礼包、人多不多）、获取签到二维码
    ✅ /pending 审核在本驿站做的志愿时长
station-staff-farewell = { $name }，你在 { $station } 的工作人员身份已结束。感谢你的付出！
