"""Stripe wiring through the real binary: `remit serve` with a Stripe key and webhook secret from
the environment, `POST /v1/stripe/webhook` signed as Stripe signs, and net-terms payments.

Every response is validated against the OpenAPI document, as in test_openapi_conformance.py.

    REMIT_BIN=.build/debug/remit .venv-api/bin/pytest -q tests/api/test_stripe_webhook.py
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

from test_openapi_conformance import NO_AUTH, REMIT_BIN, Client, buyer_body, free_port, invoice_body, running_server
from test_openapi_conformance import openapi as openapi  # noqa: F401  (fixture)
from test_openapi_conformance import spec_dict as spec_dict  # noqa: F401  (fixture)

WEBHOOK_SECRET = "whsec_pytest_secret"


def stripe_environment() -> dict:
    return {**os.environ, "REMIT_STRIPE_SECRET_KEY": "sk_test_pytest", "REMIT_STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET}


@pytest.fixture(scope="session")
def server():
    # Nothing listens on the discard port: no test here charges anything.
    with running_server(["--stripe-api-base", "http://127.0.0.1:9"], env=stripe_environment(), prefix="remit-stripe-test-") as server:
        yield server


@pytest.fixture(scope="session")
def api(server, openapi, spec_dict) -> Client:  # noqa: F811
    return Client(server, openapi, spec_dict, server.key)


def signed(payload: bytes, timestamp: int | None = None, secret: str = WEBHOOK_SECRET) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def event(event_id: str, payment_id: str, kind: str = "payment_intent.succeeded", amount: int = 5000) -> bytes:
    return json.dumps({"id": event_id, "object": "event", "type": kind, "created": int(time.time()), "livemode": False,
                       "data": {"object": {"id": "pi_pytest", "object": "payment_intent", "amount": amount, "currency": "usd",
                                           "status": "succeeded", "metadata": {"payment_id": payment_id}}}}).encode()


def deliver(api: Client, payload: bytes, signature: str | None, **expect) -> requests.Response:
    headers = {} if signature is None else {"Stripe-Signature": signature}
    return api.call("POST", "/v1/stripe/webhook", data=payload, key=NO_AUTH, headers=headers, **expect)


def test_a_signed_event_for_an_unknown_payment_is_acknowledged_once(api):
    payload = event(f"evt_{uuid.uuid4().hex}", "pay_unknown")
    first = deliver(api, payload, signed(payload), status=200).json()
    assert first["status"] == "unmatched" and first["duplicate"] is False and first["payment_id"] == "pay_unknown"
    again = deliver(api, payload, signed(payload), status=200).json()
    assert again["duplicate"] is True and again["status"] == "unmatched" and again["id"] == first["id"]


def test_other_event_types_are_ignored(api):
    payload = json.dumps({"id": f"evt_{uuid.uuid4().hex}", "object": "event", "type": "customer.created",
                          "data": {"object": {}}}).encode()
    assert deliver(api, payload, signed(payload), status=200).json()["status"] == "ignored"


@pytest.mark.parametrize("case", ["tampered", "wrong_secret", "stale", "future", "missing", "v0_only"])
def test_a_bad_signature_is_refused_and_stores_nothing(api, case):
    event_id = f"evt_{uuid.uuid4().hex}"
    payload = event(event_id, "pay_unknown")
    now = int(time.time())
    signature = {
        "tampered": signed(payload + b" "),
        "wrong_secret": signed(payload, secret="whsec_other"),
        "stale": signed(payload, now - 301),
        "future": signed(payload, now + 301),
        "missing": None,
        "v0_only": signed(payload).replace("v1=", "v0="),
    }[case]
    deliver(api, payload, signature, status=401, code="unauthorized")
    # The genuine event afterwards is new: nothing was stored for the refused one.
    assert deliver(api, payload, signed(payload), status=200).json()["duplicate"] is False


def test_a_verified_body_that_is_not_an_event_is_a_bad_request(api):
    payload = b'{"hello": "world"}'
    deliver(api, payload, signed(payload), status=400, code="invalid_request")


def test_a_net_terms_payment_waits_and_settle_method_is_checked(api):
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(), idem=str(uuid.uuid4()), status=201).json()
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=str(uuid.uuid4()), status=201).json()
    api.call("POST", "/v1/payments", body={"invoice_id": invoice["id"], "method": "wire", "settle_method": "ach_debit"},
             idem=str(uuid.uuid4()), status=422, code="validation_failed")
    api.call("POST", "/v1/payments", body={"invoice_id": invoice["id"], "method": "card", "stripe_payment_method": "card_1"},
             idem=str(uuid.uuid4()), status=422, code="validation_failed")
    payment = api.call("POST", "/v1/payments", body={"invoice_id": invoice["id"], "method": "net_terms", "settle_method": "ach_debit",
                                                      "stripe_payment_method": "pm_usBankAccount_success"},
                       idem=str(uuid.uuid4()), status=201).json()
    assert payment["status"] == "waiting" and payment["method"] == "net_terms"
    # A Stripe event for it while it waits changes nothing.
    payload = event(f"evt_{uuid.uuid4().hex}", payment["id"], amount=payment["amount"])
    assert deliver(api, payload, signed(payload), status=200).json()["status"] == "no_effect"
    assert api.call("GET", f"/v1/payments/{payment['id']}", status=200).json()["status"] == "waiting"


def test_a_webhook_secret_without_a_key_is_refused_at_start_up():
    env = {**os.environ, "REMIT_STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET}
    env.pop("REMIT_STRIPE_SECRET_KEY", None)
    workdir = tempfile.mkdtemp(prefix="remit-stripe-test-")
    try:
        result = subprocess.run([REMIT_BIN, "serve", "--database", os.path.join(workdir, "r.sqlite"), "--port", str(free_port())],
                                capture_output=True, text=True, timeout=60, env=env)
        assert result.returncode != 0
        assert "REMIT_STRIPE_WEBHOOK_SECRET needs REMIT_STRIPE_SECRET_KEY" in result.stderr + result.stdout
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
