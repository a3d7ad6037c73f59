"""Tests of the reports rendered outside a chat (bots.reports)."""
