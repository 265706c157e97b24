"""Stripe's own conventions: bracket forms, tax rates and discounts as the read model shows them, search."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.spec import Spec, load_spec
from conformance.spec.extensions import ErrorMatch
from reference_server.adapters import stripe_search
from tests.server.server_client import FORM, ApiClient


@pytest.fixture
def stripe(specs: dict[str, Spec], http: httpx.Client, root: str) -> ApiClient:
    return ApiClient(specs["stripe"], http, root)


def _post_form(api: ApiClient, operation_id: str, form: str, **path: str) -> httpx.Response:
    headers = {"Content-Type": FORM} | api.idem_headers()
    return api.call(operation_id, content=form.encode(), headers=headers, path=path or None)


def _create(api: ApiClient, extra: str) -> httpx.Response:
    return _post_form(
        api, api.op("create"), "&".join(["customer=cus_Q3yRf2kVb8TnLp&currency=usd", extra][: 1 + bool(extra)])
    )


def test_a_plain_value_for_an_array_is_a_string_and_refused(stripe: ApiClient) -> None:
    # Only `a[0]=x` / `a[]=x` make arrays; `account_tax_ids=null` is the string "null".
    response = _create(stripe, "account_tax_ids=null")
    assert response.status_code == stripe.x.errors.validation.status
    assert "account_tax_ids" in response.text


@pytest.mark.parametrize(
    "form",
    [
        "discounts=",
        "default_tax_rates=",
        "shipping_cost[shipping_rate_data][display_name]=Ground&shipping_cost[shipping_rate_data][type]=fixed_amount"
        "&shipping_cost[shipping_rate_data][fixed_amount][amount]=500"
        "&shipping_cost[shipping_rate_data][fixed_amount][currency]=usd"
        "&shipping_cost[shipping_rate_data][fixed_amount][currency_options]=",
    ],
    ids=["unset-list", "unset-ids", "empty-object"],
)
def test_empty_values_are_unset_or_empty_containers(stripe: ApiClient, form: str) -> None:
    response = _create(stripe, form)
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["discounts"] == [] and record["default_tax_rates"] == []


def test_unsetting_a_list_on_update_empties_it(stripe: ApiClient) -> None:
    record = _create(stripe, "default_tax_rates[0]=txr_1").json()
    response = _post_form(stripe, stripe.op("update"), "default_tax_rates=", invoice=record["id"])
    assert response.status_code == 200 and response.json()["default_tax_rates"] == []


def test_metadata_keys_may_look_like_indexes(stripe: ApiClient) -> None:
    response = _create(stripe, "metadata[0]=zero&metadata[order_id]=6735")
    assert response.status_code == 200, response.text
    assert response.json()["metadata"] == {"0": "zero", "order_id": "6735"}


def test_tax_rate_ids_are_shown_as_tax_rate_objects(stripe: ApiClient) -> None:
    # Stripe's invoice (and line) show tax rates expanded, never as the ids a request names.
    record = _create(stripe, "default_tax_rates[0]=txr_1PCkJ2LkdIwHu7ixWm1Cq7Fz&default_tax_rates[1]=txr_2").json()
    assert record["default_tax_rates"] == [
        {"id": "txr_1PCkJ2LkdIwHu7ixWm1Cq7Fz", "object": "tax_rate"},
        {"id": "txr_2", "object": "tax_rate"},
    ]
    item = stripe.example(stripe.x.resource.add_line_example) | {"invoice": record["id"], "tax_rates": ["txr_3"]}
    line = stripe.call(stripe.op("add-line"), item).json()
    assert line["tax_rates"] == [{"id": "txr_3", "object": "tax_rate"}]


def test_credits_past_the_total_leave_nothing_due(stripe: ApiClient) -> None:
    record = _create(stripe, "").json()
    item = {"invoice": record["id"], "customer": record["customer"], "currency": "usd", "amount": -5000}
    assert stripe.call(stripe.op("add-line"), item).is_success
    shown = stripe.get(record["id"])
    assert shown["total"] == -5000 and shown["amount_due"] == 0 and shown["amount_remaining"] == 0


def test_requested_discounts_are_shown_by_discount_id(stripe: ApiClient) -> None:
    record = _create(stripe, "discounts[0][coupon]=SPRING24&discounts[1][promotion_code]=promo_1").json()
    assert [discount[:3] for discount in record["discounts"]] == ["di_", "di_"]


def test_preview_keeps_only_what_the_read_model_declares(stripe: ApiClient) -> None:
    # `subscription_details` asks for subscription changes; the invoice's own one holds only metadata.
    form = "customer=cus_1&currency=usd&subscription_details[proration_behavior]=none"
    form += "&subscription_details[items][0][price]=price_1&subscription_details[metadata]=x"
    response = _post_form(stripe, "createInvoicePreview", form)
    assert response.status_code == 200, response.text
    assert response.json()["subscription_details"] == {}


def _search(api: ApiClient, query: str) -> list[str]:
    response = api.call("searchInvoices", query={"query": query, "limit": 100})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


def test_search_understands_the_query_language(stripe: ApiClient) -> None:
    small = _create(stripe, "metadata[order_id]=A-100&description=Workshop").json()
    large = _create(stripe, "metadata[order_id]=B-200").json()
    item = stripe.example(stripe.x.resource.add_line_example) | {"invoice": large["id"], "quantity": 4}
    assert stripe.call(stripe.op("add-line"), item).is_success
    both = {small["id"], large["id"]}
    assert set(_search(stripe, "metadata['order_id']:'A-100' OR metadata['order_id']:'B-200'")) == both
    assert _search(stripe, "status:'draft' AND total>1000") == [large["id"]]
    assert _search(stripe, "-total>=1 AND metadata['order_id']~'100'") == [small["id"]]
    assert _search(stripe, "description:null") == [large["id"]]
    assert set(_search(stripe, 'currency:"USD"')) == both


@pytest.mark.parametrize(
    "query", ["0", "status:'open' AND total>1 OR currency:'usd'", "total>'abc'", "status:'a' " + "AND x:1 " * 10]
)
def test_search_refuses_what_is_not_the_language(stripe: ApiClient, query: str) -> None:
    response = stripe.call("searchInvoices", query={"query": query})
    assert response.status_code == stripe.x.errors.validation.status


@pytest.mark.parametrize("page", ["\u00a9", "WzE3MTUx", "not base64 at all"])
def test_a_page_token_never_issued_names_no_page(stripe: ApiClient, page: str) -> None:
    response = stripe.call("searchInvoices", query={"query": "status:'draft'", "page": page})
    errors = stripe.x.errors
    stripe.assert_error(response, ErrorMatch(errors.validation.status, errors.not_found.body))


def _query_pattern() -> str:
    spec = load_spec("stripe")
    return str(spec.deref(spec.document["components"]["parameters"]["SearchQuery"])["schema"]["pattern"])


@settings(max_examples=40, deadline=None)
@given(text=st.from_regex(_query_pattern(), fullmatch=True))
def test_every_query_the_spec_pattern_admits_is_understood(text: str) -> None:
    # The suite generates queries from that pattern: none of them may be refused as a syntax error.
    stripe_search.parse(text)


def test_preview_item_with_an_emptied_price_takes_its_unit_amount(stripe: ApiClient) -> None:
    # Found by the suite: `price=` decodes to null, and the line's price.unit_amount then had no parent.
    form = "customer=cus_1&currency=usd&invoice_items[0][price]=&invoice_items[0][unit_amount]=5"
    response = _post_form(stripe, "createInvoicePreview", form)
    assert response.status_code == 200, response.text
    assert response.json()["lines"]["data"][0]["price"]["unit_amount"] == 5
