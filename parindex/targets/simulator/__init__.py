"""The simulator's Django side (docs/standing.md, "Simulator"): ``competitors`` (the table a
province competes against and its starting rate), ``efforts_file`` (the efforts CSV) and
``run`` (gap analysis, projection, what-if and cheapest path). The maths is
``parindex.lib.simulate``."""
