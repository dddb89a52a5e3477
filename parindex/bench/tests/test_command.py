"""``bench`` offers every benchmark module of ``parindex.bench`` as a subcommand."""

from __future__ import annotations

from parindex.bench.management.commands.bench import benchmarks


def test_it_finds_the_dossier_and_page_benchmarks() -> None:
    """``dossiers`` and ``pages`` are found; the app's other modules are not benchmarks."""
    found = benchmarks()
    assert sorted(found) == ["dossiers", "pages"]
    assert found["dossiers"].__name__ == "parindex.bench.dossiers"
    assert found["pages"].__name__ == "parindex.bench.pages"
