"""SQLAlchemy implementation of the core's ports: engine, rows, repositories, migrations."""
