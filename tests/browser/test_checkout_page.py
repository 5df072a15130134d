"""The buyer's checkout page in a real browser (Debian's chromium, driven by selenium).

The real server binary runs on loopback with a tenant whose checkout policy is the built-in
default plus a rule that requires a cost center. Covered: the Net-60 buyer sees no card and
the highlighted Net-60 option; an over-threshold invoice shows the approval notice; a missing
required field shows an error and creates nothing; a double submit creates one payment; an
expired link shows a clear page.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import socket
import sqlite3
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
REMIT_BIN = os.environ.get("REMIT_BIN", str(ROOT / ".build" / "debug" / "remit"))
KEY_PATTERN = re.compile(r"rmt_live_[a-z2-7]{52}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Remit:
    def __init__(self, workdir: str):
        self.database = f"{workdir}/remit.sqlite"
        self.key = KEY_PATTERN.search(subprocess.run([REMIT_BIN, "tenant", "create", "--name", "Acme Supplies", "--database", self.database],
                                                     capture_output=True, text=True, timeout=60, check=True).stdout).group(0)
        self.gateway_port, self.port = free_port(), free_port()
        self.gateway = subprocess.Popen([REMIT_BIN, "gateway-sim", "--port", str(self.gateway_port), "--data", f"{workdir}/gateway.sqlite"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.server = subprocess.Popen([REMIT_BIN, "serve", "--database", self.database, "--port", str(self.port),
                                        "--gateway-url", f"http://127.0.0.1:{self.gateway_port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError("remit did not become healthy")

    def call(self, method: str, path: str, body=None, status: int = 200) -> dict:
        headers = {"Authorization": f"Bearer {self.key}"}
        if method == "POST":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        response = requests.request(method, self.base + path, json=body, headers=headers, timeout=10)
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def stop(self):
        for process in (self.server, self.gateway):
            process.terminate()
            process.wait(timeout=15)


@pytest.fixture(scope="module")
def remit():
    with tempfile.TemporaryDirectory() as workdir:
        server = Remit(workdir)
        try:
            server.call("PUT", "/v1/custom_field_schema", {"fields": [
                {"key": "cost_center", "type": "string", "applies_to": ["payment"]},
                {"key": "department", "type": "string", "applies_to": ["invoice"]}]})
            rules = server.call("GET", "/v1/policies/checkout")["current"]["rules"]
            rules.append({"id": "cost-center", "description": "Every payment carries a cost center", "when": "true",
                          "then": [{"type": "require_fields", "fields": ["cost_center"]}]})
            server.call("PUT", "/v1/policies/checkout", {"rules": rules})
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,900"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def checkout(remit: Remit, total: int, department: str | None = None) -> dict:
    buyer = remit.call("POST", "/v1/buyers", {
        "name": f"Globex {uuid.uuid4().hex[:6]}", "country": "US", "currency": "USD",
        "credit_terms": {"net_days": 60, "credit_limit": 50_000_000},
        "departments": [{"code": "ENG", "name": "Engineering", "approval_threshold": 100_000}],
        "approvers": [{"id": "apr_cfo", "name": "Dana", "email": "dana@globex.example", "roles": ["cfo"]},
                      {"id": "apr_eng", "name": "Luis", "email": "luis@globex.example", "roles": ["department_head"], "department": "ENG"}]},
        status=201)
    fields = {"department": department} if department else {}
    invoice = remit.call("POST", "/v1/invoices", {"buyer_id": buyer["id"], "number": f"INV-{uuid.uuid4().hex[:6]}", "currency": "USD",
                                                  "custom_fields": fields, "lines": [{"description": "Widgets", "unit_amount": total}]},
                         status=201)
    session = remit.call("POST", "/v1/checkout_sessions", {"invoice_id": invoice["id"]}, status=201)
    return {"buyer": buyer, "invoice": invoice, "session": session}


def after_submit(browser, element_id: str):
    """The element of the page the form's submission leads to, once that page has loaded."""
    return WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.ID, element_id)))


def payments_of(remit: Remit, invoice_id: str) -> list:
    return remit.call("GET", f"/v1/payments?invoice_id={invoice_id}&limit=100")["data"]


def test_a_net_sixty_buyer_sees_no_card_and_the_highlighted_net_sixty_option(remit, browser):
    made = checkout(remit, 25_000)
    browser.get(made["session"]["buyer_url"])
    assert browser.find_elements(By.CSS_SELECTOR, "input[value=card]") == []
    assert browser.find_elements(By.CSS_SELECTOR, "input[value=rtp]") == []
    highlighted = browser.find_element(By.CSS_SELECTOR, "label.method.highlighted")
    assert highlighted.get_attribute("data-method") == "net_terms"
    assert "Net-60 settlement" in highlighted.text and "Recommended" in highlighted.text
    assert "within your credit terms" in highlighted.text
    assert browser.find_element(By.CSS_SELECTOR, "input[value=net_terms]").is_selected()
    # The recommended option comes first, and the page fits a phone's width.
    assert browser.find_elements(By.CSS_SELECTOR, "label.method")[0].get_attribute("data-method") == "net_terms"
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert browser.find_element(By.CSS_SELECTOR, "label[for='field-cost_center']").text.startswith("Cost center")


def test_an_invoice_over_the_threshold_shows_the_approval_notice(remit, browser):
    made = checkout(remit, 250_000, department="ENG")
    browser.get(made["session"]["buyer_url"])
    notice = browser.find_element(By.ID, "approval-notice")
    assert "approval of 2 approvers" in notice.text


def test_a_missing_required_field_shows_an_error_and_creates_nothing(remit, browser):
    made = checkout(remit, 30_000)
    browser.get(made["session"]["buyer_url"])
    browser.find_element(By.ID, "confirm").click()
    error = browser.find_element(By.ID, "error")
    assert error.is_displayed() and "Cost center" in error.text
    assert browser.find_element(By.ID, "field-cost_center").get_attribute("aria-invalid") == "true"
    assert payments_of(remit, made["invoice"]["id"]) == []
    # Without the page's script, the server refuses it too and shows why.
    response = requests.post(made["session"]["buyer_url"], data={"method": "net_terms"}, timeout=10)
    assert response.status_code == 422 and "Cost center" in response.text
    assert payments_of(remit, made["invoice"]["id"]) == []
    assert remit.call("GET", f"/v1/checkout_sessions/{made['session']['id']}")["status"] == "open"


def test_a_double_submit_creates_one_payment(remit, browser):
    made = checkout(remit, 40_000)
    browser.get(made["session"]["buyer_url"])
    browser.find_element(By.ID, "field-cost_center").send_keys("CC-104")
    button = browser.find_element(By.ID, "confirm")
    browser.execute_script("arguments[0].click(); arguments[0].click();", button)
    confirmation = after_submit(browser, "confirmation")
    assert "Thank you" in confirmation.text
    payment_id = browser.find_element(By.ID, "payment-id").text
    # A second form post (a reload that re-submits, another tab) makes no second payment.
    again = requests.post(made["session"]["buyer_url"], data={"method": "net_terms", "field.cost_center": "CC-104"}, timeout=10)
    assert again.status_code == 200 and payment_id in again.text
    browser.refresh()
    assert after_submit(browser, "payment-id").text == payment_id
    payments = payments_of(remit, made["invoice"]["id"])
    assert [payment["id"] for payment in payments] == [payment_id]
    assert payments[0]["method"] == "net_terms" and payments[0]["custom_fields"] == {"cost_center": "CC-104"}


def test_an_expired_link_shows_a_clear_page(remit, browser):
    made = checkout(remit, 20_000)
    with sqlite3.connect(remit.database) as connection:
        secret = connection.execute("SELECT value FROM secrets WHERE name = 'checkout_links'").fetchone()[0]
    expired = int(time.time()) - 60
    payload = f"{made['session']['id']}.{expired}"
    mac = base64.urlsafe_b64encode(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    browser.get(f"{remit.base}/checkout/{payload}.{mac}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "This checkout link has expired"
    assert requests.get(f"{remit.base}/checkout/{payload}.{mac}", timeout=10).status_code == 410
    tampered = made["session"]["buyer_url"][:-2] + "xx"
    assert requests.get(tampered, timeout=10).status_code == 404


def test_signal_in_decision_changes_page_shows_it_confirm_and_the_run_waits_for_the_injected_approval(remit, browser):
    # A buyer whose credit limit is too small for net terms, an invoice over its department's
    # approval threshold: the page first offers card and no recommendation.
    made = checkout(remit, 250_000, department="ENG")
    buyer = made["buyer"]
    source = remit.call("POST", "/v1/signal_sources", {"name": "Globex ERP"}, status=201)
    tight = {"type": "credit_terms.updated", "data": {"buyer_id": buyer["id"], "net_days": 60, "credit_limit": 1}}
    send(remit, source, tight)
    browser.get(made["session"]["buyer_url"])
    assert browser.find_elements(By.CSS_SELECTOR, "input[value=card]") != []
    assert browser.find_elements(By.CSS_SELECTOR, "label.method.highlighted") == []
    # The ERP raises the limit: the session is re-decided, and the page shows net terms first.
    signal = send(remit, source, {"type": "credit_terms.updated", "data": {"buyer_id": buyer["id"], "net_days": 60, "credit_limit": 90_000_000}})
    assert signal["changes"]["checkout_sessions_redecided"] == [made["session"]["id"]]
    browser.refresh()
    assert browser.find_elements(By.CSS_SELECTOR, "input[value=card]") == []
    assert browser.find_element(By.CSS_SELECTOR, "label.method.highlighted").get_attribute("data-method") == "net_terms"
    assert "approval of 2 approvers" in browser.find_element(By.ID, "approval-notice").text
    browser.find_element(By.ID, "field-cost_center").send_keys("CC-7")
    browser.find_element(By.ID, "confirm").click()
    payment_id = after_submit(browser, "payment-id").text
    assert "waiting for your company's approval" in browser.find_element(By.ID, "confirmation").text
    payment = remit.call("GET", f"/v1/payments/{payment_id}")
    assert payment["status"] == "awaiting_approval" and payment["method"] == "net_terms"
    run = remit.call("GET", f"/v1/runs/{payment['run_id']}")
    assert any(entry["node"].startswith("policy_approval_") for entry in run["journal"]), run["journal"]
    pending = remit.call("GET", "/v1/approvals?status=pending&limit=100")["data"]
    assert sorted(a["approver_id"] for a in pending if a["payment_id"] == payment_id) == ["apr_cfo", "apr_eng"]


def send(remit: Remit, source: dict, body: dict) -> dict:
    """Posts a signal signed per Standard Webhooks with the source's secret."""
    payload = json.dumps(body)
    msg_id, timestamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
    key = base64.b64decode(source["secret"].removeprefix("whsec_"))
    signature = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.{payload}".encode(), hashlib.sha256).digest()).decode()
    response = requests.post(remit.base + source["url"], data=payload, timeout=10, headers={
        "content-type": "application/json", "webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": f"v1,{signature}"})
    assert response.status_code == 200, response.text
    return response.json()
