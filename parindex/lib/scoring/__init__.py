"""The scoring engine: a criteria tree, the declared data of its leaves, and the points they earn.

Framework-free (no Django): the ``frameworks`` app builds a
:class:`~parindex.lib.scoring.tree.FrameworkSpec` from the database or from a file, and the
self-assessment and appraisal screens call :func:`~parindex.lib.scoring.leaf.score_leaf` and
:func:`~parindex.lib.scoring.total.score`. One concern per module:

``numbers``  Decimal conversion and display rounding
``methods``  the scoring methods, input sources and not-applicable policies (par-index.md §5.2)
``bands``    classification bands
``tree``     the criteria tree (:class:`NodeSpec`, :class:`FrameworkSpec`)
``params``   checking a method's parameters
``inputs``   a leaf's declared data and its checks
``leaf``     the points of one leaf
``total``    the points of a whole framework (:class:`ScoreResult`)

Import a name from the module that defines it.
"""
