"""Numbered SQL migrations, applied in order at start; PRAGMA user_version records the last one."""
