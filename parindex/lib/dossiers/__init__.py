"""Framework-free dossier maths: the clock and its rules, periods, Decision 766, the portal."""
