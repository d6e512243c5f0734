"""Models of the assistant_courrier app."""
