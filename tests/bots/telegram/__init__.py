"""Tests of the Telegram front end, run on python-telegram-bot against the fake Bot API."""
