"""The benchmarks, one module each (``dossiers``, ``pages``), run by ``parindex bench NAME``.

A module here that defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(options, stderr=None) -> dict`` is offered as ``bench NAME`` (docs/cli-dossiers.md,
"parindex bench").
"""
