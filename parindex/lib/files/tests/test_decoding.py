"""Decoding: UTF-8 with or without BOM is read; everything else is refused with a message."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.lib.errors import InputRejected
from parindex.lib.files.decoding import decode, encode_windows_1258, encoding_of
from parindex.lib.files.source import Source


def test_it_reads_utf8_with_and_without_bom():
    """Excel's "CSV UTF-8" starts with a byte-order mark; it is dropped."""
    text = "mã,tên\n01,Sở Nội vụ\n"
    assert decode(Source("a.csv", text.encode())) == text
    assert decode(Source("a.csv", codecs.BOM_UTF8 + text.encode())) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_reads_utf16_with_a_bom(encoding):
    """UTF-16 with a byte-order mark (Excel's "Unicode Text") is read, the mark dropped."""
    text = "mã\ttên\n01\tSở Nội vụ\n"
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + text).encode(encoding)
    assert decode(Source("đơn vị.txt", data)) == text
    assert encoding_of(Source("đơn vị.txt", data)) == "utf-16"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_it_refuses_utf16_without_a_bom_naming_the_file(encoding):
    """UTF-16 without a byte-order mark is recognised and refused by name."""
    with pytest.raises(InputRejected) as caught:
        decode(Source("đơn vị.csv", "mã,tên\n01,Sở Nội vụ\n".encode(encoding)))
    message = caught.value.problems[0].message
    assert "đơn vị.csv" in message and "UTF-16" in message


def test_it_refuses_broken_utf16_with_the_line():
    """A lone surrogate in a UTF-16 file is refused with its line, not a traceback."""
    data = "a\nb\n".encode("utf-16") + b"\x00\xd8"
    with pytest.raises(InputRejected) as caught:
        decode(Source("x.csv", data))
    assert "x.csv" in caught.value.problems[0].message
    assert caught.value.problems[0].line == 3


def test_it_refuses_windows_1258_with_the_line():
    """A legacy Vietnamese file is refused with the line of its first non-UTF-8 byte."""
    data = encode_windows_1258("code,name\n01,Ha Noi\n02,Sở Nội vụ\n")
    with pytest.raises(InputRejected) as caught:
        decode(Source("units.csv", data))
    problem = caught.value.problems[0]
    assert "units.csv" in problem.message and "Windows-1258" in problem.message
    assert problem.line == 3


def test_it_refuses_binary_content():
    with pytest.raises(InputRejected) as caught:
        decode(Source("x.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00"))
    assert "x.yaml" in caught.value.problems[0].message


@given(st.binary(max_size=300))
def test_it_never_raises_anything_but_a_refusal(data):
    """Whatever the bytes, the result is text or InputRejected, never a decoding traceback."""
    try:
        assert isinstance(decode(Source("f", data)), str)
    except InputRejected as exc:
        assert exc.problems
