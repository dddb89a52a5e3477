"""The national portal's Decision 766 responses: shapes, parsing, reconciliation."""
