"""JSON a person hands over: deep nesting refused with its line, brackets in strings ignored."""

from decimal import Decimal

import pytest

from parindex.lib.errors import InputRejected
from parindex.lib.files.json_loader import nesting_problem, parse_json


def test_it_refuses_ten_thousand_brackets_with_a_message_not_a_recursion_error():
    with pytest.raises(InputRejected) as caught:
        parse_json("\n" + "[" * 10000 + "]" * 10000, name="deep.json")
    (problem,) = caught.value.problems
    assert "deep.json" in problem.message and problem.line == 2


def test_it_counts_no_bracket_inside_a_string():
    text = '{"a": "[[[[{{{{\\"[[[[", "b": [1.5, {"c": null}]}'
    assert nesting_problem(text, "x.json", max_depth=3) is None
    assert parse_json(text) == {"a": '[[[[{{{{"[[[[', "b": [Decimal("1.5"), {"c": None}]}
    assert nesting_problem('[[["]"]]]', "x.json", max_depth=2) is not None
