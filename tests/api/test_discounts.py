"""Early-payment discounts through the real binary, every response checked against the OpenAPI
document (the `api` fixture of test_openapi_conformance).

A "2/10" buyer checking out an invoice issued today is shown, and charged, 2% less; once the
payment settles the invoice is paid in full and the ledger holds the discount in
`early_payment_discounts`.

    REMIT_BIN=.build/debug/remit .venv-api/bin/pytest -q tests/api -k discount
"""

from __future__ import annotations

import datetime
import time

from test_openapi_conformance import api, buyer_body, invoice_body, new_key, openapi, server, spec_dict  # noqa: F401


def balance(api, code: str, currency: str = "EUR") -> int:
    """The balance of the account `code` in `currency` (every currency has its own)."""
    cursor, params = None, {"limit": "100"}
    while True:
        page = api.call("GET", "/v1/ledger/accounts", params=params | ({"cursor": cursor} if cursor else {}), status=200).json()
        for account in page["data"]:
            if account["code"] == code and account["currency"] == currency:
                return account["balance"]
        if not page["has_more"]:
            return 0
        cursor = page["next_cursor"]


def test_a_two_ten_buyer_paying_today_is_charged_two_percent_less_and_the_invoice_is_paid(api):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(), idem=new_key(), status=201).json()
    assert buyer["credit_terms"]["early_payment_discount"] == {"discount_bps": 200, "within_days": 10}
    invoice = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], lines=[{"description": "Servers", "unit_amount": 100_000}], tax_rate_bps=0, issue_date=today.isoformat())).json()
    assert invoice["total"] == 100_000
    discounts_before = balance(api, "early_payment_discounts")

    session = api.call("POST", "/v1/checkout_sessions", body={"invoice_id": invoice["id"]}, idem=new_key(), status=201).json()
    offered = [m["method"] for m in session["decision"]["methods"] if m["visibility"] != "hidden"]
    assert "wire" in offered, offered
    price = session["price"]
    assert price["amount"] == 100_000 and price["discount_amount"] == 2_000 and price["discount_source"] == "early_payment"
    assert price["amount_to_pay"] == 98_000
    assert price["early_payment_discount"] == {"bps": 200, "amount": 2_000,
                                               "pay_by": (today + datetime.timedelta(days=10)).isoformat()}

    confirmed = api.call("POST", f"/v1/checkout_sessions/{session['id']}/confirm", body={"method": "wire"}, idem=new_key(),
                         status=201).json()
    created = confirmed["payment"]
    assert (created["amount"], created["discount_amount"], created["surcharge_amount"], created["applied_amount"]) == (98_000, 2_000, 0, 100_000)

    deadline = time.monotonic() + 30
    payment = created
    while time.monotonic() < deadline and payment["status"] in ("processing", "waiting", "awaiting_approval"):
        time.sleep(0.1)
        payment = api.call("GET", f"/v1/payments/{created['id']}", status=200).json()
    assert payment["status"] == "settled", payment
    paid = api.call("GET", f"/v1/invoices/{invoice['id']}", status=200).json()
    assert paid["status"] == "paid" and paid["amount_paid"] == 100_000 and paid["amount_remaining"] == 0
    assert balance(api, f"receivable:{buyer['id']}") == 0
    assert balance(api, "early_payment_discounts") == discounts_before + 2_000
