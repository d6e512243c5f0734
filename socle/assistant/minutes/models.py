"""Models of the assistant_minutes app."""
