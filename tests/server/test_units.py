"""Unit tests of the pieces below HTTP: bracket forms, schema shapes, SQLite storage, idempotency."""

from __future__ import annotations

import pytest

from conformance.spec.form_brackets import FormError, coerce, decode
from reference_server.domain.idempotency import retention_seconds
from reference_server.domain.pagination import Cursor, PageRequest, slice_page
from reference_server.domain.shapes import generate_id, id_prefix, number_format
from reference_server.storage.base import IdempotencyRecord, Position
from reference_server.storage.sqlite import SqliteStorage


def _untyped(value: object) -> object:
    return coerce(value, {}, lambda s: s)


def test_forms_decode_brackets_into_objects_and_lists() -> None:
    pairs = [("a[b][0][c]", "1"), ("a[b][1][c]", "2"), ("x[]", "p"), ("x[]", "q"), ("m[k]", "v"), ("s", "")]
    assert _untyped(decode(pairs)) == {"a": {"b": [{"c": "1"}, {"c": "2"}]}, "x": ["p", "q"], "m": {"k": "v"}, "s": ""}


@pytest.mark.parametrize(
    "pairs",
    [[("a", "1"), ("a[b]", "2")], [("a[b]", "1"), ("a", "2")], [("a]", "1")], [("a", "1"), ("a", "2")]],
    ids=["value-then-container", "container-then-value", "malformed", "repeated-plain-key"],
)
def test_forms_refuse_inconsistent_structure(pairs: list[tuple[str, str]]) -> None:
    with pytest.raises(FormError):
        decode(pairs)


def test_forms_coerce_to_schema_types() -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer"},
            "f": {"type": "number"},
            "b": {"type": "boolean"},
            "s": {"type": "string"},
            "u": {"anyOf": [{"type": "integer"}, {"type": "string", "const": ""}]},
            "l": {"type": "array", "items": {"type": "integer"}},
        },
    }
    value = {"n": "5", "f": "1.5", "b": "true", "s": "7", "u": "", "l": {"0": "1", "1": "x"}}
    assert coerce(value, schema, lambda s: s) == {"n": 5, "f": 1.5, "b": True, "s": "7", "u": "", "l": [1, "x"]}
    assert coerce({"n": "1e400", "f": "1e400"}, schema, lambda s: s) == {"n": "1e400", "f": "1e400"}


UNSET = {"type": "string", "const": ""}
IDS = {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize(
    ("text", "schema", "expected"),
    [
        # `a=` is Stripe's "unset" where the schema takes the empty string, and stays that string.
        ("", {"anyOf": [IDS, UNSET]}, ""),
        ("", {"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, UNSET]}, ""),
        # Where only an object or an array fits, `a=` is the empty one (deepObject clients send `{}` so).
        ("", {"type": "object", "additionalProperties": {"type": "object"}}, {}),
        ("", IDS, []),
        ("", {"type": ["object", "null"]}, None),
        # A plain value is never wrapped into a list: `account_tax_ids=null` is the string "null".
        ("null", {"type": ["array", "null"], "items": {"type": "string"}}, "null"),
        ("txi_1", {"anyOf": [IDS, UNSET]}, "txi_1"),
        # Integers of any size are integers, for the schema's bounds to judge.
        ("91955409408489506734080", {"type": "integer", "minimum": 0}, 91955409408489506734080),
        ("-91955409408489506734080", {"type": "number"}, -91955409408489506734080),
        ("9" * 2000, {"type": "integer"}, "9" * 2000),
        ("5", {"type": "integer", "const": 5}, 5),
    ],
)
def test_forms_coerce_plain_values(text: str, schema: dict[str, object], expected: object) -> None:
    assert coerce(text, schema, lambda s: s) == expected


def test_forms_indexes_are_keys_where_an_object_is_wanted() -> None:
    metadata = {"type": "object", "additionalProperties": {"type": "string"}}
    assert coerce(decode([("metadata[0]", "x")])["metadata"], metadata, lambda s: s) == {"0": "x"}
    assert coerce(decode([("ids[0]", "x")])["ids"], IDS, lambda s: s) == ["x"]
    # An index past MAX_INDEX stays a key, so an array schema refuses it instead of a huge list being built.
    assert coerce(decode([("ids[99999]", "x")])["ids"], IDS, lambda s: s) == {"99999": "x"}


def test_ids_and_numbers_follow_the_spec_patterns() -> None:
    assert id_prefix("^in_[A-Za-z0-9]+$") == "in_" and id_prefix("^[a-z]{3}$") is None
    assert generate_id("^il_(tmp_)?[A-Za-z0-9]+$").startswith("il_")
    assert len(generate_id("^inv_[0-9A-Za-z]{21}$")) == 25
    assert number_format(r"^INV-\d{4,}$", None)(7, "t") == "INV-0007"
    stripe = number_format("^[A-Z0-9]{3,12}-[0-9]{4,}$", None)
    assert stripe(12, "a").endswith("-0012") and stripe(1, "a")[:3] == stripe(2, "a")[:3] != stripe(1, "b")[:3]
    assert number_format(None, "LR-0042")(3, "t") == "LR-0003"
    assert number_format(None, None)(3, "t") == "3"


def test_sqlite_pages_are_stable_and_filtered() -> None:
    storage = SqliteStorage(":memory:")
    for n in range(6):
        storage.insert("api", "t", f"id{n}", n // 2, {"id": f"id{n}", "status": "open" if n % 2 else "draft"})
    storage.insert("api", "other", "x", 0, {"id": "x"})
    ids = [d["id"] for d in storage.page("api", "t", descending=True, limit=10)]
    assert ids == ["id5", "id4", "id3", "id2", "id1", "id0"]
    after = storage.get("api", "t", "id4")
    assert after is not None
    position = Position(after.order_value, after.seq)
    assert [d["id"] for d in storage.page("api", "t", descending=True, limit=2, after=position)] == ["id3", "id2"]
    assert [d["id"] for d in storage.page("api", "t", descending=True, limit=2, before=position)] == ["id5"]
    assert [
        d["id"] for d in storage.page("api", "t", descending=False, limit=9, filters=[("/status", "=", "open")])
    ] == [
        "id1",
        "id3",
        "id5",
    ]
    assert storage.count("api", "t", [("/status", "=", "draft")]) == 3
    storage.update("api", "t", "id0", 0, {"id": "id0"}, deleted=True)
    assert storage.count("api", "t") == 5 and storage.get("api", "t", "id0") is not None


def test_sqlite_rolls_back_failed_transactions() -> None:
    storage = SqliteStorage(":memory:")
    with pytest.raises(RuntimeError), storage.transaction():
        storage.insert("api", "t", "a", 1, {"id": "a"})
        storage.idempotency_put("api", "t", "k", IdempotencyRecord("f", 200, "application/json", b"{}", 0.0))
        raise RuntimeError
    assert storage.get("api", "t", "a") is None and storage.idempotency_get("api", "t", "k") is None
    assert storage.next_value("api", "t", "n") == 1 and storage.next_value("api", "t", "n") == 2


def test_slice_page_walks_in_memory_lists() -> None:
    items = [{"id": str(n)} for n in range(5)]
    assert slice_page(items, "id", PageRequest(limit=2)) == (items[:2], True)
    assert slice_page(items, "id", PageRequest(limit=2, after=Cursor("1"))) == (items[2:4], True)
    assert slice_page(items, "id", PageRequest(limit=2, before=Cursor("4"))) == (items[2:4], True)
    assert slice_page(items, "id", PageRequest(limit=9, after=Cursor("3"))) == (items[4:], False)


@pytest.mark.parametrize(
    ("text", "seconds"), [("PT24H", 86400), ("P1D", 86400), ("PT90M", 5400), (None, 86400), ("bad", 86400)]
)
def test_retention(text: str | None, seconds: float) -> None:
    assert retention_seconds(text) == seconds


def test_sqlite_binds_integers_past_64_bits() -> None:
    # A schema without a maximum lets any integer through to a filter or an offset.
    storage = SqliteStorage(":memory:")
    storage.insert("api", "t", "a", 1, {"id": "a", "n": 5})
    assert storage.count("api", "t", [("/n", "<", 10**30)]) == 1
    assert storage.count("api", "t", [("/n", ">", -(10**400))]) == 1
    assert storage.count("api", "t", [("/n", "=", 2**64)]) == 0
    assert storage.page("api", "t", descending=True, limit=5, offset=10**30) == []
