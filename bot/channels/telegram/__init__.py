"""The Telegram channel on python-telegram-bot: the app factory, the typed context, update processing,
persistence of forms and the outbox's transport. Its feature handlers are bot/handlers/."""
