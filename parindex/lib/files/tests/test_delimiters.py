"""Delimiter sniffing on the header line."""

from hypothesis import given
from hypothesis import strategies as st

from parindex.lib.files.delimiters import sniff_delimiter


def test_it_reads_vietnamese_spreadsheets_as_semicolon_separated():
    assert sniff_delimiter("unit_code;criterion_code;points\nA;1.1;2,5\n") == ";"
    assert sniff_delimiter(b"\xef\xbb\xbfa,b,c\n") == ","
    assert sniff_delimiter("a\tb\tc") == "\t"


def test_it_ignores_delimiters_inside_quotes():
    assert sniff_delimiter('"a;b;c",d\n') == ","


def test_it_falls_back_to_a_comma():
    assert sniff_delimiter("code\n") == ","


@given(
    st.lists(st.text(alphabet="abcdefgh_", min_size=1, max_size=8), min_size=2, max_size=8),
    st.sampled_from([",", ";", "\t", "|"]),
)
def test_it_finds_the_delimiter_of_any_header(names, delimiter):
    assert sniff_delimiter(delimiter.join(names) + "\n1\n") == delimiter
