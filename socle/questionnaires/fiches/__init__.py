"""Good-practice sheets and feedback from the field."""
