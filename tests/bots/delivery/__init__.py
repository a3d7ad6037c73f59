"""Tests of delivery: the rate limiter, the platform senders, the scheduler and the CLI."""
