"""The Slack front end: slash command, Block Kit cards in DMs, modals, threads and the App Home."""
