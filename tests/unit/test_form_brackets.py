from __future__ import annotations

from urllib.parse import parse_qsl

from conformance.spec import form_brackets


def test_nested_objects_and_arrays_of_objects_use_brackets() -> None:
    body = {
        "customer": "cus_1",
        "metadata": {"order": "42", "note": "a&b=c"},
        "custom_fields": [{"name": "PO", "value": "7"}, {"name": "Ref", "value": "x y"}],
        "payment_settings": {"payment_method_types": ["card", "sepa_debit"]},
        "auto_advance": False,
        "footer": None,
    }
    pairs = parse_qsl(form_brackets.encode(body).decode(), keep_blank_values=True)
    assert pairs == [
        ("customer", "cus_1"),
        ("metadata[order]", "42"),
        ("metadata[note]", "a&b=c"),
        ("custom_fields[0][name]", "PO"),
        ("custom_fields[0][value]", "7"),
        ("custom_fields[1][name]", "Ref"),
        ("custom_fields[1][value]", "x y"),
        ("payment_settings[payment_method_types][0]", "card"),
        ("payment_settings[payment_method_types][1]", "sepa_debit"),
        ("auto_advance", "false"),
        ("footer", ""),
    ]


def test_unicode_survives() -> None:
    pairs = parse_qsl(form_brackets.encode({"description": "Łódź ☃ 日本"}).decode())
    assert pairs == [("description", "Łódź ☃ 日本")]


def test_non_object_bodies_are_sent_as_text() -> None:
    assert form_brackets.encode([1, 2]) == b"[1, 2]"
    assert form_brackets.encode(b"raw") == b"raw"
