from __future__ import annotations

import base64

from conformance.transport.redact import REDACTED, Redactor


def test_keys_and_their_basic_encoding_are_scrubbed() -> None:
    redactor = Redactor(["sk_test_abc123"], ["sk_test_", "sk_live_"])
    basic = base64.b64encode(b"sk_test_abc123:").decode()
    text = f"curl -H 'Authorization: Basic {basic}' -d key=sk_test_abc123 and sk_live_zzz9 and fl_test_q1"
    cleaned = redactor.text(text)
    assert "abc123" not in cleaned and basic not in cleaned and "zzz9" not in cleaned and "q1" not in cleaned
    assert cleaned.count(REDACTED) == 4


def test_sensitive_headers_are_replaced_whole() -> None:
    redactor = Redactor(["k"], [])
    assert redactor.headers({"Authorization": "Bearer x", "Cookie": "a=b", "X-Ok": "fine"}) == {
        "Authorization": REDACTED,
        "Cookie": REDACTED,
        "X-Ok": "fine",
    }
