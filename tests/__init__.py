"""townhall test suite."""
