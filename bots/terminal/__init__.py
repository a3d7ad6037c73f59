"""The terminal front end: a chat in the operator's terminal over the same core as the bots."""
