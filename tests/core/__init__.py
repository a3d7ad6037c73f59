"""Tests of the platform-neutral core."""
