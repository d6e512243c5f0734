"""Open data, data catalogue and sharing agreements (part B of the donnees app)."""
