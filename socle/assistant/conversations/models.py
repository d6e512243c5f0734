"""Models of the assistant_conversations app."""
