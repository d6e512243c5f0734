"""Pages of the accounts app, one module per concern."""
