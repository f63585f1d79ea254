-- A message with buttons that had to go as a WeChat template message (the person was outside the 48-hour
-- window): templates carry no links, so its buttons are held here until the person next writes, and the
-- message is sent again with them then. Forgotten with the message after 30 days, like its links.
ALTER TABLE wechat_messages ADD COLUMN held_markup TEXT;
