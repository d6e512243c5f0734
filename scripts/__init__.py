"""Build and refresh scripts for the data shipped in socle/data (run by hand, not at run time)."""
