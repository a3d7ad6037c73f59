"""The storage contract suite, run on the in-memory fake, SQLite and PostgreSQL."""
