"""The one YAML loader: line numbers, duplicate keys, anchors, nesting, scalar typing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.lib.errors import InputRejected
from parindex.lib.files.source import Source
from parindex.lib.files.yaml_loader import NO_DATES, TEXT, LineDict, load_yaml, parse_yaml


def test_it_keeps_the_line_of_every_key_and_item():
    data = parse_yaml("a: 1\nitems:\n  - code: x\n    name: y\n  - code: z\n")
    assert isinstance(data, LineDict)
    assert data.key_lines == {"a": 1, "items": 2}
    assert data["items"].item_lines == [3, 5]
    assert data["items"][0].key_lines == {"code": 3, "name": 4}
    assert data["items"][1].line == 5


def test_it_refuses_a_key_given_twice_with_its_line():
    with pytest.raises(InputRejected) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (3, "a")


def test_it_refuses_anchors_and_aliases():
    """No billion laughs: an alias is refused before anything expands."""
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    with pytest.raises(InputRejected) as caught:
        parse_yaml(bomb, name="bomb.yaml")
    problem = caught.value.problems[0]
    assert "bomb.yaml" in problem.message and problem.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        "a:\n" + "".join(" " * i + "- \n" for i in range(1, 300)),
        "{a: " * 3000 + "1" + "}" * 3000,
    ],
)
def test_it_refuses_deep_nesting_without_a_recursion_error(text):
    with pytest.raises(InputRejected) as caught:
        parse_yaml(text, name="deep.yaml")
    assert caught.value.problems[0].line is not None


def test_it_reports_a_syntax_error_with_its_line():
    with pytest.raises(InputRejected) as caught:
        parse_yaml("a: 1\nb: [unclosed\nc: 2\n")
    assert caught.value.problems[0].line is not None


def test_it_types_scalars_as_asked():
    text = "code: 01\nweight: 0.50\nday: 2026-01-01\nyes_no: true\nnothing: null\n"
    assert parse_yaml(text) == {
        "code": 1,
        "weight": 0.5,
        "day": __import__("datetime").date(2026, 1, 1),
        "yes_no": True,
        "nothing": None,
    }
    assert parse_yaml(text, scalars=TEXT) == {
        "code": "01",
        "weight": "0.50",
        "day": "2026-01-01",
        "yes_no": True,
        "nothing": None,
    }
    assert parse_yaml(text, scalars=NO_DATES)["day"] == "2026-01-01"
    assert parse_yaml(text, scalars=NO_DATES)["code"] == 1


def test_it_refuses_python_tags():
    with pytest.raises(InputRejected):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n")


def test_it_reads_a_path_or_a_source(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path) == {"a": 1}
    assert load_yaml(Source("f.yaml", b"a: 2\n")) == {"a": 2}
    assert load_yaml(Source("f.yaml", "a: 3\n".encode("utf-16"))) == {"a": 3}
    with pytest.raises(InputRejected):
        load_yaml(Source("f.yaml", "a: 1\n".encode("utf-16-le")))


@given(
    st.lists(
        st.text(alphabet="abcxyz", min_size=1, max_size=5), min_size=1, max_size=10, unique=True
    )
)
def test_it_numbers_keys_by_their_line(keys):
    data = parse_yaml("".join(f"{key}: v\n" for key in keys), scalars=TEXT)
    assert data.key_lines == {key: number for number, key in enumerate(keys, start=1)}
