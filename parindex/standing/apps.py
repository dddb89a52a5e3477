"""The former standing app, kept installed only for its migrations.

Its models now live in ``parindex.national`` and ``parindex.targets``; ``standing`` still holds
the migrations that created their tables (``0001``) and took the models out of its state
(``0002``), which the new apps' migrations depend on. Removing the app would orphan those
migrations on every existing database (docs/standing.md, "Where the code lives").
"""

from django.apps import AppConfig


class StandingConfig(AppConfig):
    name = "parindex.standing"
    label = "standing"
