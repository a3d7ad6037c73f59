"""Tests of what every chat front end shares (bots.chat)."""
