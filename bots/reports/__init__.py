"""Results rendered outside a chat: the HTML report (and, beside it, charts and data files)."""
