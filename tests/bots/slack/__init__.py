"""Tests of the Slack front end, run on slack-bolt and slack-sdk against the fake Web API."""
