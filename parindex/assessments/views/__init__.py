"""Pages of the assessment cycle, split by who uses them."""
