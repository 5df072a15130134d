"""The remit binary as an operator runs it: start, serve, stop on SIGTERM/SIGINT, start again."""
import json
import os
import sqlite3
import re
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import requests

REMIT_BIN = os.environ.get("REMIT_BIN", str(Path(__file__).resolve().parents[2] / ".build/debug/remit"))
KEY_PATTERN = re.compile(r"rmt_live_[a-z2-7]{52}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(database: str, port: int, demo: bool, log_path: Path) -> subprocess.Popen:
    args = [REMIT_BIN, "serve", "--database", database, "--port", str(port)] + (["--demo"] if demo else [])
    return subprocess.Popen(args, stdout=log_path.open("ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def wait_healthy(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text(errors="replace")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError("remit did not become healthy within 30 s")


def stop(process: subprocess.Popen, sig: int) -> int:
    process.send_signal(sig)
    try:
        return process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()


def test_serve_stops_gracefully_and_its_data_survives_a_restart():
    with tempfile.TemporaryDirectory() as workdir:
        database = str(Path(workdir) / "remit.sqlite")
        log_path = Path(workdir) / "remit.log"
        port = free_port()
        first = start(database, port, demo=True, log_path=log_path)
        wait_healthy(port, first, log_path)
        key = KEY_PATTERN.search(log_path.read_text(errors="replace")).group(0)
        headers = {"Authorization": f"Bearer {key}"}
        before = requests.get(f"http://127.0.0.1:{port}/v1/invoices?limit=100", headers=headers, timeout=5).json()
        assert len(before["data"]) == 12
        assert stop(first, signal.SIGTERM) == 0

        second = start(database, port, demo=True, log_path=log_path)
        try:
            wait_healthy(port, second, log_path)
            after = requests.get(f"http://127.0.0.1:{port}/v1/invoices?limit=100", headers=headers, timeout=5).json()
            assert after == before
            assert "the demo was not seeded again" in log_path.read_text(errors="replace")
        finally:
            assert stop(second, signal.SIGINT) == 0
        log = log_path.read_text(errors="replace")
        # Structured lines: every log line is one JSON object.
        assert '"msg":"remit serving"' in log


def test_tenant_create_prints_a_working_key_once():
    with tempfile.TemporaryDirectory() as workdir:
        database = str(Path(workdir) / "remit.sqlite")
        created = subprocess.run([REMIT_BIN, "tenant", "create", "--name", "Acme Supplies", "--database", database],
                                 capture_output=True, text=True, timeout=60, check=True)
        keys = KEY_PATTERN.findall(created.stdout)
        assert len(keys) == 1
        port = free_port()
        log_path = Path(workdir) / "remit.log"
        server = start(database, port, demo=False, log_path=log_path)
        try:
            wait_healthy(port, server, log_path)
            ok = requests.get(f"http://127.0.0.1:{port}/v1/buyers", headers={"Authorization": f"Bearer {keys[0]}"}, timeout=5)
            assert ok.status_code == 200 and ok.json()["data"] == []
        finally:
            assert stop(server, signal.SIGTERM) == 0
        # Only the hash is stored: the key's text is nowhere in the database files.
        for path in Path(workdir).glob("remit.sqlite*"):
            assert keys[0].encode() not in path.read_bytes()


def test_cel_eval_prints_the_conformance_value_encoding_and_explains_parse_errors():
    ok = subprocess.run([REMIT_BIN, "cel", "eval", "invoice.amount > 5000 && 'card' in methods",
                         "--bindings", '{"invoice": {"amount": 7000}, "methods": ["card", "ach"]}'],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stdout.strip() == '{"bool":true}'
    bad = subprocess.run([REMIT_BIN, "cel", "eval", "1 + )"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    assert "1:5" in bad.stderr and "....^" in bad.stderr


def test_cel_conformance_runs_the_shipped_suite():
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "cel"
    files = sorted(str(path) for path in folder.glob("*.json"))
    assert len(files) == 15
    result = subprocess.run([REMIT_BIN, "cel", "conformance", *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "839 passed, 0 failed"


def test_workflow_validate_checks_a_definition_offline():
    with tempfile.TemporaryDirectory() as workdir:
        good = Path(workdir) / "good.json"
        good.write_text('{"name": "Settle", "definition": {"nodes": [{"id": "start", "type": "start"}, '
                        '{"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}], '
                        '"edges": [{"from": "start", "to": "pay"}, {"from": "pay", "to": "done", "on": "settled"}]}}')
        ok = subprocess.run([REMIT_BIN, "workflow", "validate", str(good)], capture_output=True, text=True, timeout=60)
        assert ok.returncode == 0 and ok.stdout.startswith("valid: workflow 'Settle' with 3 nodes")
        bad = Path(workdir) / "bad.json"
        bad.write_text('{"nodes": [{"id": "start", "type": "start"}, {"id": "pay", "type": "settle"}], '
                       '"edges": [{"from": "start", "to": "pay"}]}')
        refused = subprocess.run([REMIT_BIN, "workflow", "validate", str(bad)], capture_output=True, text=True, timeout=60)
        assert refused.returncode == 1 and refused.stdout.startswith("invalid:")
        assert "pay" in refused.stdout


def test_approval_links_use_the_public_url_and_a_bad_one_is_refused():
    with tempfile.TemporaryDirectory() as workdir:
        refused = subprocess.run([REMIT_BIN, "serve", "--database", f"{workdir}/x.sqlite", "--public-url", "ftp://remit.example.com"],
                                 capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "--public-url must be an http:// or https:// URL" in refused.stderr
        database = f"{workdir}/remit.sqlite"
        key = KEY_PATTERN.search(subprocess.run([REMIT_BIN, "tenant", "create", "--name", "Links", "--database", database],
                                                capture_output=True, text=True, timeout=60, check=True).stdout).group(0)
        port, log_path = free_port(), Path(workdir) / "remit.log"
        process = subprocess.Popen([REMIT_BIN, "serve", "--database", database, "--port", str(port),
                                    "--public-url", "https://pay.example.com/"],
                                   stdout=log_path.open("ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_healthy(port, process, log_path)
            base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {key}"}

            def post(path, body):
                response = requests.post(f"{base}{path}", json=body, timeout=10, headers={**headers, "Idempotency-Key": os.urandom(8).hex()})
                assert response.status_code == 201, response.text
                return response.json()

            buyer = post("/v1/buyers", {"name": "Globex", "country": "US", "currency": "USD",
                                        "credit_terms": {"net_days": 30, "credit_limit": 100000000},
                                        "approvers": [{"id": "apr_cfo", "name": "Dana", "email": "dana@globex.example", "roles": ["cfo"]}]})
            invoice = post("/v1/invoices", {"buyer_id": buyer["id"], "number": "INV-L1", "currency": "USD",
                                            "lines": [{"description": "Widgets", "unit_amount": 125000}]})
            post("/v1/workflows", {"name": "Sign first", "default": True, "definition": {
                "nodes": [{"id": "start", "type": "start"}, {"id": "sign", "type": "approval", "approvers": [{"role": "cfo"}]},
                          {"id": "done", "type": "end"}, {"id": "no", "type": "end", "result": "rejected"}],
                "edges": [{"from": "start", "to": "sign"}, {"from": "sign", "to": "done", "on": "approved"},
                          {"from": "sign", "to": "no", "on": "rejected"}]}})
            post("/v1/payments", {"invoice_id": invoice["id"], "method": "wire"})
            deadline, links = time.monotonic() + 20, []
            while not links and time.monotonic() < deadline:
                with sqlite3.connect(database) as connection:
                    links = [json.loads(row[0])["link"] for row in connection.execute("SELECT payload FROM outbox WHERE channel = 'email'")]
                time.sleep(0.1)
            assert len(links) == 1 and links[0].startswith("https://pay.example.com/approve/"), links
            page = requests.get(base + links[0].removeprefix("https://pay.example.com"), timeout=10)
            assert page.status_code == 200 and "INV-L1" in page.text
        finally:
            stop(process, signal.SIGTERM)
