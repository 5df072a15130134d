"""Events, Slack alerts and approval emails leave the real server through its outbox.

Starts `remit gateway-sim` and `remit serve --allow-loopback-urls` as processes, points the
tenant's webhook and Slack URLs at a receiver in this test, pays an invoice through a workflow
with a Slack alert, and verifies every delivered webhook with the PyPI reference
implementation of Standard Webhooks (`standardwebhooks`).
"""
import json
import re
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from standardwebhooks.webhooks import Webhook

REMIT_BIN = __import__("os").environ.get("REMIT_BIN", str(Path(__file__).resolve().parents[2] / ".build/debug/remit"))
KEY_PATTERN = re.compile(r"rmt_live_[a-z2-7]{52}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver(ThreadingHTTPServer):
    """Records every POST: path, headers and body."""

    def __init__(self):
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def wait_for(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def post(base, key, path, body):
    return requests.post(f"{base}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {key}", "Idempotency-Key": str(uuid.uuid4())})


def test_webhooks_are_signed_per_standard_webhooks_and_slack_gets_the_alert():
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hooks = f"http://127.0.0.1:{receiver.server_address[1]}"
    with tempfile.TemporaryDirectory() as workdir:
        gateway_port, port = free_port(), free_port()
        gateway = subprocess.Popen([REMIT_BIN, "gateway-sim", "--port", str(gateway_port), "--data", f"{workdir}/gateway.sqlite"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        database = f"{workdir}/remit.sqlite"
        key = KEY_PATTERN.search(subprocess.run([REMIT_BIN, "tenant", "create", "--name", "Hooks", "--database", database],
                                                capture_output=True, text=True, timeout=60, check=True).stdout).group(0)
        server = subprocess.Popen([REMIT_BIN, "serve", "--database", database, "--port", str(port), "--allow-loopback-urls",
                                   "--gateway-url", f"http://127.0.0.1:{gateway_port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            assert wait_for(lambda: _healthy(base))
            settings = requests.put(f"{base}/v1/settings", timeout=10, headers={"Authorization": f"Bearer {key}"},
                                    json={"webhook_url": f"{hooks}/events", "slack_webhook_url": f"{hooks}/slack"})
            assert settings.status_code == 200, settings.text
            secret = settings.json()["webhook_secret"]
            assert secret.startswith("whsec_")
            assert "webhook_secret" not in requests.get(f"{base}/v1/settings", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()

            buyer = post(base, key, "/v1/buyers", {"name": "Globex", "country": "US", "currency": "USD",
                                                   "credit_terms": {"net_days": 30, "credit_limit": 100000000}}).json()
            invoice = post(base, key, "/v1/invoices", {"buyer_id": buyer["id"], "number": "INV-H1", "currency": "USD",
                                                       "lines": [{"description": "Widgets", "unit_amount": 125000}]}).json()
            workflow = post(base, key, "/v1/workflows", {"name": "Alert and settle", "default": True, "definition": {
                "nodes": [{"id": "start", "type": "start"},
                          {"id": "alert", "type": "notify", "channel": "slack", "template": "Paying {{invoice.number}}: {{payment.amount}}"},
                          {"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}],
                "edges": [{"from": "start", "to": "alert"}, {"from": "alert", "to": "pay"}, {"from": "pay", "to": "done", "on": "settled"}]}})
            assert workflow.status_code == 201, workflow.text
            payment = post(base, key, "/v1/payments", {"invoice_id": invoice["id"], "method": "ach_credit"}).json()

            def event_types():
                return {json.loads(body)["type"] for path, _, body in receiver.received if path == "/events"}

            assert wait_for(lambda: "payment.settled" in event_types()), event_types()
            assert {"run.started", "payment.settled"} <= event_types()
            verifier = Webhook(secret)
            seen_ids = set()
            for path, headers, body in receiver.received:
                if path != "/events":
                    continue
                verified = verifier.verify(body, {"webhook-id": headers["webhook-id"], "webhook-timestamp": headers["webhook-timestamp"],
                                                  "webhook-signature": headers["webhook-signature"]})
                assert verified["data"]["payment_id"] == payment["id"]
                seen_ids.add(headers["webhook-id"])
            assert len(seen_ids) == len([r for r in receiver.received if r[0] == "/events"])
            slack = [json.loads(body) for path, _, body in receiver.received if path == "/slack"]
            assert slack == [{"text": "Paying INV-H1: 125000"}]
        finally:
            for process in (server, gateway):
                process.terminate()
                process.wait(timeout=15)
            receiver.shutdown()


def _healthy(base):
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False
