"""SQL migrations, applied in name order at start; the table schema_migrations records each by name.
A migration that has shipped is never edited (tests/unit/test_migrations.py holds their digests)."""
