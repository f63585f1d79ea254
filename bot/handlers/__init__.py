"""The Telegram channel's feature handlers, one module per feature; bot/channels/telegram/app.py registers
them in one place."""
