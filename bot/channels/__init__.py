"""The channels other than Telegram's python-telegram-bot wiring: each turns a messenger into Updates and
Bot API calls, so the same handlers serve it."""
