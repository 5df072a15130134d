"""Crash test of Remit's durable payment workflows (issue 4, "Done when").

Starts the real binaries: `remit gateway-sim` (its own SQLite file, a fixed seed, latency,
declines, 503s and lost answers) and `remit serve` on SQLite or PostgreSQL. It drives payments
through a workflow with a condition, an approval, a wait and a settlement, approves the pending
approvals as they appear, and SIGKILLs the server at seeded random moments, restarting it each
time on the same database. Every client request is retried with its own `Idempotency-Key` until
it gets an answer, as a real integrator would. At the end it checks, from Remit's API, Remit's
database and the gateway's durable settlement log:

  * every payment exists once and reached a final state: settled, or failed because the gateway
    declined it (and the gateway holds that decline);
  * the gateway settled each settled payment exactly once, under the run's step key, for the
    payment's amount and with the reference Remit shows; it settled nothing else;
  * no payment settled twice: one `payment.settled` event, one settle `finished` entry, the
    invoice paid once;
  * every run's journal is consistent: positions 0..n-1 contiguous and equal to the run's
    journal length, the path follows the graph and the condition, each node finished once per
    visit, settle attempts numbered 1..n with a retry between each two, time never goes back.

A two-node variant runs two `remit serve` on one PostgreSQL database, SIGKILLs one while it holds
runs under lease, and checks that the other takes them over and finishes every run.

    REMIT_BIN=.build/debug/remit .venv-api/bin/pytest -s tests/crash

Environment: REMIT_BIN (the binary), REMIT_TEST_POSTGRES_URL (enables the PostgreSQL cases; a
fresh database is created through `psql` for each case), REMIT_CRASH_SEED, REMIT_CRASH_PAYMENTS,
REMIT_CRASH_KILLS, REMIT_CRASH_KEEP=1 (keep the work directory with the logs even on success).
See docs/crash-test.md.
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
REMIT_BIN = os.environ.get("REMIT_BIN", str(ROOT / ".build" / "debug" / "remit"))
POSTGRES_URL = os.environ.get("REMIT_TEST_POSTGRES_URL")
PSQL = shutil.which("psql")
SEED = int(os.environ.get("REMIT_CRASH_SEED", "20261129"))
PAYMENTS = int(os.environ.get("REMIT_CRASH_PAYMENTS", "80"))
KILLS = int(os.environ.get("REMIT_CRASH_KILLS", "24"))
KEEP = os.environ.get("REMIT_CRASH_KEEP") == "1"

# Amounts above this take the approval branch.
APPROVAL_THRESHOLD = 50_000
# How long a node holds a run it executes; a killed node's runs are taken over after it.
RUN_LEASE_MS = 3_000
STEP_BACKOFF_MS = 500
# Every attempt of a settlement meets a 503 with probability 0.15 (more with lost answers): with
# the default 5 attempts, about 1 payment in 5,000 exhausts them and fails without a decline,
# which the invariants below rightly count as a defect of the test's setup. 12 attempts put
# that below 1 in a billion, so every failure here is a decline.
STEP_ATTEMPTS_MAX = 12
# Seconds a server stays up between two kills (uniform), and down after one.
UPTIME_SECONDS = (0.3, 4.0)
DOWNTIME_SECONDS = (0.0, 0.3)
# Where a kill aims, after its random uptime: nowhere in particular; at a client POST in flight
# (killed 0-5 ms after it is sent); right after the gateway committed a charge (so the server
# may die before committing the settle step's result). At most AIM_SECONDS are spent aiming.
KILL_MODES = ["random", "client_post_in_flight", "gateway_just_charged"]
KILL_MODE_WEIGHTS = [2, 1, 1]
AIM_SECONDS = 3.0
# Share of kills that also kill the next process while it starts (within 150 ms of its launch).
STARTUP_KILL_SHARE = 0.15
# Bounds. A request retried across kills on PostgreSQL may wait out the 60 s idempotency claim
# of a request that died with its node.
REQUEST_DEADLINE_SECONDS = 180
FINAL_STATE_DEADLINE_SECONDS = 240
HEALTHY_DEADLINE_SECONDS = 60
GATEWAY_ARGS = ["--seed", "7", "--decline-rate", "0.08", "--error-rate", "0.15", "--lost-answer-rate", "0.2",
                "--lost-answer-hold-ms", "200", "--latency-ms-min", "10", "--latency-ms-max", "150"]
KEY_PATTERN = re.compile(r"rmt_live_[a-z0-9]+")
TENANT_PATTERN = re.compile(r"\((ten_[a-z0-9]+)\)")
FINAL_STATUSES = {"settled", "failed", "rejected", "cancelled"}

WORKFLOW = {
    "name": "Crash test: condition, approval, wait, settle",
    "default": True,
    "definition": {
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "big", "type": "condition", "expression": f"payment.amount > {APPROVAL_THRESHOLD}"},
            {"id": "sign", "type": "approval", "approvers": [{"role": "cfo"}], "quorum": 1},
            {"id": "pause", "type": "wait", "duration": "1s"},
            {"id": "pause_small", "type": "wait", "duration": "1s"},
            {"id": "pay", "type": "settle"},
            {"id": "done", "type": "end"},
            {"id": "refused", "type": "end", "result": "rejected"},
        ],
        "edges": [
            {"from": "start", "to": "big"},
            {"from": "big", "to": "sign", "on": "true"},
            {"from": "big", "to": "pause_small", "on": "false"},
            {"from": "sign", "to": "pause", "on": "approved"},
            {"from": "sign", "to": "refused", "on": "rejected"},
            {"from": "pause", "to": "pay"},
            {"from": "pause_small", "to": "pay"},
            # No 'failed' edge: a declined settlement fails the run with the decline as its reason.
            {"from": "pay", "to": "done", "on": "settled"},
        ],
    },
}


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Gateway:
    """`remit gateway-sim` on a free port with its own SQLite file."""

    def __init__(self, workdir: Path, args: list[str] | None = None):
        self.log_path = workdir / "gateway.log"
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [REMIT_BIN, "gateway-sim", "--port", "0", "--data", str(workdir / "gateway.sqlite"), "--log-format", "text",
             *(GATEWAY_ARGS if args is None else args)], stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL)
        line = self.process.stdout.readline().decode(errors="replace")
        match = re.search(r"gateway-sim listening on (http://\S+)", line)
        assert match, f"gateway-sim did not say where it listens: {line!r}\n{log_tail(self.log_path)}"
        self.url = match.group(1)
        # Keep draining standard output so the process never blocks on a full pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def new_charge_keys(self, offset: int) -> tuple[list[str], int]:
        """Keys of charges the gateway committed since `offset` of its log, and the new offset."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            chunk = log.read()
        end = chunk.rfind(b"\n") + 1
        keys = [match.group(1).decode() for line in chunk[:end].splitlines() if line.endswith(b"gateway charge")
                for match in [re.search(rb"charge\.idempotency_key=(\S+)", line)] if match]
        return keys, offset + end

    def wait_for_charge(self, timeout: float) -> list[str]:
        """Waits until the gateway commits a new charge; returns its key (empty on timeout)."""
        _, offset = self.new_charge_keys(0)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            keys, offset = self.new_charge_keys(offset)
            if keys:
                return keys
            time.sleep(0.001)
        return []

    def settlements(self) -> list[dict]:
        out, after = [], None
        while True:
            query = "limit=1000" + (f"&after={after}" if after is not None else "")
            page = requests.get(f"{self.url}/v1/settlements?{query}", timeout=10).json()
            out += page["data"]
            if not page["has_more"]:
                return out
            after = page["next_after"]

    def charges(self, idempotency_key: str) -> list[dict]:
        return requests.get(f"{self.url}/v1/charges", params={"idempotency_key": idempotency_key}, timeout=10).json()["data"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class Node:
    """One `remit serve` process that can be SIGKILLed and started again on the same database."""

    def __init__(self, name: str, database: str, gateway_url: str, workdir: Path):
        self.name = name
        self.database = database
        self.gateway_url = gateway_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def mark(self, text: str) -> None:
        """Writes a marker into the node's log (only while no process of this node runs)."""
        with self.log_path.open("ab") as log:
            log.write(f"===== crash test {time.strftime('%H:%M:%S')}: {text} =====\n".encode())

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None
        self.starts += 1
        self.mark(f"start #{self.starts} of {self.name}")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [REMIT_BIN, "serve", "--database", self.database, "--port", str(self.port), "--gateway-url", self.gateway_url,
                 "--log-format", "text", "--run-lease-ms", str(RUN_LEASE_MS), "--step-backoff-ms", str(STEP_BACKOFF_MS),
                 "--step-attempts-max", str(STEP_ATTEMPTS_MAX)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTHY_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode} while starting:\n{log_tail(self.log_path)}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError(f"{self.name} was not healthy within {HEALTHY_DEADLINE_SECONDS} s:\n{log_tail(self.log_path)}")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self, label: str = "") -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.mark(f"SIGKILL of {self.name}{label}")

    def stop(self) -> None:
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.mark(f"SIGTERM of {self.name}")

    def error_lines(self) -> list[str]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if len(line.split(" ", 2)) > 2 and line.split(" ", 2)[1] in ("error", "critical")]


def create_tenant(database: str) -> tuple[str, str]:
    out = subprocess.run([REMIT_BIN, "tenant", "create", "--name", "Crash test supplies", "--database", database],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    key, tenant = KEY_PATTERN.search(out), TENANT_PATTERN.search(out)
    assert key and tenant, f"unexpected output of 'remit tenant create': {out!r}"
    return key.group(0), tenant.group(1)


def verify_ledger(database: str) -> tuple[bool, str]:
    """`remit ledger verify` on the database: every transfer balances, stored balances equal the
    sum of the transfers, no constraint is broken. Run while the killed server is down."""
    result = subprocess.run([REMIT_BIN, "ledger", "verify", "--database", database],
                            capture_output=True, text=True, timeout=120)
    # The summary is on stdout; stderr carries logs (and the reason when it fails).
    return result.returncode == 0, result.stdout.strip() if result.returncode == 0 else (result.stdout + result.stderr).strip()


def check_ledger(api: "Api", payments: dict[str, dict]) -> list[str]:
    """The books agree with the payments: every receivable is its invoices' totals less what
    settled, the pending transfer of every settled payment is posted and of every declined one
    voided, and cash in transit holds what settled less the fees.

    Checkout discounts and surcharges need no term of their own: `amount_paid` counts a
    payment's applied amount (discount included), matching the receivable's credits (cash
    plus discount), and `amount` is what was charged into cash in transit (surcharge
    included)."""
    problems = []
    accounts = api.list_all("/v1/ledger/accounts")
    by_code = {account["code"]: account for account in accounts}
    transfers = api.list_all("/v1/ledger/transfers")
    by_client = {transfer["client_id"]: transfer for transfer in transfers}
    owed = collections.Counter()
    for payment in payments.values():
        invoice = api.get(f"/v1/invoices/{payment['invoice_id']}")
        owed[payment["buyer_id"]] += invoice["total"] - invoice["amount_paid"]
        pending = by_client.get(f"payment_initiated:{payment['id']}")
        expected = {"settled": "posted", "failed": "voided"}.get(payment["status"])
        if pending is None or pending["pending_state"] != expected:
            problems.append(f"{payment['id']} is {payment['status']} but its pending transfer is "
                            f"{pending['pending_state'] if pending else 'missing'}")
    for buyer, amount in owed.items():
        account = by_code.get(f"receivable:{buyer}")
        if account is None or account["balance"] != amount:
            problems.append(f"receivable of {buyer} is {account['balance'] if account else 'missing'}, invoices say {amount}")
    settled = sum(p["amount"] for p in payments.values() if p["status"] == "settled")
    fees = sum(t["legs"][0]["amount"] for t in transfers if t["client_id"].startswith("fee:"))
    in_transit = by_code.get("cash_in_transit", {}).get("balance", 0)
    if in_transit != settled - fees:
        problems.append(f"cash in transit is {in_transit}, settled payments less fees are {settled - fees}")
    return problems


# ---------------------------------------------------------------------------------------------
# Databases
# ---------------------------------------------------------------------------------------------


def psql(url: str, sql: str) -> list[list[str]]:
    result = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"psql failed: {result.stderr}"
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def fresh_postgres_database() -> tuple[str, str | None]:
    """A new database on the server of REMIT_TEST_POSTGRES_URL (and its name, to drop it), or
    the URL's own database when it cannot be created (the tenant is fresh either way)."""
    if PSQL is None:
        return POSTGRES_URL, None
    name = f"remit_crash_{uuid.uuid4().hex[:12]}"
    try:
        psql(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    except AssertionError:
        return POSTGRES_URL, None
    parts = urlsplit(POSTGRES_URL)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment)), name


def drop_postgres_database(name: str | None) -> None:
    if name is not None:
        psql(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def journal_positions(database: str, tenant: str) -> dict[str, tuple[int, int, int, int]]:
    """Per run: (journal_length, count of entries, min position, max position), from the database."""
    sql = ("SELECT r.id, r.journal_length, COUNT(j.position), COALESCE(MIN(j.position), -1), COALESCE(MAX(j.position), -1) "
           "FROM runs r LEFT JOIN run_journal j ON j.run_id = r.id WHERE r.tenant_id = '%s' "
           "GROUP BY r.id, r.journal_length" % tenant)
    if database.startswith("postgres"):
        if PSQL is None:
            return {}
        rows = psql(database, sql)
    else:
        with sqlite3.connect(database, timeout=30) as connection:
            rows = connection.execute(sql).fetchall()
    return {row[0]: tuple(int(value) for value in row[1:]) for row in rows}


# ---------------------------------------------------------------------------------------------
# The client: every request retried until it gets an answer, with the same Idempotency-Key
# ---------------------------------------------------------------------------------------------


class ApiError(AssertionError):
    pass


class Api:
    def __init__(self, nodes: list[Node], key: str, stop: threading.Event):
        self.nodes = nodes
        self.key = key
        self.stop = stop
        self.local = threading.local()
        self.lock = threading.Lock()
        self.stats = collections.Counter()
        self.in_flight = collections.Counter()
        # Notified whenever a POST is sent, for kills aimed at a request in flight.
        self.post_sent = threading.Condition(self.lock)

    def count(self, name: str) -> None:
        with self.lock:
            self.stats[name] += 1

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def base(self) -> str:
        live = [node for node in self.nodes if node.alive] or self.nodes
        return random.choice(live).url

    def request(self, method: str, path: str, body: dict | None = None, idempotency_key: str | None = None,
                deadline_seconds: float = REQUEST_DEADLINE_SECONDS) -> dict:
        headers = {"Authorization": f"Bearer {self.key}"}
        data = None
        if method == "POST":
            # The same bytes on every retry: a replay needs the same request.
            data = json.dumps(body if body is not None else {}, separators=(",", ":"), sort_keys=True).encode()
            headers["Content-Type"] = "application/json"
            headers["Idempotency-Key"] = idempotency_key
        deadline = time.monotonic() + deadline_seconds
        last = ""
        while time.monotonic() < deadline:
            kind = f"{method} {path.split('?')[0].split('/')[2] if path.count('/') >= 2 else path}"
            with self.lock:
                self.in_flight[kind] += 1
                if method == "POST":
                    self.post_sent.notify_all()
            try:
                response = self.session().request(method, self.base() + path, data=data, headers=headers, timeout=15)
            except requests.RequestException as error:
                refused = "refused" in repr(error)
                self.count(f"{method} retried: " + ("connection refused (server down)" if refused
                                                     else "connection cut (server killed mid-request)"))
                last = repr(error)
                time.sleep(0.1)
                continue
            finally:
                with self.lock:
                    self.in_flight[kind] -= 1
            if response.status_code in (200, 201):
                if response.headers.get("Idempotent-Replayed") == "true":
                    self.count(f"{method} replayed by idempotency key")
                return response.json()
            problem = response.json() if response.headers.get("Content-Type", "").startswith("application/problem+json") else {}
            if response.status_code >= 500:
                self.count(f"{method} retried: {response.status_code}")
            elif response.status_code == 409 and problem.get("code") == "idempotency_key_in_use":
                self.count(f"{method} retried: 409 idempotency_key_in_use")
                time.sleep(0.5)
            else:
                raise ApiError(f"{method} {path} (key {idempotency_key}) answered {response.status_code}: {response.text}")
            last = f"{response.status_code} {response.text[:300]}"
            time.sleep(0.1)
        raise ApiError(f"{method} {path} (key {idempotency_key}) got no answer within {deadline_seconds} s; last: {last}")

    def wait_for_post(self, timeout: float) -> bool:
        """Waits until a POST is sent (or one is in flight)."""
        with self.post_sent:
            if any(count > 0 for kind, count in self.in_flight.items() if kind.startswith("POST")):
                return True
            return self.post_sent.wait(timeout)

    def posts_in_flight(self) -> dict[str, int]:
        with self.lock:
            return {kind: count for kind, count in self.in_flight.items() if count > 0 and kind.startswith("POST")}

    def post(self, path: str, body: dict | None, key: str) -> dict:
        return self.request("POST", path, body, key)

    def get(self, path: str) -> dict:
        return self.request("GET", path)

    def list_all(self, path: str) -> list[dict]:
        out, cursor = [], None
        separator = "&" if "?" in path else "?"
        while True:
            page = self.get(f"{path}{separator}limit=100" + (f"&cursor={cursor}" if cursor else ""))
            out += page["data"]
            if not page["has_more"]:
                return out
            cursor = page["next_cursor"]


# ---------------------------------------------------------------------------------------------
# The scenario
# ---------------------------------------------------------------------------------------------


class Scenario:
    """The tenant's data and the threads that drive payments and approve them."""

    def __init__(self, api: Api, payments: int, seed: int, prefix: str):
        self.api = api
        self.prefix = prefix
        rng = random.Random(seed)
        # Half take the approval branch, half the direct one, in a seeded order.
        self.amounts = [rng.randint(APPROVAL_THRESHOLD + 1, 900_000) if i % 2 == 0 else rng.randint(1_000, APPROVAL_THRESHOLD)
                        for i in range(payments)]
        rng.shuffle(self.amounts)
        # Seconds each payment waits after its release, so requests are in flight at kills.
        self.jitter = [rng.uniform(0.0, 4.0) for _ in range(payments)]
        self.created: dict[int, dict] = {}
        self.approved: set[str] = set()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.buyer_id = ""

    def set_up(self) -> None:
        buyer = self.api.post("/v1/buyers", {
            "name": "Globex", "country": "US", "currency": "USD",
            "credit_terms": {"net_days": 30, "credit_limit": 100_000_000_000},
            "approvers": [{"name": "Dana Whitfield", "email": "dana@globex.example", "roles": ["cfo"]}],
        }, f"{self.prefix}-buyer")
        self.buyer_id = buyer["id"]
        workflow = self.api.post("/v1/workflows", WORKFLOW, f"{self.prefix}-workflow")
        assert workflow["default"] is True

    def drive(self, index: int, released: threading.Event) -> None:
        """Creates invoice `index` and pays it, once `released`."""
        try:
            while not released.wait(0.2):
                if self.api.stop.is_set():
                    return
            time.sleep(self.jitter[index])
            invoice = self.api.post("/v1/invoices", {
                "buyer_id": self.buyer_id, "number": f"CRASH-{index:04d}", "currency": "USD",
                "lines": [{"description": f"Crash test order {index}", "quantity": 1, "unit_amount": self.amounts[index]}],
            }, f"{self.prefix}-invoice-{index}")
            payment = self.api.post("/v1/payments", {"invoice_id": invoice["id"], "method": "ach_credit"},
                                    f"{self.prefix}-payment-{index}")
            with self.lock:
                self.created[index] = {"invoice": invoice, "payment": payment}
        except Exception as error:  # reported by the test
            with self.lock:
                self.errors.append(f"payment {index}: {error}")

    def approve_loop(self, stop: threading.Event) -> None:
        """Approves every pending approval as it appears, one Idempotency-Key per approval."""
        while not stop.is_set():
            try:
                for approval in self.api.list_all("/v1/approvals?status=pending"):
                    self.api.post(f"/v1/approvals/{approval['id']}/approve", {}, f"{self.prefix}-approve-{approval['id']}")
                    with self.lock:
                        self.approved.add(approval["id"])
            except Exception as error:
                with self.lock:
                    self.errors.append(f"approver: {error}")
                return
            stop.wait(0.2)


def open_payments(node: Node, key: str) -> int:
    """How many of the newest 100 payments are not final (sampled just before a kill)."""
    try:
        page = requests.get(f"{node.url}/v1/payments?limit=100", headers={"Authorization": f"Bearer {key}"}, timeout=5).json()
        return sum(1 for payment in page["data"] if payment["status"] not in FINAL_STATUSES)
    except (requests.RequestException, ValueError, KeyError):
        return -1


def charge_kill_report(node: Node, charges_at_kill: list[tuple[int, list[str]]]) -> dict:
    """For kills aimed just after a gateway charge: whether the killed process had logged the
    gateway's answer for that key before it died (if not, the settlement was ambiguous to Remit
    and had to be resolved by re-sending it under the same key after the restart)."""
    log = node.log_path.read_text(errors="replace")
    report = {"aimed": len(charges_at_kill), "charge_seen": 0, "answer_not_logged_before_kill": 0}
    for number, keys in charges_at_kill:
        if not keys:
            continue
        report["charge_seen"] += 1
        end = log.find(f"(kill {number} while serving) =====")
        line_start = log.rfind("\n", 0, max(end, 0)) + 1
        life = log[log.rfind("===== crash test", 0, line_start):line_start] if end > 0 else ""
        if any(f"rail.idempotency_key={key} " not in life for key in keys):
            report["answer_not_logged_before_kill"] += 1
    return report


def release_schedule(payments: int, kills: int) -> list[int]:
    """Payment i is released once `(kills - 2) * i / payments` kills are done, so new payments
    keep arriving through nearly all of the kills."""
    span = max(1, kills - 2)
    return [(span * i) // payments for i in range(payments)]


def wait_final(api: Api, scenario: Scenario, deadline_seconds: float) -> dict[str, dict]:
    deadline = time.monotonic() + deadline_seconds
    while True:
        payments = {p["id"]: p for p in api.list_all("/v1/payments")}
        pending = [p for p in payments.values() if p["status"] not in FINAL_STATUSES]
        if not pending and len(payments) >= len(scenario.created):
            return payments
        if time.monotonic() > deadline:
            return payments
        time.sleep(0.5)


# ---------------------------------------------------------------------------------------------
# The invariants
# ---------------------------------------------------------------------------------------------


def expected_path(amount: int, settled: bool) -> list[str]:
    path = ["start", "big"] + (["sign", "pause"] if amount > APPROVAL_THRESHOLD else ["pause_small"]) + ["pay"]
    return path + (["done"] if settled else [])


def check_journal(payment: dict, run: dict, positions: tuple[int, int, int, int] | None) -> list[str]:
    problems: list[str] = []
    pid, journal = payment["id"], run["journal"]
    say = lambda text: problems.append(f"{pid} / {run['id']}: {text}")  # noqa: E731
    settled = payment["status"] == "settled"
    if positions is not None:
        length, count, low, high = positions
        if not (count == length == len(journal) and low == (0 if count else -1) and high == count - 1):
            say(f"journal positions not contiguous: length {length}, {count} rows, positions {low}..{high}, API {len(journal)}")
    times = [entry["at"] for entry in journal]
    if times != sorted(times):
        say("journal time goes back")
    finished = [entry for entry in journal if entry["kind"] == "finished"]
    visits = collections.Counter((entry["node"], entry["visit"]) for entry in finished)
    twice = [key for key, count in visits.items() if count > 1]
    if twice:
        say(f"nodes finished twice in one visit: {twice}")
    path = [entry["node"] for entry in finished]
    if path != expected_path(payment["amount"], settled):
        say(f"path {path} is not {expected_path(payment['amount'], settled)}")
    big = [entry for entry in finished if entry["node"] == "big"]
    if big and big[0]["outcome"] != ("true" if payment["amount"] > APPROVAL_THRESHOLD else "false"):
        say(f"condition took {big[0]['outcome']} for amount {payment['amount']}")
    odd_votes = [entry["kind"] for entry in journal if entry["kind"] in ("duplicate_vote", "late_vote")]
    if odd_votes:
        say(f"a retried approval was counted again: {odd_votes}")
    for wait in ("sign", "pause", "pause_small"):
        waiting = [entry for entry in journal if entry["node"] == wait and entry["kind"] == "waiting"]
        if len(waiting) > 1:
            say(f"node {wait} entered {len(waiting)} times")
    started = [entry["attempt"] for entry in journal if entry["node"] == "pay" and entry["kind"] == "started"]
    retries = [entry for entry in journal if entry["node"] == "pay" and entry["kind"] == "retry_scheduled"]
    if started != list(range(1, len(started) + 1)) or len(retries) != max(0, len(started) - 1):
        say(f"settle attempts {started} with {len(retries)} retries scheduled")
    settle_results = [entry for entry in finished if entry["node"] == "pay"]
    if settled:
        wins = [entry for entry in settle_results if entry["outcome"] == "settled"]
        if len(wins) != 1 or len(settle_results) != 1:
            say(f"a settled payment has {len(wins)} settled and {len(settle_results)} settle results in its journal")
        elif (wins[0].get("detail") or {}).get("rail_reference") != payment["rail_reference"]:
            say(f"journal reference {wins[0].get('detail')} is not the payment's {payment['rail_reference']}")
        if not (run["status"] == "completed" and run["settled"] and journal[-1]["node"] == "done"):
            say(f"settled payment's run is {run['status']} (settled {run['settled']}), last entry {journal[-1]}")
    else:
        if [entry["outcome"] for entry in settle_results] != ["failed"]:
            say(f"a declined payment has settle results {[entry['outcome'] for entry in settle_results]}")
        if not (run["status"] == "failed" and not run["settled"] and journal[-1]["kind"] == "failed"):
            say(f"failed payment's run is {run['status']} (settled {run['settled']}), last entry {journal[-1]}")
    return problems


def check_everything(api: Api, scenario: Scenario, gateway: Gateway, payments: dict[str, dict],
                     positions: dict[str, tuple[int, int, int, int]]) -> tuple[list[str], dict]:
    problems: list[str] = list(scenario.errors)
    created = {entry["payment"]["id"]: index for index, entry in scenario.created.items()}
    if len(scenario.created) != len(scenario.amounts):
        problems.append(f"only {len(scenario.created)} of {len(scenario.amounts)} payments were created")
    if set(payments) != set(created):
        problems.append(f"Remit's payments {sorted(set(payments) - set(created))} were not created by the test; "
                        f"created but missing: {sorted(set(created) - set(payments))}")
    per_invoice = collections.Counter(payment["invoice_id"] for payment in payments.values())
    if any(count != 1 for count in per_invoice.values()):
        problems.append(f"invoices with several payments: {[k for k, v in per_invoice.items() if v != 1]}")
    statuses = collections.Counter(payment["status"] for payment in payments.values())

    settlements = gateway.settlements()
    by_payment = collections.defaultdict(list)
    for settlement in settlements:
        by_payment[settlement["payment_id"]].append(settlement)
    keys = collections.Counter(settlement["idempotency_key"] for settlement in settlements)
    if any(count > 1 for count in keys.values()):
        problems.append(f"the gateway's log repeats keys: {[k for k, v in keys.items() if v > 1]}")
    for payment_id, entries in by_payment.items():
        payment = payments.get(payment_id)
        if payment is None or payment["status"] != "settled":
            problems.append(f"the gateway settled {payment_id}, which Remit shows as "
                            f"{payment['status'] if payment else 'missing'}: {entries}")
        elif len(entries) != 1:
            problems.append(f"the gateway settled {payment_id} {len(entries)} times: {entries}")

    settled_events = collections.Counter(event["data"].get("payment_id")
                                         for event in api.list_all("/v1/events?type=payment.settled"))
    declines = journal_entries = 0
    for payment_id, payment in payments.items():
        run = api.get(f"/v1/runs/{payment['run_id']}")
        journal_entries += len(run["journal"])
        problems += check_journal(payment, run, positions.get(payment["run_id"]) if positions else None)
        if positions and payment["run_id"] not in positions:
            problems.append(f"{payment_id}: run {payment['run_id']} is not in the database query")
        invoice = api.get(f"/v1/invoices/{payment['invoice_id']}")
        step_key = f"{payment['run_id']}:pay:1"
        if payment["status"] == "settled":
            entries = by_payment.get(payment_id, [])
            if len(entries) != 1:
                problems.append(f"{payment_id} is settled in Remit but the gateway settled it {len(entries)} times")
            else:
                settlement = entries[0]
                if (settlement["idempotency_key"], settlement["amount"], settlement["rail_reference"]) != \
                        (step_key, payment["amount"], payment["rail_reference"]):
                    problems.append(f"{payment_id}: gateway settlement {settlement} does not match the payment {payment}")
            if settled_events[payment_id] != 1:
                problems.append(f"{payment_id}: {settled_events[payment_id]} payment.settled events")
            if invoice["amount_paid"] != payment["amount"]:
                problems.append(f"{payment_id}: invoice paid {invoice['amount_paid']}, payment {payment['amount']}")
        elif payment["status"] == "failed":
            declines += 1
            charges = gateway.charges(step_key)
            if "declined" not in (payment.get("failure_reason") or ""):
                problems.append(f"{payment_id} failed for another reason than a decline: {payment.get('failure_reason')}")
            if [charge["status"] for charge in charges] != ["declined"]:
                problems.append(f"{payment_id} failed but the gateway's charges under {step_key} are {charges}")
            if settled_events[payment_id] or invoice["amount_paid"] != 0:
                problems.append(f"{payment_id} failed but has {settled_events[payment_id]} payment.settled events and "
                                f"invoice paid {invoice['amount_paid']}")
        else:
            problems.append(f"{payment_id} ended {payment['status']} (run {payment.get('run')}): not a final state of this test")
    pending = api.list_all("/v1/approvals?status=pending")
    if pending:
        problems.append(f"{len(pending)} approvals still pending")
    figures = {
        "payments": len(payments), "statuses": dict(statuses), "gateway_settlements": len(settlements),
        "declined": declines, "approvals_approved": len(scenario.approved), "journal_entries": journal_entries,
    }
    return problems, figures


def settle_calls(nodes: list[Node]) -> dict:
    """How the settle step's calls to the gateway ended, from the servers' logs, and how many
    steps got a final answer (settled or declined) more than once: a step executed again after
    a kill or a takeover, which the gateway's idempotency turned into a replay."""
    outcomes, final_answers, by_node = collections.Counter(), collections.Counter(), collections.Counter()
    for node in nodes:
        for line in node.log_path.read_text(errors="replace").splitlines():
            if "gateway settle" in line:
                outcome = re.search(r"rail\.outcome=(\w+)", line)
                key = re.search(r"rail\.idempotency_key=(\S+)", line)
                outcomes[outcome.group(1) if outcome else "other"] += 1
                if outcome and key and outcome.group(1) in ("settled", "declined"):
                    final_answers[key.group(1)] += 1
                    by_node[node.name] += 1
    return {"by_outcome": dict(outcomes), "steps_answered_more_than_once": sum(1 for v in final_answers.values() if v > 1),
            "final_answers_by_node": dict(by_node)}


def finish(workdir: Path, problems: list[str], summary: dict, nodes: list[Node], gateway: Gateway) -> None:
    errors = collections.Counter()
    for node in nodes:
        for line in node.error_lines():
            errors[re.sub(r"\S+=\S+ ", "", line.split(" ", 2)[2])[:160]] += 1
    summary["server_error_log_lines"] = dict(errors)
    summary["settle_calls"] = settle_calls(nodes)
    summary["workdir"] = str(workdir)
    (workdir / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True))
    print("\ncrash test summary:\n" + "\n".join(f"  {name}: {json.dumps(value, sort_keys=True)}"
                                                for name, value in sorted(summary.items())))
    if problems:
        shown = "\n".join(problems[:60])
        raise AssertionError(f"{len(problems)} invariant violations (logs in {workdir}):\n{shown}")


@pytest.fixture
def workdir():
    if not os.access(REMIT_BIN, os.X_OK):
        pytest.fail(f"REMIT_BIN {REMIT_BIN} is not an executable; build it first (swift build)")
    help_text = subprocess.run([REMIT_BIN, "serve", "--help"], capture_output=True, text=True, timeout=60).stdout
    if "--run-lease-ms" not in help_text:
        pytest.fail(f"{REMIT_BIN} has no --run-lease-ms; rebuild it")
    path = Path(tempfile.mkdtemp(prefix="remit-crash-"))
    outcome = {"passed": False}
    yield path, outcome
    if outcome["passed"] and not KEEP:
        shutil.rmtree(path, ignore_errors=True)
    else:
        print(f"crash test files kept in {path}")


def database_for(backend: str, path: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return str(path / "remit.sqlite"), None
    if not POSTGRES_URL:
        pytest.fail("REMIT_TEST_POSTGRES_URL is not set; run scripts/test.sh, which starts PostgreSQL")
    return fresh_postgres_database()


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_payments_survive_sigkill_of_the_server(backend, workdir):
    path, outcome = workdir
    database, created_database = database_for(backend, path)
    began = time.monotonic()
    rng = random.Random(f"{SEED}-{backend}")
    gateway = Gateway(path)
    node = Node("remit", database, gateway.url, path)
    stop = threading.Event()
    try:
        key, tenant = create_tenant(database)
        node.start()
        node.wait_healthy()
        api = Api([node], key, stop)
        scenario = Scenario(api, PAYMENTS, SEED, prefix=f"crash-{uuid.uuid4().hex[:8]}")
        scenario.set_up()

        schedule = release_schedule(PAYMENTS, KILLS)
        releases = [threading.Event() for _ in range(PAYMENTS)]
        for index, threshold in enumerate(schedule):
            if threshold == 0:
                releases[index].set()
        kills = {"serving": 0, "starting": 0, "uptimes": [], "open_payments": [], "modes": collections.Counter(),
                 "charges_at_kill": [], "killer_error": None, "ledger_checks": 0, "ledger_failures": []}

        def killer() -> None:
            try:
                for number in range(1, KILLS + 1):
                    uptime = rng.uniform(*UPTIME_SECONDS)
                    mode = rng.choices(KILL_MODES, weights=KILL_MODE_WEIGHTS)[0]
                    time.sleep(uptime)
                    kills["open_payments"].append(open_payments(node, key))
                    hit = True
                    if mode == "client_post_in_flight":
                        hit = api.wait_for_post(AIM_SECONDS)
                        time.sleep(rng.uniform(0.0, 0.005))
                    elif mode == "gateway_just_charged":
                        charged = gateway.wait_for_charge(AIM_SECONDS)
                        hit = bool(charged)
                        kills["charges_at_kill"].append((number, charged))
                    node.kill(f" (kill {number} while serving)")
                    kills["modes"][mode + ("" if hit else " (missed, killed anyway)")] += 1
                    kills["serving"] += 1
                    kills["uptimes"].append(round(uptime, 2))
                    if rng.random() < STARTUP_KILL_SHARE:
                        node.start()
                        time.sleep(rng.uniform(0.0, 0.15))
                        node.kill()
                        kills["starting"] += 1
                    # The books balance after every kill, before the server comes back.
                    ok, report = verify_ledger(database)
                    kills["ledger_checks"] += 1
                    if not ok:
                        kills["ledger_failures"].append(f"after kill {number}: {report}")
                    time.sleep(rng.uniform(*DOWNTIME_SECONDS))
                    node.start()
                    node.wait_healthy()
                    for index, threshold in enumerate(schedule):
                        if threshold <= number:
                            releases[index].set()
            except Exception as error:
                kills["killer_error"] = repr(error)
            finally:
                for event in releases:
                    event.set()

        approver_stop = threading.Event()
        approver = threading.Thread(target=scenario.approve_loop, args=(approver_stop,), daemon=True)
        approver.start()
        kill_thread = threading.Thread(target=killer, daemon=True)
        kill_thread.start()
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(scenario.drive, index, releases[index]) for index in range(PAYMENTS)]
            kill_thread.join(timeout=KILLS * 30)
            assert not kill_thread.is_alive(), "the killer did not finish"
            kill_phase = time.monotonic() - began
            concurrent.futures.wait(futures, timeout=REQUEST_DEADLINE_SECONDS * 2 + 30)
        assert kills["killer_error"] is None, f"restarting the server failed: {kills['killer_error']}"
        if not node.alive:
            node.start()
            node.wait_healthy()
        drain_began = time.monotonic()
        payments = wait_final(api, scenario, FINAL_STATE_DEADLINE_SECONDS)
        drain = time.monotonic() - drain_began
        approver_stop.set()
        approver.join(timeout=30)
        # Read the journal positions from the database with the server stopped (SQLite) or
        # running (PostgreSQL), then check everything through a server again.
        if backend == "sqlite":
            node.stop()
            positions = journal_positions(database, tenant)
            node.start()
            node.wait_healthy()
        else:
            positions = journal_positions(database, tenant)
        problems, figures = check_everything(api, scenario, gateway, payments, positions)
        problems += kills["ledger_failures"] + check_ledger(api, payments)
        ledger_ok, ledger_report = verify_ledger(database)
        if not ledger_ok:
            problems.append(f"the ledger does not verify at the end: {ledger_report}")
        summary = {
            "case": backend, "seed": SEED, "kills_while_serving": kills["serving"], "kills_while_starting": kills["starting"],
            "server_starts": node.starts, "uptime_seconds_between_kills": kills["uptimes"],
            "unfinished_payments_at_each_kill": kills["open_payments"],
            "kills_by_aim": dict(kills["modes"]),
            "kills_right_after_a_gateway_charge": charge_kill_report(node, kills["charges_at_kill"]),
            "seconds_kill_phase": round(kill_phase, 1), "seconds_to_final_after_kills": round(drain, 1),
            "seconds_total": round(time.monotonic() - began, 1), "client_retries": dict(api.stats),
            "journal_positions_checked_in_database": len(positions), **figures,
            "ledger_verified_after_kills": kills["ledger_checks"], "ledger_at_end": ledger_report.splitlines()[-1],
        }
        if kills["serving"] < 20:
            problems.append(f"only {kills['serving']} kills")
        if len(payments) < 50:
            problems.append(f"only {len(payments)} payments")
        finish(path, problems, summary, [node], gateway)
        outcome["passed"] = True
    finally:
        stop.set()
        node.stop()
        gateway.stop()
        if outcome["passed"]:
            drop_postgres_database(created_database)


def leases(database: str, tenant: str) -> list[tuple[str, str, int]]:
    """Runs under an unexpired lease: (run id, owner, lease end in ms)."""
    now = int(time.time() * 1000)
    rows = psql(database, "SELECT id, lease_owner, lease_expires_at FROM runs WHERE tenant_id = '%s' "
                          "AND lease_owner IS NOT NULL AND lease_expires_at > %d" % (tenant, now))
    return [(row[0], row[1], int(row[2])) for row in rows]


def final_answers(node: Node) -> int:
    text = node.log_path.read_text(errors="replace")
    return len(re.findall(r"rail\.outcome=(?:settled|declined)", text))


def test_two_nodes_on_postgres_one_killed_the_other_finishes(workdir):
    """Node A starts alone (so the lease owner it writes is known to be A's), node B joins, both
    share the work, and A is SIGKILLed while it holds runs under lease. B must take those runs
    over when their leases expire and finish every run; all the invariants hold."""
    if not POSTGRES_URL:
        pytest.fail("REMIT_TEST_POSTGRES_URL is not set; run scripts/test.sh, which starts PostgreSQL")
    if PSQL is None:
        pytest.fail("psql is needed to see the runs' leases (scripts/test.sh installs PostgreSQL)")
    path, outcome = workdir
    database, created_database = fresh_postgres_database()
    began = time.monotonic()
    payments_count = max(50, PAYMENTS // 2)
    alone = 8
    # Slower charges, so that runs stay under lease long enough for the kill to find some.
    gateway = Gateway(path, GATEWAY_ARGS[:-4] + ["--latency-ms-min", "300", "--latency-ms-max", "1500"])
    first = Node("remit-a", database, gateway.url, path)
    second = Node("remit-b", database, gateway.url, path)
    stop = threading.Event()
    try:
        key, tenant = create_tenant(database)
        first.start()
        first.wait_healthy()
        api = Api([first, second], key, stop)
        scenario = Scenario(api, payments_count, SEED + 1, prefix=f"crash2-{uuid.uuid4().hex[:8]}")
        scenario.set_up()
        approver_stop = threading.Event()
        approver = threading.Thread(target=scenario.approve_loop, args=(approver_stop,), daemon=True)
        approver.start()
        releases = [threading.Event() for _ in range(payments_count)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(scenario.drive, index, releases[index]) for index in range(payments_count)]
            # 1. A alone: the first payments; any lease seen now is A's.
            for index in range(alone):
                releases[index].set()
            a_owner, deadline = None, time.monotonic() + 60
            while a_owner is None and time.monotonic() < deadline:
                a_owner = next((owner for _, owner, _ in leases(database, tenant)), None)
                time.sleep(0.01)
            assert a_owner, "node A never leased a run"
            # 2. B joins; the rest of the payments arrive while both work.
            second.start()
            second.wait_healthy()
            a_answers_before_b = final_answers(first)
            for index in range(alone, payments_count):
                releases[index].set()
            # 3. Kill A while it holds runs, once both nodes have had 5 final answers from the gateway.
            victim_runs: dict[str, str] = {}
            killed_at_ms, kill_attempts = 0, 0
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and kill_attempts < 5:
                held = [run for run, owner, _ in leases(database, tenant) if owner == a_owner]
                if held and final_answers(second) >= 5 and final_answers(first) >= a_answers_before_b + 5:
                    first.kill()
                    killed_at_ms = int(time.time() * 1000)
                    kill_attempts += 1
                    victim_runs = {run: owner for run, owner, _ in leases(database, tenant) if owner == a_owner}
                    if victim_runs:
                        break
                    # A released its leases between the look and the kill: start it again, learn
                    # its new name (a lease by neither known owner) and try once more.
                    known = {a_owner} | {owner for _, owner, _ in leases(database, tenant)}
                    first.start()
                    first.wait_healthy()
                    a_owner = None
                    until = time.monotonic() + 30
                    while a_owner is None and time.monotonic() < until:
                        a_owner = next((owner for _, owner, _ in leases(database, tenant) if owner not in known), None)
                        time.sleep(0.01)
                    assert a_owner, "the restarted node A never leased a run"
                time.sleep(0.01)
            assert victim_runs, f"node A was never killed while holding a lease ({kill_attempts} attempts)"
            concurrent.futures.wait(futures, timeout=REQUEST_DEADLINE_SECONDS * 2 + 30)
        payments = wait_final(api, scenario, FINAL_STATE_DEADLINE_SECONDS)
        approver_stop.set()
        approver.join(timeout=30)
        positions = journal_positions(database, tenant)
        problems, figures = check_everything(api, scenario, gateway, payments, positions)
        problems += check_ledger(api, payments)
        ledger_ok, ledger_report = verify_ledger(database)
        if not ledger_ok:
            problems.append(f"the ledger does not verify at the end: {ledger_report}")
        runs_by_id = {payment["run_id"]: payment for payment in payments.values()}
        b_log = second.log_path.read_text(errors="replace")
        settled_by_b = 0
        for run_id in victim_runs:
            payment = runs_by_id.get(run_id)
            if payment is None or payment["status"] not in FINAL_STATUSES:
                problems.append(f"run {run_id}, leased by the killed node, did not finish: {payment}")
            elif f"rail.idempotency_key={run_id}:pay:1 rail.outcome=settled" in b_log or \
                    f"rail.idempotency_key={run_id}:pay:1 rail.outcome=declined" in b_log:
                settled_by_b += 1
        a_life = first.log_path.read_text(errors="replace")
        summary = {
            "case": "postgres-two-nodes", "seed": SEED + 1, "payments_created": len(scenario.created),
            "ledger_at_end": ledger_report.splitlines()[-1],
            "runs_under_lease_of_killed_node": len(victim_runs),
            "of_those_with_settle_answered_on_survivor": settled_by_b, "kill_attempts": kill_attempts,
            "node_a_final_answers_before_kill": final_answers(first), "node_a_final_answers_before_b_joined": a_answers_before_b,
            "seconds_from_kill_to_all_final": round((time.time() * 1000 - killed_at_ms) / 1000, 1) if killed_at_ms else None,
            "seconds_total": round(time.monotonic() - began, 1), "client_retries": dict(api.stats),
            "journal_positions_checked_in_database": len(positions), **figures,
        }
        assert "SIGKILL of remit-a" in a_life
        finish(path, problems, summary, [first, second], gateway)
        outcome["passed"] = True
    finally:
        stop.set()
        first.stop()
        second.stop()
        gateway.stop()
        if outcome["passed"]:
            drop_postgres_database(created_database)
