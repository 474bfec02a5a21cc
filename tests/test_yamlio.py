"""`returnees.yamlio` on its own: each way a file is refused, with its exact message and line.

The loader's tests (and tests/test_properties.py) read whole datasets; these pin what the
parser says, at the limits where it changes its mind (64 levels, 32 nested aliases, 100,000
alias values, a key of 40 characters).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from returnees import loader, yamlio


def _refused(text: str) -> tuple[str, int | None]:
    with pytest.raises(yamlio.YamlError) as raised:
        yamlio.parse(text.encode("utf-8"))
    return raised.value.message, raised.value.line


NUL = "a NUL character (code 0): YAML text cannot hold one"
DEEP = "nested deeper than 64 levels"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("\x00a: 1\n", 1, id="the first character"),
        pytest.param("a: 1\n\x00", 2, id="on the second line"),
        pytest.param("\na: \x00\nb: \x00\n", 2, id="the first of two"),
    ],
)
def test_a_nul_character_is_refused_at_its_line(text, line):
    assert _refused(text) == (NUL, line)


def test_bytes_that_are_not_utf8_are_refused_at_their_line():
    with pytest.raises(yamlio.YamlError) as raised:
        yamlio.parse(b"\nquote: caf\xe9\n")
    assert (raised.value.message, raised.value.line) == ("not UTF-8 text (byte 11)", 2)


def test_a_tab_in_the_indentation_is_named_at_its_line():
    text = "\nfigures:\n  - id: a\n\tvalue: 1\n"
    assert _refused(text) == ("a tab in the indentation: YAML indents with spaces only", 4)


def test_a_tab_inside_text_does_not_take_the_blame_for_another_mistake():
    assert _refused("quote: |\n  \tTabbed text\nb: [1,\n") == ("unclosed bracket '['", 3)


@pytest.mark.parametrize(
    ("text", "result"),
    [
        pytest.param("[" * 64 + "]" * 64, None, id="64 flow levels"),
        pytest.param("[" * 65 + "]" * 65, (DEEP, None), id="65 flow levels"),
        pytest.param("{a: " * 64 + "x" + "}" * 64, None, id="64 flow mappings"),
        pytest.param("- " * 64 + "x", None, id="64 block levels"),
        pytest.param("- " * 65 + "x", (DEEP, 1), id="65 block levels"),
        pytest.param(
            "- " * 64 + "x\n- " + "[" * 10 + "]" * 10 + "\n", None, id="64, then 11 beside them"
        ),
        pytest.param("- [[[[]]]]\n" + "- " * 66 + "x\n", (DEEP, 2), id="5, then 66 beside them"),
        pytest.param(
            "- " * 64 + "x\n- [[], " + "[" * 63 + "]" * 63 + "]\n",
            (DEEP, 2),
            id="65 after a list closed on the way",
        ),
        pytest.param("x: 1\ry:\r" + "- " * 65 + "x", (DEEP, 3), id="66 after carriage returns"),
    ],
)
def test_values_nest_at_most_64_levels(text, result):
    if result is None:
        assert yamlio.parse(text.encode("utf-8")) is not None
    else:
        assert _refused(text) == result


def test_the_loader_may_leave_the_nesting_check_for_data_that_fails_its_schema():
    deep = ("[" * 65 + "]" * 65).encode("utf-8")
    assert yamlio.parse(deep, check_depth=False) is not None
    with pytest.raises(yamlio.YamlError, match=DEEP):
        yamlio.check_nesting(yamlio.parse(deep, check_depth=False))


@pytest.mark.parametrize(
    ("text", "result"),
    [
        pytest.param(
            "- " * 63 + "  x: y: z\n",
            ("mapping values are not allowed in this context", 1),
            id="a mistake on a long line: where the event parser stopped",
        ),
        pytest.param(
            "- x\n" + "- " * 63 + "  y: z: w\n",
            ("mapping values are not allowed in this context", 2),
            id="on the second, long, line",
        ),
        pytest.param(
            "- " * 64 + "x\ny: [\n",
            ("while parsing a block collection, did not find expected '-' indicator", 2),
            id="after the long lines: the parser's own message",
        ),
        pytest.param(
            "- x\n" + "- " * 63 + "  y\nz: [\n",
            ("while parsing a block collection, did not find expected '-' indicator", 3),
            id="after a long second line",
        ),
    ],
)
def test_a_mistake_in_a_file_read_for_its_depth_is_named_at_its_line(text, result):
    assert _refused(text) == result


def _nested_aliases(levels: int) -> str:
    return "a0: &a0 x\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, levels + 1))


def _wide_aliases(width: int, levels: int) -> str:
    text = "a0: &a0 x\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]\n"
    return text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(_nested_aliases(31), None, id="31 nested aliases"),
        pytest.param(
            _nested_aliases(33),
            "aliases (*name) nest deeper than 32 levels: refused (alias bomb)",
            id="33 nested aliases",
        ),
        pytest.param(_wide_aliases(300, 1), None, id="300 values"),
        pytest.param(
            _wide_aliases(80, 3),
            "aliases (*name) expand to over 100,000 values: refused (alias bomb)",
            id="512,000 values",
        ),
    ],
)
def test_aliases_expand_within_limits(text, message):
    if message is None:
        assert yamlio.parse(text.encode("utf-8"))
    else:
        assert _refused(text) == (message, 2)


@pytest.mark.parametrize("before", ["", "\n"], ids=["line 1", "line 2"])
def test_text_no_parser_reads_is_not_readable_at_the_line_where_reading_stopped(before):
    # yaml-rs built a mapping as a key of a key (TypeError); PyYAML stopped where it starts.
    assert _refused(before + ': ? - : ? ~"') == ("not readable as YAML", 1 + len(before))


@pytest.mark.parametrize("before", ["", "- a\n"], ids=["line 1", "line 2"])
def test_deep_nesting_after_what_only_yaml_rs_reads_is_refused_before_yaml_rs_reads_it(before):
    # PyYAML stops at "- : "; yaml-rs would read on, and 30,000 levels overflow its stack (a
    # segfault: were this refusal lost, the test run would end there).
    text = before + "- : \n" + "- " * 30_000 + "x\n"
    assert _refused(text) == ("did not find expected key", 1 + before.count("\n"))


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        pytest.param("1" * 40, "1" * 40, id="40 characters: in full"),
        pytest.param("1" * 41, "1" * 39 + "…", id="41 characters: cut"),
    ],
)
def test_a_key_that_is_a_number_is_shown_as_written_cut_at_40_characters(key, shown):
    message = f"a key that is a number ({shown}): a key is a field name, such as 'value'"
    assert yamlio.Locator.from_text(f"\ufefffigures:\n- {key}: a\n").refused == [
        yamlio.Refusal(2, ("figures", 0), message)
    ]


def test_every_refusal_of_a_file_is_raised_together_the_first_as_the_error():
    with pytest.raises(yamlio.YamlError) as raised:
        yamlio.parse(b"a: !!str x\nb: !x y\n")
    error = raised.value
    assert (error.message, error.line) == ("a YAML tag (!!str): write the value without a tag", 1)
    assert [(r.line, r.path, r.message) for r in error.refused] == [
        (1, ("a",), "a YAML tag (!!str): write the value without a tag"),
        (2, ("b",), "a YAML tag (!x): write the value without a tag"),
    ]


@pytest.mark.parametrize(
    "key",
    ["{1: !!str b, ~: c}", "{a: {1: b, c: [!!str d]}}"],
    ids=["keys and tags in it", "nested collections in it"],
)
def test_a_key_that_is_a_collection_is_refused_once_whatever_it_holds(key):
    (refusal,) = yamlio.Locator.from_text(f"a: {{? {key} : d}}\n").refused
    assert refusal == yamlio.Refusal(
        1, ("a",), "a key that is a list or a mapping: a key is a field name, such as 'value'"
    )


def test_an_alias_as_a_key_is_the_key_it_names():
    assert yamlio.Locator.from_text("a: &k id\nb: {*k : 1}\n").refused == []
    (refusal,) = yamlio.Locator.from_text("a: &k [x]\nb: {*k : 1}\n").refused
    assert (refusal.line, refusal.path) == (2, ("b",))


def test_a_key_that_looks_like_a_date_is_text():
    assert yamlio.Locator.from_text("2024-01-02: a\n").refused == []


def test_the_locator_knows_each_records_id_wherever_it_is_written():
    locator = yamlio.Locator.from_text("figures:\n- entity: FRA\n  id: src-a\n- id: src-b\n")
    assert locator.ids == {("figures", 0): "src-a", ("figures", 1): "src-b"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("a: [1,\n", 2, id="an unclosed bracket"),
        pytest.param("a: 1\n...\n@x\n", 3, id="after the end of the document"),
        pytest.param("a: b: c\n", 1, id="a mapping value on the same line"),
    ],
)
def test_the_locator_says_where_pyyaml_stopped_reading(text, line):
    assert yamlio.Locator.from_text(text).unreadable == line


def test_a_file_nested_too_deep_is_refused_where_the_65th_level_opens():
    # Flow nesting yaml-rs reads (it stops at 255); the loader finds the line afterwards.
    text = "figures: " + "[\n" * 70 + "]" * 70
    deep = loader._File(Path("x.yaml"), "x.yaml", text.encode("utf-8"))
    assert deep.deepest_line() == 64  # "figures: [" opens level 2 on line 1


def test_a_refusal_deeper_than_the_locator_records_is_at_the_top_of_the_file():
    (refusal,) = yamlio.Locator.from_text("a: " + "[" * 70 + "!!str x" + "]" * 70).refused
    assert (refusal.line, refusal.path) == (1, ())


# --------------------------------------------------------------------------- what the fourth
# mutation run found untested


def test_a_document_marker_alone_leaves_a_number_key_to_the_loader():
    # The event parser reads a mapping only for a tag: its refusals of keys come after the schema.
    assert yamlio.parse(b"---\n1: x\n") == {1: "x"}


@pytest.mark.parametrize(
    ("error", "message", "line"),
    [
        pytest.param(
            RecursionError, f"nested deeper than {yamlio.MAX_DEPTH} levels", None, id="deep"
        ),
        pytest.param(TypeError, "not readable as YAML", 1, id="a crash on a file with no refusal"),
    ],
)
def test_a_parser_error_of_its_own_is_a_yaml_error(monkeypatch, error, message, line):
    def loads(*args, **kwargs):
        raise error("from yaml-rs")

    monkeypatch.setattr(yamlio.yaml_rs, "loads", loads)
    with pytest.raises(yamlio.YamlError) as raised:
        yamlio.parse(b"a: b\n")  # no number: the locator, too, would ask yaml-rs
    assert (raised.value.message, raised.value.line) == (message, line)


def test_a_null_key_written_as_nothing_is_shown_as_nothing():
    assert [r.message for r in yamlio.Locator.from_text("?\n: x\n").refused] == [
        "a key that is null (): a key is a field name, such as 'value'"
    ]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        pytest.param("a: 1\n", "no alias", None, id="nothing to find"),
        pytest.param("a: [\n", "no alias", 2, id="where pyyaml stopped"),
        pytest.param("a: &x 1\nb: *x\n", "alias replay", 2, id="the first alias"),
    ],
)
def test_the_line_of_a_yaml_rs_error_without_one(text, message, line):
    assert yamlio._first_problem_line(text, message) == line
