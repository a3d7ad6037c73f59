"""The Telegram front end: python-telegram-bot handlers, HTML rendering, delivery, webhook."""
