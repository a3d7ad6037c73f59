"""In-memory fakes of the core's ports and of the chat platforms' APIs."""
