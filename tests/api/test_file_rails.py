"""File rails through the real binary: every file Remit writes passes an external validator.

Payments with the payer's bank account settle by file: `ach_debit` into a NACHA file, checked
with `tests/validators/nacha_check.py` (achkit, from PyPI); `sepa_credit` into a pain.001.001.09
document, checked with `xmllint --schema` against the official XSD in
`../shared/specs/iso20022/`. A NACHA return file then reverses an ACH payment. Every response
is validated against the OpenAPI document (the `api` fixture of test_openapi_conformance).

    apt-get install -y libxml2-utils
    python3 -m venv .venv-api && .venv-api/bin/pip install -r tests/api/requirements.txt
    REMIT_BIN=.build/debug/remit .venv-api/bin/pytest -q tests/api -k file_rails
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from test_openapi_conformance import ROOT, api, buyer_body, invoice_body, new_key, openapi, server, spec_dict  # noqa: F401

PAIN001_XSD = Path(ROOT).parent / "shared" / "specs" / "iso20022" / "pain.001.001.09.xsd"
NACHA_CHECK = ROOT / "tests" / "validators" / "nacha_check.py"

BANK = {"bank": {
    "ach": {"immediate_origin": "091000019", "company_id": "1234567890", "company_name": "ACME SUPPLY CO",
            "odfi_routing": "091000019"},
    "sepa": {"iban": "DE89370400440532013000", "bic": "DEUTDEFF", "name": "Acme Supplies GmbH"},
}}
ACH_ACCOUNT = {"routing_number": "011401533", "account_number": "55501234", "account_type": "checking",
               "holder_name": "Northwind Traders"}
SEPA_ACCOUNT = {"iban": "GB82WEST12345698765432", "bic": "NWBKGB2L", "holder_name": "Northwind Traders Ltd"}


def settled_payment(api, currency: str, method: str, account: dict, lines: list | None = None) -> tuple[dict, dict]:
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(currency=currency), idem=new_key(), status=201).json()
    overrides = {"currency": currency, "custom_fields": {}}
    if lines is not None:
        overrides["lines"] = lines
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"], **overrides), idem=new_key(), status=201).json()
    created = api.call("POST", "/v1/payments", idem=new_key(), status=201,
                       body={"invoice_id": invoice["id"], "method": method, "bank_account": account}).json()
    assert "account_number" not in json.dumps(created) and "55501234" not in json.dumps(created)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        payment = api.call("GET", f"/v1/payments/{created['id']}", status=200).json()
        if payment["status"] not in ("processing", "waiting", "awaiting_approval"):
            break
        time.sleep(0.1)
    assert payment["status"] == "settled", json.dumps(payment)
    return payment, invoice


@pytest.fixture(scope="module")
def file_rail_payments(api):
    api.call("PUT", "/v1/settings", body=BANK, status=200)
    ach, ach_invoice = settled_payment(api, "USD", "ach_debit", ACH_ACCOUNT)
    ach_small, small_invoice = settled_payment(api, "USD", "ach_debit", dict(ACH_ACCOUNT, account_type="savings"),
                                               lines=[{"description": "Bolts", "unit_amount": 1}])
    sepa, sepa_invoice = settled_payment(api, "EUR", "sepa_credit", SEPA_ACCOUNT)
    return {"ach": [(ach, ach_invoice), (ach_small, small_invoice)], "sepa": [(sepa, sepa_invoice)]}


def all_rail_files(api) -> list[dict]:
    files, cursor = [], None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = api.call("GET", "/v1/rail_files", params=params, status=200).json()
        files += page["data"]
        if not page["has_more"]:
            return files
        cursor = page["next_cursor"]


def nacha_expectation(payment: dict, invoice: dict, trace: str, txn_code: int, sec: str = "CCD") -> dict:
    entry = {
        "trace_number": trace, "txn_code": txn_code, "routing": ACH_ACCOUNT["routing_number"],
        "account": ACH_ACCOUNT["account_number"], "amount_cents": payment["amount"],
        "id_number": payment["id"][-15:].upper(), "name": ACH_ACCOUNT["holder_name"].upper(), "addenda_count": 1,
        "invoices": [{"number": invoice["number"].upper(), "amount_cents": payment["amount"]}],
    }
    if sec == "CTX":
        # As many addenda as the 820 needs; it names the payer (the buyer) and the payee (the tenant).
        # A CTX entry's name area holds 16 characters; the 820 names the payer in full.
        entry |= {"addenda_count": None, "name": ACH_ACCOUNT["holder_name"][:16].upper(),
                  "payer": ACH_ACCOUNT["holder_name"].upper(), "payee": "ACME SUPPLY CO"}
    return {
        "entry_hash": int(ACH_ACCOUNT["routing_number"][:8]),
        "total_debit": payment["amount"], "total_credit": 0,
        "batches": [{"sec": sec, "service_class": 225, "company_id": "1234567890", "entries": [entry]}],
    }


def batch_sec(content: str) -> str:
    """The standard entry class of a one-batch NACHA file: positions 51-53 of its batch header."""
    return next(line for line in content.splitlines() if line.startswith("5"))[50:53]


def test_file_rails_every_file_passes_its_external_validator(api, file_rail_payments):
    if shutil.which("xmllint") is None:
        pytest.fail("xmllint is missing: apt-get install -y libxml2-utils")
    assert PAIN001_XSD.is_file(), PAIN001_XSD
    payments = {p["id"]: (p, i) for kind in file_rail_payments.values() for p, i in kind}
    files = all_rail_files(api)
    assert {f["payment_id"] for f in files} >= set(payments)
    workdir = Path(tempfile.mkdtemp(prefix="remit-rail-files-"))
    try:
        checked = {"nacha": 0, "pain.001.001.09": 0}
        for summary in files:
            file = api.call("GET", f"/v1/rail_files/{summary['id']}", status=200).json()
            assert file["format"] == summary["format"] and "content" not in summary
            path = workdir / file["id"]
            path.write_text(file["content"])
            if file["format"] == "pain.001.001.09":
                result = subprocess.run(["xmllint", "--noout", "--schema", str(PAIN001_XSD), str(path)],
                                        capture_output=True, text=True, timeout=60)
                assert result.returncode == 0, result.stderr
                assert f"<EndToEndId>{file['payment_id']}</EndToEndId>" in file["content"]
            else:
                assert file["format"] == "nacha"
                payment, invoice = payments[file["payment_id"]]
                txn = 27 if payment.get("bank_account", {}).get("account_type") == "checking" else 37
                expected = workdir / f"{file['id']}.expected.json"
                expected.write_text(json.dumps(nacha_expectation(payment, invoice, file["reference"], txn,
                                                                 sec=batch_sec(file["content"]))))
                result = subprocess.run([sys.executable, str(NACHA_CHECK), str(path), str(expected)],
                                        capture_output=True, text=True, timeout=120)
                assert result.returncode == 0, result.stdout + result.stderr
                assert file["reference"] == payment["rail_reference"]
            checked[file["format"]] += 1
        assert checked["nacha"] >= 2 and checked["pain.001.001.09"] >= 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_file_rails_a_ctx_tenant_writes_an_820_that_passes_both_validators(api):
    """A tenant whose ACH originator says `entry_class: CTX` sends its debits as CTX entries
    whose addenda carry an X12 820 naming the invoice, the amount paid and the buyer's PO."""
    ctx_bank = {"bank": dict(BANK["bank"], ach=dict(BANK["bank"]["ach"], entry_class="CTX"))}
    assert api.call("PUT", "/v1/settings", body=ctx_bank, status=200).json()["bank"]["ach"]["entry_class"] == "CTX"
    try:
        payment, invoice = settled_payment(api, "USD", "ach_debit", ACH_ACCOUNT)
    finally:
        assert api.call("PUT", "/v1/settings", body=BANK, status=200).json()["bank"]["ach"]["entry_class"] == "CCD"
    [summary] = api.call("GET", "/v1/rail_files", params={"payment_id": payment["id"]}, status=200).json()["data"]
    file = api.call("GET", f"/v1/rail_files/{summary['id']}", status=200).json()
    assert batch_sec(file["content"]) == "CTX"
    remittance = "".join(line[3:83] for line in file["content"].splitlines() if line.startswith("705")).rstrip()
    assert f"RMR*IV*{invoice['number'].upper()}*PI*{payment['amount'] // 100}." in remittance
    assert invoice["po_number"] and f"REF*PO*{invoice['po_number'].upper()}" in remittance
    workdir = Path(tempfile.mkdtemp(prefix="remit-ctx-"))
    try:
        (workdir / "file.ach").write_text(file["content"])
        (workdir / "expected.json").write_text(json.dumps(
            nacha_expectation(payment, invoice, file["reference"], 27, sec="CTX")))
        result = subprocess.run([sys.executable, str(NACHA_CHECK), str(workdir / "file.ach"), str(workdir / "expected.json")],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def return_file(original: str, trace: str) -> str:
    """The return file the payer's bank (RDFI 011401533) sends back to the ODFI for the entry
    `trace` with reason R01, written by hand from the NACHA record layouts so that it shares no
    code with Remit's own writer."""
    lines = original.splitlines()
    header = next(line for line in lines if line.startswith("1"))
    batch_header = next(line for line in lines if line.startswith("5"))
    entry = next(line for line in lines if line.startswith("6") and line[79:94] == trace)
    odfi, rdfi = "09100001", "01140153"
    amount = entry[29:39]
    return_trace = rdfi + "0000001"
    records = [
        "101 091000019 011401533" + header[23:33] + "A094101" + "ACME BANK".ljust(23) + "PAYER BANK".ljust(23) + " " * 8,
        "5225" + batch_header[4:63] + " " * 6 + batch_header[69:75] + " " * 3 + "1" + rdfi + "0000001",
        "626" + odfi + "9" + entry[12:29] + amount + entry[39:54] + entry[54:76] + "  " + "1" + return_trace,
        "799" + "R01" + trace + " " * 6 + entry[3:11] + " " * 44 + return_trace,
        "8225" + "000002" + f"{int(odfi):010d}" + amount.rjust(12, "0") + "0" * 12 + batch_header[40:50] + " " * 25 + rdfi + "0000001",
        "9" + "000001" + "000001" + "00000002" + f"{int(odfi):010d}" + amount.rjust(12, "0") + "0" * 12 + " " * 39,
    ]
    records += ["9" * 94] * (-len(records) % 10)
    for record in records:
        assert len(record) == 94, (len(record), record)
    return "\n".join(records) + "\n"


def test_file_rails_an_ach_return_reverses_the_payment_once(api, file_rail_payments):
    payment, invoice = file_rail_payments["ach"][0]
    files = api.call("GET", "/v1/rail_files", params={"payment_id": payment["id"]}, status=200).json()["data"]
    assert len(files) == 1
    original = api.call("GET", f"/v1/rail_files/{files[0]['id']}", status=200).json()["content"]
    text = return_file(original, payment["rail_reference"])
    first = api.call("POST", "/v1/ach_returns", data=text.encode(), content_type="text/plain", idem=new_key(), status=200).json()
    assert first["returned"] == 1 and first["unmatched"] == [], first
    assert first["returns"][0]["outcome"] == "returned" and first["returns"][0]["reason_code"] == "R01"
    returned = api.call("GET", f"/v1/payments/{payment['id']}", status=200).json()
    assert returned["status"] == "returned" and returned["failure_reason"].startswith("R01")
    owed = api.call("GET", f"/v1/invoices/{invoice['id']}", status=200).json()
    assert owed["status"] == "open" and owed["amount_remaining"] == invoice["total"]
    again = api.call("POST", "/v1/ach_returns", data=text.encode(), content_type="text/plain", idem=new_key(), status=200).json()
    assert again["returned"] == 0 and again["already_returned"] == 1
    events = api.call("GET", "/v1/events", params={"type": "payment.returned"}, status=200).json()["data"]
    assert [e["data"]["payment_id"] for e in events].count(payment["id"]) == 1


def test_file_rails_bad_return_files_and_accounts_are_refused(api, file_rail_payments):
    api.call("POST", "/v1/ach_returns", data=b"not a nacha file\n", content_type="text/plain", idem=new_key(),
             status=422, code="validation_failed")
    api.call("POST", "/v1/ach_returns", data=b"{}", content_type="application/json", idem=new_key(),
             status=415, code="unsupported_media_type")
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(currency="USD"), idem=new_key(), status=201).json()
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"], currency="USD", custom_fields={}), idem=new_key(),
                       status=201).json()
    refused = api.call("POST", "/v1/payments", idem=new_key(), status=422, code="validation_failed",
                       body={"invoice_id": invoice["id"], "method": "ach_debit"}).json()
    assert [e["field"] for e in refused["errors"]] == ["bank_account"]
    short = dict(ACH_ACCOUNT, account_number="123")
    refused = api.call("POST", "/v1/payments", idem=new_key(), status=422, code="validation_failed",
                       body={"invoice_id": invoice["id"], "method": "ach_debit", "bank_account": short}).json()
    assert [e["field"] for e in refused["errors"]] == ["bank_account.account_number"]
    api.call("GET", "/v1/rail_files/rf_doesnotexist", status=404, code="not_found")
