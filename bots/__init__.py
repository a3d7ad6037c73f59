"""Front ends (Telegram, Slack, terminal) and the composition root that wires them."""
