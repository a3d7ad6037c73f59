"""Tests of the terminal front end."""
