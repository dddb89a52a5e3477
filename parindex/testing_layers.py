"""Shared test data: each layer is built once and every test that needs it is rolled back to it.

A *layer* is database content many tests start from: the small province of
``parindex.testing``, the shipped reference units, the national results. Building one through
the real actions for every test made the suite slow. A layer fixture is declared with
:func:`shared_layer` in a ``conftest.py``::

    @shared_layer(fresh=reload_province)
    def par() -> TestProvince:
        return build_province()

How it works (a pytest plugin, loaded by the root ``conftest.py``):

- Before a test's own transaction begins, the layers it asks for (directly or through other
  fixtures) are made current: if they are not what the open *layer transaction* holds, that
  transaction is rolled back and a new one is opened in which the layers are built, in
  dependency order (``requires``). The test then runs in a savepoint inside it, so whatever
  it writes is undone and the next test starts from the same data.
- A test that asks for no layer runs on an empty database: the layer transaction is rolled
  back first.
- Tests are grouped by the layers they ask for (within pytest-django's order: plain database
  tests, then transactional ones, then the rest), so each combination is built once per
  session.
- A transactional test (``transactional_db``, ``live_server``, ``django_db(transaction=True)``)
  commits for real and flushes the database afterwards: the layer transaction is rolled back
  before it, and its layer fixtures build their data inside the test, as before.
- The fixture returns fresh Python objects every time (``fresh`` re-reads them by primary
  key), because code caches on objects (a user's scope, for instance) and tests change
  objects in memory.

Data outside the database (files, the DuckDB dossier store) is not rolled back: a layer must
not write any; give such data to each test.

Options: ``--no-shared-data`` builds every layer inside each test (as if this plugin did not
exist: to check that sharing changes nothing); ``--shuffle-tests=SEED`` runs the tests in a
random order (to check that the order never matters).
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

LAYER_ATTRIBUTE = "_parindex_layer"


@dataclass(eq=False)
class Layer:
    """One named piece of shared data: how to build it, how to hand out fresh copies of it."""

    name: str
    build: Callable[[], Any]
    fresh: Callable[[Any], Any]
    requires: tuple[str, ...] = ()


def _same(value: Any) -> Any:
    return value


def shared_layer(
    name: str | None = None,
    *,
    requires: tuple[str, ...] = (),
    fresh: Callable[[Any], Any] = _same,
) -> Callable[[Callable[[], Any]], Any]:
    """Declare a layer fixture from the function that builds its data (its docstring becomes
    the fixture's). ``requires`` names the layer fixtures it builds on; ``fresh`` turns the
    built value into fresh objects for one test."""

    def declare(build: Callable[[], Any]) -> Any:
        layer = Layer(name or build.__name__, build, fresh, requires)

        def fixture(**kwargs: Any) -> Any:
            layers: SharedLayers = kwargs["_shared_layers"]
            return layers.value(layer)

        fixture.__name__ = layer.name
        fixture.__doc__ = build.__doc__
        fixture.__module__ = build.__module__
        # pytest reads a fixture's arguments from its signature: the database, the layer
        # state and the layers this one builds on.
        fixture.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter(argument, inspect.Parameter.KEYWORD_ONLY)
                for argument in ("db", "_shared_layers", *requires)
            ]
        )
        setattr(fixture, LAYER_ATTRIBUTE, layer)
        return pytest.fixture(name=layer.name)(fixture)

    return declare


def layers_of(item: pytest.Item) -> tuple[Layer, ...]:
    """The layers a test asks for, each after the layers it requires."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return ()
    found: list[Layer] = []

    def visit(fixture_name: str) -> None:
        defs = definitions.name2fixturedefs.get(fixture_name)
        layer = getattr(defs[-1].func, LAYER_ATTRIBUTE, None) if defs else None
        if layer is None or layer in found:
            return
        for required in layer.requires:
            visit(required)
        found.append(layer)

    for fixture_name in getattr(item, "fixturenames", ()):
        visit(fixture_name)
    return tuple(found)


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test as a TransactionTestCase (real commits, a flush)."""
    from pytest_django.fixtures import validate_django_db

    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transaction, reset_sequences = validate_django_db(marker)[:2] if marker else (False, False)
    return bool(
        transaction
        or reset_sequences
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names)
    )


def _uses_db(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or "db" in getattr(
        item, "fixturenames", ()
    )


def _keep_connection_open(keep: bool) -> None:
    """While a layer transaction is open, the end of a request must not close the database
    connection (that would lose the layers): Django closes a connection it finds in a
    transaction when a response is closed. The test client spares its own requests; a test
    that closes a streamed response itself does not. Outside a transaction, nothing changes."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    if not keep:
        connection.__dict__.pop("close_if_unusable_or_obsolete", None)
        return
    close_if_unusable = type(connection).close_if_unusable_or_obsolete

    def spare_the_layers() -> None:
        if not connection.in_atomic_block:
            close_if_unusable(connection)

    connection.close_if_unusable_or_obsolete = spare_the_layers  # type: ignore[method-assign]


@dataclass
class SharedLayers:
    """The layer transaction of the session: which layers it holds and their built values."""

    blocker: Any
    enabled: bool = True
    current: tuple[Layer, ...] = ()
    values: dict[Layer, Any] = field(default_factory=dict)
    builds: int = 0
    _atomic: Any = None

    def prepare(self, item: pytest.Item) -> None:
        """Make the layers of ``item`` current (called before its own transaction begins)."""
        wanted = () if not self.enabled or is_transactional(item) else layers_of(item)
        if wanted == self.current:
            return
        self.close()
        if wanted:
            self._open(wanted)

    def _open(self, layers: tuple[Layer, ...]) -> None:
        from django.db import transaction

        with self.blocker.unblock():
            _keep_connection_open(True)
            atomic = transaction.atomic()
            atomic.__enter__()
            # Like the transaction of a Django TestCase: code may open durable blocks in it.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            self._atomic = atomic
            try:
                for layer in layers:
                    self.values[layer] = layer.build()
            except BaseException:
                self.close()
                raise
        self.current = layers
        self.builds += 1

    def close(self) -> None:
        """Roll the layer transaction back (the database is empty again)."""
        if self._atomic is None:
            return
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
            _keep_connection_open(False)
        self._atomic = None
        self.current = ()
        self.values.clear()

    def value(self, layer: Layer) -> Any:
        """Fresh objects of ``layer`` for the running test (built now if it is not shared)."""
        if layer in self.current:
            return layer.fresh(self.values[layer])
        return layer.build()


# --------------------------------------------------------------------------- the plugin


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("parindex")
    group.addoption(
        "--no-shared-data",
        action="store_true",
        help="build every shared test layer inside each test instead of once",
    )
    group.addoption(
        "--shuffle-tests",
        metavar="SEED",
        default=None,
        help="run the tests in a random order drawn from SEED",
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> Iterator[None]:
    """Shuffle first if asked; after every other sort (pytest-django's among them), group."""
    seed = config.getoption("shuffle_tests")
    if seed is not None:
        random.Random(seed).shuffle(items)
    yield
    _group(items)


def _group(items: list[pytest.Item]) -> None:
    """Sort the tests by the layers they ask for, keeping pytest-django's order of plain
    database tests, transactional tests, then tests without a database."""
    first_seen: dict[tuple[Layer, ...], int] = {}

    def key(item: pytest.Item) -> tuple[int, int]:
        if is_transactional(item):
            return (1, 0)
        if not _uses_db(item):
            return (2, 0)
        return (0, first_seen.setdefault(layers_of(item), len(first_seen)))

    items.sort(key=key)


@pytest.fixture(scope="session")
def _shared_layers(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[SharedLayers]:
    layers = SharedLayers(
        blocker=django_db_blocker, enabled=not request.config.getoption("no_shared_data")
    )
    yield layers
    layers.close()
    request.config.stash[_BUILDS] = layers.builds


_BUILDS = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.getoption("verbose") > 0 and _BUILDS in config.stash:
        terminalreporter.write_line(f"shared test data: {config.stash[_BUILDS]} layer builds")


@pytest.fixture
def _shared_layers_current(request: pytest.FixtureRequest, _shared_layers: SharedLayers) -> None:
    _shared_layers.prepare(request.node)


@pytest.fixture
def _django_db_helper(_shared_layers_current: None, _django_db_helper: None) -> None:
    """pytest-django's database fixture (behind ``db``, ``transactional_db`` and the
    ``django_db`` mark), after the test's layers were made current."""
