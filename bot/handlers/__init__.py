"""Thin Telegram adapters, one module per feature; bot/app.py registers them in one place."""
