"""Checks the real Remit server against its OpenAPI document.

Starts `remit serve --demo` on a temporary SQLite database and a free port, exercises every
documented operation with good and bad requests, and validates every response (status, headers,
body) against `Sources/RemitServer/Resources/openapi.yaml` with openapi-core. It also asserts
behaviour the document promises: idempotent replays, per-tenant isolation, pagination.

    python3 -m venv .venv-api && .venv-api/bin/pip install -r tests/api/requirements.txt
    .venv-api/bin/pytest tests/api

The binary is `$REMIT_BIN` (default `/work/main/.build/debug/remit`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests
import wasmtime
import yaml
from openapi_core import Config, OpenAPI
from standardwebhooks.webhooks import Webhook
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "Sources" / "RemitServer" / "Resources" / "openapi.yaml"
APP_PATH = ROOT / "Sources" / "RemitServer" / "RemitApplication.swift"
REMIT_BIN = os.environ.get("REMIT_BIN", "/work/main/.build/debug/remit")
STARTUP_SECONDS = 30
KEY_PATTERN = re.compile(r"rmt_live_[a-z0-9]+")
NO_AUTH = object()


# ---------------------------------------------------------------------------------------------
# The server and the client
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str
    key: str
    database: str
    process: subprocess.Popen
    log_path: str

    def log(self) -> str:
        return Path(self.log_path).read_text(errors="replace")

    def create_tenant(self, name: str) -> str:
        """Creates another tenant in the same database (SQLite WAL allows it while serving)."""
        out = subprocess.run([REMIT_BIN, "tenant", "create", "--name", name, "--database", self.database],
                             capture_output=True, text=True, timeout=60, check=True).stdout
        match = KEY_PATTERN.search(out)
        assert match, f"no API key in the output of 'remit tenant create': {out!r}"
        return match.group(0)


@contextlib.contextmanager
def running_server(extra_args: list[str] | None = None, env: dict | None = None, prefix: str = "remit-api-test-"):
    """`remit serve --demo` on a fresh SQLite file and a free loopback port, until healthy; the
    demo tenant's key is read from its log. Stopped and removed on exit."""
    if not os.access(REMIT_BIN, os.X_OK):
        pytest.fail(f"REMIT_BIN {REMIT_BIN} is not an executable; build it first (swift build)")
    workdir = tempfile.mkdtemp(prefix=prefix)
    database = os.path.join(workdir, "remit.sqlite")
    log_path = os.path.join(workdir, "server.log")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [REMIT_BIN, "serve", "--demo", "--database", database, "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning"] + (extra_args or []),
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + STARTUP_SECONDS
    key = None
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"remit exited with {process.returncode}:\n{Path(log_path).read_text(errors='replace')}")
            if key is None:
                match = KEY_PATTERN.search(Path(log_path).read_text(errors="replace"))
                key = match.group(0) if match else None
            if key is not None:
                try:
                    if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
            time.sleep(0.1)
        else:
            pytest.fail(f"remit did not become healthy within {STARTUP_SECONDS} s:\n"
                        f"{Path(log_path).read_text(errors='replace')}")
        yield Server(base=base, key=key, database=database, process=process, log_path=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def spec_dict(server) -> dict:
    spec = yaml.safe_load(SPEC_PATH.read_text())
    spec = copy.deepcopy(spec)
    spec["servers"] = [{"url": server.base}]
    return spec


@pytest.fixture(scope="session")
def openapi(spec_dict) -> OpenAPI:
    # openapi-core reads application/json only: problems are JSON too, and the document itself
    # is served as application/yaml text.
    config = Config(extra_media_type_deserializers={
        "application/problem+json": json.loads,
        "application/merge-patch+json": json.loads,
        "application/yaml": lambda data: data.decode("utf-8"),
    })
    return OpenAPI.from_dict(spec_dict, config=config)


class Client:
    """Sends requests and validates every response against the document."""

    def __init__(self, server: Server, openapi: OpenAPI, spec: dict, key: str):
        self.server = server
        self.openapi = openapi
        self.spec = spec
        self.key = key
        self.session = requests.Session()
        self.checked = 0

    def call(self, method: str, path: str, *, body: Any = None, data: bytes | None = None,
             content_type: str | None = "application/json", idem: str | None = None, key: Any = None,
             params: dict | None = None, headers: dict | None = None, status: int | None = None,
             code: str | None = None, documented: bool = True) -> requests.Response:
        all_headers = {}
        key = self.key if key is None else key
        if key is not NO_AUTH:
            all_headers["Authorization"] = f"Bearer {key}"
        if idem is not None:
            all_headers["Idempotency-Key"] = idem
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type is not None:
            all_headers["Content-Type"] = content_type
        all_headers.update(headers or {})
        request = requests.Request(method, self.server.base + path, headers=all_headers, params=params, data=data)
        prepared = self.session.prepare_request(request)
        if data is not None and content_type is None:
            prepared.headers.pop("Content-Type", None)
        response = self.session.send(prepared, timeout=30)
        if documented:
            try:
                self.openapi.validate_response(RequestsOpenAPIRequest(prepared), RequestsOpenAPIResponse(response))
            except Exception as error:  # show what came back, and why
                causes, cause = [], error
                while cause is not None:
                    causes.append(repr(cause)[:1500])
                    causes += [str(e)[:1500] for e in getattr(cause, "schema_errors", [])]
                    cause = cause.__cause__ or cause.__context__
                raise AssertionError(f"{method} {path} -> {response.status_code} does not conform: {causes}\n"
                                     f"headers: {dict(response.headers)}\nbody: {response.text[:2000]}") from error
            self.checked += 1
        else:
            if response.status_code >= 400:
                self.assert_problem_shape(response)
        if status is not None:
            assert response.status_code == status, f"{method} {path}: expected {status}, got {response.status_code}: {response.text[:2000]}"
        if code is not None:
            assert response.headers["Content-Type"] == "application/problem+json"
            problem = response.json()
            assert problem["code"] == code, problem
            assert problem["type"] == "https://remit.dev/problems/" + code.replace("_", "-"), problem
            assert problem["status"] == response.status_code, problem
            assert problem["instance"] == path, problem
        return response

    def assert_problem_shape(self, response: requests.Response) -> None:
        """For responses of routes the document does not list: still an RFC 9457 problem."""
        assert response.headers["Content-Type"] == "application/problem+json"
        schema = {"$ref": "#/components/schemas/Problem", "components": self.spec["components"]}
        jsonschema.Draft202012Validator(schema).validate(response.json())


@pytest.fixture(scope="session")
def api(server, openapi, spec_dict) -> Client:
    return Client(server, openapi, spec_dict, server.key)


@pytest.fixture(scope="session")
def other_key(server) -> str:
    return server.create_tenant(f"Other Tenant {uuid.uuid4().hex[:6]}")


@pytest.fixture(scope="session")
def other(server, openapi, spec_dict, other_key) -> Client:
    return Client(server, openapi, spec_dict, other_key)


def new_key() -> str:
    return str(uuid.uuid4())


def buyer_body(**overrides) -> dict:
    body = {
        "name": f"Buyer {uuid.uuid4().hex[:8]}",
        "industry": "541511",
        "country": "DE",
        "currency": "EUR",
        "external_reference": f"ERP-{uuid.uuid4().hex[:8]}",
        "credit_terms": {"net_days": 30, "credit_limit": 5_000_000,
                         "early_payment_discount": {"discount_bps": 200, "within_days": 10}},
        "departments": [{"code": "CC-104", "name": "Engineering", "budget": {"amount": 1_000_000, "period": "quarterly"},
                         "approval_threshold": 250_000}],
        "approvers": [{"name": "Ada Lovelace", "email": "ada@example.com", "roles": ["cfo"], "department": "CC-104"}],
        "custom_field_schema": {"fields": [
            {"key": "gl_account", "type": "string", "pattern": "[0-9]{4}", "applies_to": ["line"]},
        ]},
    }
    body.update(overrides)
    return body


def invoice_body(buyer_id: str, **overrides) -> dict:
    body = {
        "buyer_id": buyer_id,
        "number": f"T-{uuid.uuid4().hex[:10]}",
        "currency": "EUR",
        "lines": [
            {"description": "Widgets", "quantity": 3, "unit_amount": 1_005, "gl_code": "4000",
             "custom_fields": {"gl_account": "4000"}},
            {"description": "Setup", "unit_amount": 2_500},
        ],
        "tax_rate_bps": 1_950,
        "issue_date": "2026-11-01",
        "po_number": "PO-1",
        "memo": "Thanks",
        "custom_fields": {"project": "PRJ-0042"},
    }
    body.update(overrides)
    return body


@pytest.fixture(scope="session")
def buyer(api) -> dict:
    return api.call("POST", "/v1/buyers", body=buyer_body(), idem=new_key(), status=201).json()


@pytest.fixture(scope="session")
def invoice(api, buyer) -> dict:
    return api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=new_key(), status=201).json()


def assert_replay(first: requests.Response, again: requests.Response) -> None:
    assert again.status_code == first.status_code
    assert again.content == first.content, "a replay must repeat the body byte for byte"
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers.get("Location") == first.headers.get("Location")


# ---------------------------------------------------------------------------------------------
# The document itself
# ---------------------------------------------------------------------------------------------


def test_document_lists_every_route():
    routes = re.findall(r'\("(GET|POST|PUT|PATCH|DELETE)", "([^"]+)"\)', APP_PATH.read_text())
    assert routes, "no routes found in RemitApplication.swift"
    spec = yaml.safe_load(SPEC_PATH.read_text())
    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item
                  if method in ("get", "post", "put", "patch", "delete")}
    assert documented == set(routes)
    assert spec["openapi"] == "3.1.0"
    for method, path in routes:
        operation = spec["paths"][path][method.lower()]
        if path in ("/healthz", "/openapi.yaml", "/v1/signals/{source}", "/v1/stripe/webhook", "/checkout.js") or path.startswith(("/approve/", "/checkout/")):
            # Public, or authorised by the signed token in the path, or by the signal's (or
            # Stripe event's) signature.
            assert operation["security"] == []
        else:
            assert "security" not in operation
            assert "401" in operation["responses"]
        if method == "POST" and not path.startswith(("/approve/", "/checkout/")) and path not in ("/v1/signals/{source}", "/v1/stripe/webhook", "/v1/modules/{id}/invoke"):
            # The approval page's form posts need no key: a repeated vote counts once anyway;
            # inbound signals are de-duplicated by their webhook-id, and Stripe's events by
            # their event id (Stripe sends no Idempotency-Key); a module's dry run changes and
            # stores nothing.
            names = [p.get("$ref", "") for p in operation.get("parameters", [])]
            assert "#/components/parameters/IdempotencyKey" in names, path


def test_openapi_document_is_served(api):
    response = api.call("GET", "/openapi.yaml", key=NO_AUTH, status=200)
    assert response.headers["Content-Type"] == "application/yaml"
    served = yaml.safe_load(response.text)
    source = yaml.safe_load(SPEC_PATH.read_text())
    assert served["openapi"] == "3.1.0"
    assert {p: sorted(i) for p, i in served["paths"].items()} == {p: sorted(i) for p, i in source["paths"].items()}
    if response.content != SPEC_PATH.read_bytes():
        # The binary bundles the document when it is built; a stale build serves an older copy.
        warnings.warn(f"{REMIT_BIN} serves an openapi.yaml that differs from {SPEC_PATH}; rebuild it")


def test_healthz(api):
    response = api.call("GET", "/healthz", key=NO_AUTH, status=200)
    assert response.json() == {"status": "ok", "database": "sqlite"}


# ---------------------------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------------------------

AUTHENTICATED = [
    ("POST", "/v1/buyers"), ("GET", "/v1/buyers"), ("GET", "/v1/buyers/buy_abc"), ("PATCH", "/v1/buyers/buy_abc"),
    ("GET", "/v1/custom_field_schema"), ("PUT", "/v1/custom_field_schema"),
    ("POST", "/v1/invoices"), ("GET", "/v1/invoices"), ("GET", "/v1/invoices/inv_abc"), ("POST", "/v1/invoices/inv_abc/void"),
]


@pytest.mark.parametrize("method,path", AUTHENTICATED)
@pytest.mark.parametrize("authorization", [None, "Basic dXNlcjpwYXNz", "Bearer nope", "Bearer rmt_live_unknownkey"])
def test_unauthorized(api, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    body = {} if method in ("POST", "PUT", "PATCH") else None
    response = api.call(method, path, key=NO_AUTH, headers=headers, body=body, idem=new_key() if method == "POST" else None,
                        status=401, code="unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="remit"'


# ---------------------------------------------------------------------------------------------
# Buyers
# ---------------------------------------------------------------------------------------------


def test_create_buyer(api):
    body = buyer_body()
    key = new_key()
    first = api.call("POST", "/v1/buyers", body=body, idem=key, status=201)
    buyer = first.json()
    assert first.headers["Location"] == f"/v1/buyers/{buyer['id']}"
    for member in ("name", "industry", "country", "currency", "external_reference"):
        assert buyer[member] == body[member]
    assert buyer["credit_terms"] == body["credit_terms"]
    assert buyer["approvers"][0]["id"].startswith("apr_")
    assert buyer["custom_field_schema"]["fields"][0] == {
        "key": "gl_account", "label": "gl_account", "type": "string", "required": False, "pattern": "[0-9]{4}",
        "allowed_values": None, "max_length": None, "applies_to": ["line"]}
    # Same key, same request: the first response, byte for byte.
    again = api.call("POST", "/v1/buyers", body=body, idem=key, status=201)
    assert_replay(first, again)
    # A quoted key (RFC 8941 string) is the same key.
    quoted = api.call("POST", "/v1/buyers", body=body, idem=f'"{key}"', status=201)
    assert_replay(first, quoted)
    # Same key, different request.
    api.call("POST", "/v1/buyers", body=buyer_body(), idem=key, status=422, code="idempotency_key_reused")
    # Exactly one buyer was created.
    listed = api.call("GET", "/v1/buyers", params={"external_reference": body["external_reference"]}, status=200).json()
    assert [b["id"] for b in listed["data"]] == [buyer["id"]]


def test_create_minimal_buyer(api):
    buyer = api.call("POST", "/v1/buyers", idem=new_key(), status=201,
                     body={"name": "Min", "country": "US", "currency": "USD",
                           "credit_terms": {"net_days": 0, "credit_limit": 0}}).json()
    assert buyer["industry"] is None and buyer["external_reference"] is None
    assert buyer["departments"] == [] and buyer["approvers"] == []
    assert buyer["custom_field_schema"] == {"fields": []}
    assert buyer["credit_terms"]["early_payment_discount"] is None


def test_post_without_idempotency_key(api):
    api.call("POST", "/v1/buyers", body=buyer_body(), status=400, code="idempotency_key_missing")


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "caf\u00e9"])
def test_post_with_malformed_idempotency_key(api, key):
    if not key.isascii():
        key = key.encode().decode("latin-1")
    api.call("POST", "/v1/buyers", body=buyer_body(), idem=key, status=400, code="invalid_request")


def test_failed_request_does_not_consume_key(api):
    key = new_key()
    api.call("POST", "/v1/buyers", body=buyer_body(country="XX"), idem=key, status=422, code="validation_failed")
    api.call("POST", "/v1/buyers", data=b"{", idem=key, status=400, code="invalid_request")
    created = api.call("POST", "/v1/buyers", body=buyer_body(), idem=key, status=201)
    assert "Idempotent-Replayed" not in created.headers


def test_idempotency_keys_are_scoped_per_tenant(api, other):
    key = new_key()
    mine = api.call("POST", "/v1/buyers", body=buyer_body(), idem=key, status=201).json()
    theirs = other.call("POST", "/v1/buyers", body=buyer_body(), idem=key, status=201)
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["id"] != mine["id"]


def test_concurrent_requests_with_one_key(api):
    body = buyer_body()
    key = new_key()

    def send(_):
        client = Client(api.server, api.openapi, api.spec, api.key)
        return client.call("POST", "/v1/buyers", body=body, idem=key)

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        responses = list(pool.map(send, range(24)))
    statuses = {r.status_code for r in responses}
    assert statuses <= {201, 409}, statuses
    for response in responses:
        if response.status_code == 409:
            assert response.json()["code"] == "idempotency_key_in_use"
    created = [r for r in responses if r.status_code == 201]
    originals = [r for r in created if "Idempotent-Replayed" not in r.headers]
    assert len(originals) == 1
    assert {r.content for r in created} == {originals[0].content}
    listed = api.call("GET", "/v1/buyers", params={"external_reference": body["external_reference"]}, status=200).json()
    assert len(listed["data"]) == 1


@pytest.mark.parametrize("data", [b"{", b"{\"name\": }", b"[1,]", b"{\"a\":1,\"a\":2}", b"{} x", b"",
                                  b"[" * 40 + b"]" * 40, b"\"\xff\""])
def test_create_buyer_malformed_json(api, data):
    api.call("POST", "/v1/buyers", data=data, idem=new_key(), status=400, code="invalid_request")


@pytest.mark.parametrize("overrides,field,rule", [
    ({"name": 5}, "name", "type"),
    ({"name": ""}, "name", "required"),
    ({"name": "x" * 201}, "name", "max_length"),
    ({"industry": "12a"}, "industry", "format"),
    ({"country": "XX"}, "country", "format"),
    ({"country": None}, "country", "required"),
    ({"currency": "ZZZ"}, "currency", "format"),
    ({"credit_terms": {"net_days": 366, "credit_limit": 0}}, "credit_terms.net_days", "range"),
    ({"credit_terms": {"net_days": "30", "credit_limit": 0}}, "credit_terms.net_days", "type"),
    ({"credit_terms": {"net_days": 30, "credit_limit": 1.5}}, "credit_terms.credit_limit", "type"),
    ({"credit_terms": {"net_days": 5, "credit_limit": 0, "early_payment_discount": {"discount_bps": 100, "within_days": 10}}},
     "credit_terms.early_payment_discount", "range"),
    ({"departments": "ENG"}, "departments", "type"),
    ({"departments": [{"code": "a b", "name": "x"}]}, "departments[0].code", "format"),
    ({"departments": [{"code": "A", "name": "x", "budget": {"amount": 1, "period": "weekly"}}]}, "departments[0].budget.period", "enum"),
    ({"approvers": [{"name": "x", "email": "not-an-email"}]}, "approvers[0].email", "format"),
    ({"approvers": [{"name": "x", "email": "a@b.co", "department": "NOPE"}]}, "approvers", "reference"),
    ({"approvers": [{"name": "x", "email": "a@b.co", "roles": ["CFO"]}]}, "approvers[0].roles", "format"),
    ({"custom_field_schema": {"fields": [{"key": "Bad", "type": "string"}]}}, "custom_field_schema.fields[0].key", "format"),
    ({"nickname": "Acme"}, "nickname", "unknown_field"),
    ({"credit_terms": {"net_days": 1, "credit_limit": 1, "extra": 1}}, "credit_terms.extra", "unknown_field"),
])
def test_create_buyer_validation(api, overrides, field, rule):
    problem = api.call("POST", "/v1/buyers", body=buyer_body(**overrides), idem=new_key(),
                       status=422, code="validation_failed").json()
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in problem["errors"]], problem


def test_create_buyer_body_not_an_object(api):
    problem = api.call("POST", "/v1/buyers", body=[1], idem=new_key(), status=422, code="validation_failed").json()
    assert problem["errors"][0]["field"] == "body"


def test_create_buyer_too_large(api):
    data = b'{"name":"' + b"a" * (1 << 20) + b'"}'
    api.call("POST", "/v1/buyers", data=data, idem=new_key(), status=413, code="payload_too_large")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_create_buyer_unsupported_media_type(api, content_type):
    api.call("POST", "/v1/buyers", data=json.dumps(buyer_body()).encode(), content_type=content_type,
             idem=new_key(), status=415, code="unsupported_media_type")


def test_content_type_parameters_are_accepted(api):
    api.call("POST", "/v1/buyers", data=json.dumps(buyer_body()).encode(), content_type="application/json; charset=utf-8",
             idem=new_key(), status=201)


def test_get_buyer(api, buyer, other):
    assert api.call("GET", f"/v1/buyers/{buyer['id']}", status=200).json() == buyer
    api.call("GET", "/v1/buyers/buy_doesnotexist", status=404, code="not_found")
    api.call("GET", "/v1/buyers/not-an-id", status=404, code="not_found")
    api.call("GET", f"/v1/buyers/{buyer['id'].replace('buy_', 'inv_')}", status=404, code="not_found")
    # Another tenant's buyer does not exist for this tenant.
    other.call("GET", f"/v1/buyers/{buyer['id']}", status=404, code="not_found")


def test_list_buyers_pagination(api):
    for _ in range(3):
        api.call("POST", "/v1/buyers", body=buyer_body(), idem=new_key(), status=201)
    everything = api.call("GET", "/v1/buyers", params={"limit": 100}, status=200).json()
    assert everything["object"] == "list"
    total = len(everything["data"])
    assert total >= 5
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = api.call("GET", "/v1/buyers", params=params, status=200).json()
        pages += 1
        assert len(page["data"]) <= 2
        seen += [b["id"] for b in page["data"]]
        assert page["has_more"] == (page["next_cursor"] is not None)
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
        assert pages < 200
    assert seen == [b["id"] for b in everything["data"]]
    created = [b["created_at"] for b in everything["data"]]
    assert created == sorted(created, reverse=True), "newest first"
    default = api.call("GET", "/v1/buyers", status=200).json()
    assert len(default["data"]) == min(20, total)


def test_list_buyers_filters(api, buyer):
    for params in ({"country": "DE"}, {"currency": "EUR"}, {"industry": "541511"},
                   {"external_reference": buyer["external_reference"]}):
        page = api.call("GET", "/v1/buyers", params=params | {"limit": 100}, status=200).json()
        assert buyer["id"] in [b["id"] for b in page["data"]]
        key, value = next(iter(params.items()))
        assert all(b[key] == value for b in page["data"])
    none = api.call("GET", "/v1/buyers", params={"country": "ZZ"}, status=200).json()
    assert none == {"object": "list", "data": [], "has_more": False, "next_cursor": None}


@pytest.mark.parametrize("params,field,rule", [
    ({"limit": "0"}, "limit", "range"),
    ({"limit": "101"}, "limit", "range"),
    ({"limit": "ten"}, "limit", "range"),
    ({"cursor": "garbage!"}, "cursor", "format"),
    ({"sort": "name"}, "sort", "unknown_parameter"),
    ({"fields.project": "x"}, "fields.project", "unknown_parameter"),
])
def test_list_buyers_bad_query(api, params, field, rule):
    problem = api.call("GET", "/v1/buyers", params=params, status=400, code="invalid_request").json()
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in problem["errors"]]


@pytest.mark.parametrize("content_type", ["application/merge-patch+json", "application/json"])
def test_patch_buyer(api, content_type):
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(), idem=new_key(), status=201).json()
    patched = api.call("PATCH", f"/v1/buyers/{buyer['id']}", content_type=content_type, status=200,
                       body={"name": "Renamed", "industry": None, "credit_terms": {"net_days": 45},
                             "departments": [{"code": "OPS", "name": "Operations"}], "approvers": []}).json()
    assert patched["name"] == "Renamed"
    assert patched["industry"] is None
    assert patched["credit_terms"] == {**buyer["credit_terms"], "net_days": 45}, "objects merge"
    assert patched["departments"] == [{"code": "OPS", "name": "Operations", "budget": None, "approval_threshold": None}]
    assert patched["approvers"] == []
    assert patched["created_at"] == buyer["created_at"]
    assert patched["id"] == buyer["id"]
    assert api.call("GET", f"/v1/buyers/{buyer['id']}", status=200).json() == patched
    # An empty patch changes nothing but updated_at.
    same = api.call("PATCH", f"/v1/buyers/{buyer['id']}", body={}, status=200).json()
    assert {k: v for k, v in same.items() if k != "updated_at"} == {k: v for k, v in patched.items() if k != "updated_at"}


def test_patch_buyer_errors(api, buyer, other):
    path = f"/v1/buyers/{buyer['id']}"
    problem = api.call("PATCH", path, body={"name": None}, status=422, code="validation_failed").json()
    assert problem["errors"] == [{"field": "name", "rule": "required", "message": "is required"}]
    problem = api.call("PATCH", path, body={"id": "buy_x"}, status=422, code="validation_failed").json()
    assert problem["errors"][0]["rule"] == "unknown_field"
    problem = api.call("PATCH", path, body={"credit_terms": {"net_days": "x"}}, status=422, code="validation_failed").json()
    assert problem["errors"][0]["field"] == "credit_terms.net_days"
    api.call("PATCH", path, body=[{"op": "replace"}], status=422, code="validation_failed")
    api.call("PATCH", path, data=b"{", status=400, code="invalid_request")
    api.call("PATCH", path, data=b"", status=400, code="invalid_request")
    api.call("PATCH", path, data=b"{}", content_type="text/plain", status=415, code="unsupported_media_type")
    api.call("PATCH", path, data=b"{}", content_type="application/json-patch+json", status=415, code="unsupported_media_type")
    api.call("PATCH", path, data=b'{"name":"' + b"a" * (1 << 20) + b'"}', status=413, code="payload_too_large")
    api.call("PATCH", "/v1/buyers/buy_doesnotexist", body={}, status=404, code="not_found")
    other.call("PATCH", path, body={"name": "Stolen"}, status=404, code="not_found")
    assert api.call("GET", path, status=200).json()["name"] == buyer["name"]


# ---------------------------------------------------------------------------------------------
# Custom-field schema
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tenant_schema(api) -> dict:
    """Adds a `cost_center` invoice field to the demo tenant's default schema."""
    current = api.call("GET", "/v1/custom_field_schema", status=200).json()
    assert current["object"] == "custom_field_schema"
    fields = [f for f in current["fields"] if f["key"] != "cost_center"]
    fields.append({"key": "cost_center", "label": "Cost center", "type": "string", "max_length": 20,
                   "applies_to": ["invoice", "line"]})
    fields.append({"key": "priority", "type": "enum", "allowed_values": ["low", "high"]})
    fields.append({"key": "hours", "type": "decimal", "applies_to": ["line"]})
    updated = api.call("PUT", "/v1/custom_field_schema", body={"fields": fields}, status=200).json()
    assert [f["key"] for f in updated["fields"]] == [f["key"] for f in fields]
    return updated


def test_custom_field_schema_roundtrip(api, tenant_schema, other):
    assert api.call("GET", "/v1/custom_field_schema", status=200).json() == tenant_schema
    cost_center = next(f for f in tenant_schema["fields"] if f["key"] == "cost_center")
    assert cost_center == {"key": "cost_center", "label": "Cost center", "type": "string", "required": False,
                           "pattern": None, "allowed_values": None, "max_length": 20, "applies_to": ["invoice", "line"]}
    # Another tenant has its own (empty) default schema.
    assert other.call("GET", "/v1/custom_field_schema", status=200).json() == {"object": "custom_field_schema", "fields": []}
    # PUT replaces the whole schema.
    assert other.call("PUT", "/v1/custom_field_schema", body={}, status=200).json()["fields"] == []
    assert other.call("PUT", "/v1/custom_field_schema", body={"fields": None}, status=200).json()["fields"] == []


@pytest.mark.parametrize("fields,field,rule", [
    ([{"key": "Cost", "type": "string"}], "fields[0].key", "format"),
    ([{"key": "c", "type": "text"}], "fields[0].type", "enum"),
    ([{"type": "string"}], "fields[0].key", "required"),
    ([{"key": "c", "type": "enum"}], "fields[0].allowed_values", "required"),
    ([{"key": "c", "type": "integer", "allowed_values": ["a"]}], "fields[0].allowed_values", "not_applicable"),
    ([{"key": "c", "type": "integer", "max_length": 3}], "fields[0].max_length", "not_applicable"),
    ([{"key": "c", "type": "string", "max_length": 1001}], "fields[0].max_length", "range"),
    ([{"key": "c", "type": "string", "pattern": "("}], "fields[0].pattern", "format"),
    ([{"key": "c", "type": "string", "applies_to": ["buyer"]}], "fields[0].applies_to", "enum"),
    ([{"key": "c", "type": "string"}, {"key": "c", "type": "integer"}], "fields", "unique"),
    ([{"key": "c", "type": "string", "color": "red"}], "fields[0].color", "unknown_field"),
    ("nope", "fields", "type"),
])
def test_put_custom_field_schema_validation(other, fields, field, rule):
    problem = other.call("PUT", "/v1/custom_field_schema", body={"fields": fields}, status=422, code="validation_failed").json()
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in problem["errors"]], problem


def test_put_custom_field_schema_errors(other):
    problem = other.call("PUT", "/v1/custom_field_schema", body={"fieldz": []}, status=422, code="validation_failed").json()
    assert problem["errors"][0]["rule"] == "unknown_field"
    other.call("PUT", "/v1/custom_field_schema", body=[], status=422, code="validation_failed")
    other.call("PUT", "/v1/custom_field_schema", data=b"{\"fields\":", status=400, code="invalid_request")
    other.call("PUT", "/v1/custom_field_schema", data=b"", status=400, code="invalid_request")
    other.call("PUT", "/v1/custom_field_schema", data=b"{}", content_type="text/yaml", status=415, code="unsupported_media_type")
    other.call("PUT", "/v1/custom_field_schema", data=b'{"fields":"' + b"a" * (1 << 20) + b'"}', status=413,
               code="payload_too_large")


# ---------------------------------------------------------------------------------------------
# Invoices
# ---------------------------------------------------------------------------------------------


def test_create_invoice(api, buyer, tenant_schema):
    body = invoice_body(buyer["id"], custom_fields={"project": "PRJ-0042", "cost_center": "CC-104", "priority": "high"})
    body["lines"][1]["custom_fields"] = {"hours": 12.50, "cost_center": "CC-9"}
    key = new_key()
    first = api.call("POST", "/v1/invoices", body=body, idem=key, status=201)
    invoice = first.json()
    assert first.headers["Location"] == f"/v1/invoices/{invoice['id']}"
    assert invoice["status"] == "open"
    assert invoice["buyer_id"] == buyer["id"]
    # 3 × 1005 = 3015, tax 19.5% = 587.925 → 588; 2500 → 487.5 → 488 (half-even).
    assert [(l["amount"], l["tax_amount"]) for l in invoice["lines"]] == [(3015, 588), (2500, 488)]
    assert invoice["lines"][1]["quantity"] == 1
    assert invoice["subtotal"] == 5515 and invoice["tax_amount"] == 1076 and invoice["total"] == 6591
    assert invoice["amount_paid"] == 0 and invoice["amount_remaining"] == 6591
    assert invoice["issue_date"] == "2026-11-01" and invoice["due_date"] == "2026-12-01"  # net 30
    assert invoice["custom_fields"] == {"project": "PRJ-0042", "cost_center": "CC-104", "priority": "high"}
    assert invoice["lines"][1]["custom_fields"] == {"cost_center": "CC-9", "hours": "12.5"}
    assert invoice["voided_at"] is None
    again = api.call("POST", "/v1/invoices", body=body, idem=key, status=201)
    assert_replay(first, again)
    api.call("POST", "/v1/invoices", body={**body, "memo": "changed"}, idem=key, status=422, code="idempotency_key_reused")
    assert api.call("GET", f"/v1/invoices/{invoice['id']}", status=200).json() == invoice


def test_create_invoice_duplicate_number(api, invoice, buyer):
    key = new_key()
    problem = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"], number=invoice["number"]), idem=key,
                       status=409, code="conflict").json()
    assert problem["errors"] == [{"field": "number", "rule": "unique", "message": "is already used by another invoice"}]
    # The failed request did not consume its key.
    api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=key, status=201)


def test_create_invoice_errors(api, buyer, other):
    api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), status=400, code="idempotency_key_missing")
    api.call("POST", "/v1/invoices", data=b'{"buyer_id":', idem=new_key(), status=400, code="invalid_request")
    api.call("POST", "/v1/invoices", data=b"{}", content_type="text/csv", idem=new_key(), status=415,
             code="unsupported_media_type")
    api.call("POST", "/v1/invoices", data=b'{"memo":"' + b"m" * (1 << 20) + b'"}', idem=new_key(), status=413,
             code="payload_too_large")
    # Another tenant's buyer is not one of yours.
    problem = other.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=new_key(), status=422,
                         code="validation_failed").json()
    assert problem["errors"] == [{"field": "buyer_id", "rule": "reference", "message": "is not one of your buyers"}]


@pytest.mark.parametrize("change,field,rule", [
    ({"buyer_id": "buy_doesnotexist"}, "buyer_id", "reference"),
    ({"buyer_id": 7}, "buyer_id", "type"),
    ({"number": ""}, "number", "required"),
    ({"number": "N" * 65}, "number", "max_length"),
    ({"currency": "EURO"}, "currency", "max_length"),
    ({"lines": []}, "lines", "min_items"),
    ({"lines": [{"description": "x", "unit_amount": -1}]}, "lines[0].unit_amount", "range"),
    ({"lines": [{"description": "x", "unit_amount": "10.00"}]}, "lines[0].unit_amount", "type"),
    ({"lines": [{"description": "x", "unit_amount": 1, "quantity": 0}]}, "lines[0].quantity", "range"),
    ({"lines": [{"description": "x", "unit_amount": 1, "quantity": 2.5}]}, "lines[0].quantity", "type"),
    ({"lines": [{"unit_amount": 1}]}, "lines[0].description", "required"),
    ({"lines": [{"description": "x", "unit_amount": 1, "sku": "A"}]}, "lines[0].sku", "unknown_field"),
    ({"lines": [{"description": "x", "unit_amount": 9223372036854775807, "quantity": 2}]}, "lines[0]", "overflow"),
    ({"tax_rate_bps": 10001}, "tax_rate_bps", "range"),
    ({"issue_date": "2026-02-30"}, "issue_date", "format"),
    ({"issue_date": "2026-11-10", "due_date": "2026-11-09"}, "due_date", "range"),
    ({"memo": "m" * 2001}, "memo", "max_length"),
    ({"status": "paid"}, "status", "unknown_field"),
    ({"custom_fields": {"nope": 1}}, "custom_fields.nope", "unknown_field"),
    ({"custom_fields": {"project": "PRJ-42"}}, "custom_fields.project", "pattern"),
    ({"custom_fields": {"cost_center": "4111 1111 1111 1111"}}, "custom_fields.cost_center", "card_number"),
    ({"custom_fields": "PRJ-0042"}, "custom_fields", "type"),
])
def test_create_invoice_validation(api, buyer, tenant_schema, change, field, rule):
    body = invoice_body(buyer["id"])
    body.update(change)
    problem = api.call("POST", "/v1/invoices", body=body, idem=new_key(), status=422, code="validation_failed").json()
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in problem["errors"]], problem


def test_get_invoice(api, invoice, other):
    assert api.call("GET", f"/v1/invoices/{invoice['id']}", status=200).json() == invoice
    api.call("GET", "/v1/invoices/inv_doesnotexist", status=404, code="not_found")
    api.call("GET", "/v1/invoices/INV-1", status=404, code="not_found")
    other.call("GET", f"/v1/invoices/{invoice['id']}", status=404, code="not_found")


def test_list_invoices(api, buyer, tenant_schema):
    mine = [api.call("POST", "/v1/invoices", idem=new_key(), status=201,
                     body=invoice_body(buyer["id"], due_date="2027-01-15",
                                       custom_fields={"cost_center": f"CC-{n}", "project": "PRJ-0042"})).json()
            for n in (7001, 7002)]
    page = api.call("GET", "/v1/invoices", params={"fields.cost_center": "CC-7001"}, status=200).json()
    assert [i["id"] for i in page["data"]] == [mine[0]["id"]]
    page = api.call("GET", "/v1/invoices", params={"buyer_id": buyer["id"], "status": "open", "currency": "EUR",
                                                   "due_from": "2027-01-15", "due_to": "2027-01-15", "limit": 100,
                                                   "fields.project": "PRJ-0042"}, status=200).json()
    ids = [i["id"] for i in page["data"]]
    assert ids[:2] == [mine[1]["id"], mine[0]["id"]], "newest first"
    assert all(i["buyer_id"] == buyer["id"] and i["due_date"] == "2027-01-15" for i in page["data"])
    page = api.call("GET", "/v1/invoices", params={"number": mine[1]["number"]}, status=200).json()
    assert [i["id"] for i in page["data"]] == [mine[1]["id"]]
    page = api.call("GET", "/v1/invoices", params={"po_number": "PO-1", "limit": 1}, status=200).json()
    assert len(page["data"]) == 1 and page["has_more"] is True
    second = api.call("GET", "/v1/invoices", params={"po_number": "PO-1", "limit": 1, "cursor": page["next_cursor"]},
                      status=200).json()
    assert second["data"][0]["id"] != page["data"][0]["id"]
    page = api.call("GET", "/v1/invoices", params={"buyer_id": "not-a-buyer"}, status=200).json()
    assert page["data"] == [] and page["next_cursor"] is None
    # The demo's invoices are listed too (and validated against the document).
    api.call("GET", "/v1/invoices", params={"limit": 100}, status=200)
    for status in ("paid", "void"):
        api.call("GET", "/v1/invoices", params={"status": status, "limit": 100}, status=200)


def test_list_invoices_other_tenant_sees_nothing(other, invoice):
    page = other.call("GET", "/v1/invoices", params={"limit": 100}, status=200).json()
    assert invoice["id"] not in [i["id"] for i in page["data"]]


@pytest.mark.parametrize("params,field,rule", [
    ({"status": "draft"}, "status", "enum"),
    ({"due_from": "2026-13-01"}, "due_from", "format"),
    ({"due_to": "yesterday"}, "due_to", "format"),
    ({"fields.Cost": "x"}, "fields.Cost", "format"),
    ({"fields.": "x"}, "fields.", "format"),
    ({"limit": "-1"}, "limit", "range"),
    ({"cursor": "djE6eA"}, "cursor", "format"),
    ({"customer": "x"}, "customer", "unknown_parameter"),
])
def test_list_invoices_bad_query(api, params, field, rule):
    problem = api.call("GET", "/v1/invoices", params=params, status=400, code="invalid_request").json()
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in problem["errors"]], problem


def test_void_invoice(api, buyer, other):
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=new_key(), status=201).json()
    path = f"/v1/invoices/{invoice['id']}/void"
    other.call("POST", path, idem=new_key(), status=404, code="not_found")
    api.call("POST", path, status=400, code="idempotency_key_missing")
    api.call("POST", path, body={"reason": "x"}, idem=new_key(), status=422, code="validation_failed")
    api.call("POST", path, data=b"{", idem=new_key(), status=400, code="invalid_request")
    api.call("POST", path, data=b"{}", content_type="text/plain", idem=new_key(), status=415, code="unsupported_media_type")
    api.call("POST", path, data=b'{"a":"' + b"a" * (1 << 20) + b'"}', idem=new_key(), status=413, code="payload_too_large")
    key = new_key()
    first = api.call("POST", path, idem=key, status=200)
    voided = first.json()
    assert voided["status"] == "void" and voided["voided_at"] is not None
    assert {k: v for k, v in voided.items() if k not in ("status", "voided_at", "updated_at")} == \
        {k: v for k, v in invoice.items() if k not in ("status", "voided_at", "updated_at")}
    assert_replay(first, api.call("POST", path, idem=key, status=200))
    api.call("POST", path, body={}, idem=key, status=422, code="idempotency_key_reused")
    problem = api.call("POST", path, idem=new_key(), status=409, code="conflict").json()
    assert "void" in problem["detail"]
    assert api.call("GET", f"/v1/invoices/{invoice['id']}", status=200).json() == voided
    page = api.call("GET", "/v1/invoices", params={"status": "void", "number": invoice["number"]}, status=200).json()
    assert [i["id"] for i in page["data"]] == [invoice["id"]]


def test_void_invoice_with_empty_object_body(api, buyer):
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=new_key(), status=201).json()
    api.call("POST", f"/v1/invoices/{invoice['id']}/void", body={}, idem=new_key(), status=200)


def test_void_unknown_invoice(api):
    api.call("POST", "/v1/invoices/inv_doesnotexist/void", idem=new_key(), status=404, code="not_found")
    api.call("POST", "/v1/invoices/bogus/void", idem=new_key(), status=404, code="not_found")


# ---------------------------------------------------------------------------------------------
# Outside the document
# ---------------------------------------------------------------------------------------------


def test_unknown_route_is_a_problem(api):
    api.call("GET", "/v1/nothing-here", status=404, code="not_found", documented=False)
    api.call("GET", "/nothing", key=NO_AUTH, status=404, code="not_found", documented=False)


# Known server defects (see the report); kept here so a fix shows up as XPASS.


def test_unsupported_method_is_405_with_allow(api):
    response = api.call("DELETE", "/v1/buyers", status=405, code="method_not_allowed", documented=False)
    assert response.headers["Allow"] == "POST, GET"


def test_auth_scheme_is_case_insensitive(api):
    api.call("GET", "/v1/buyers", key=NO_AUTH, headers={"Authorization": f"bearer {api.key}"}, status=200)


def test_void_body_without_content_type(api, invoice):
    response = api.call("POST", f"/v1/invoices/{invoice['id']}/void", data=b"{}", content_type=None, idem=new_key())
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def test_null_quantity_means_one(api, buyer):
    body = invoice_body(buyer["id"], lines=[{"description": "x", "unit_amount": 1, "quantity": None}])
    response = api.call("POST", "/v1/invoices", body=body, idem=new_key(), status=201)
    assert response.json()["lines"][0]["quantity"] == 1


def test_every_response_was_validated(api):
    assert api.checked > 100


# ---------------------------------------------------------------------------------------------
# Inbound signals, signed with the Standard Webhooks reference library
# ---------------------------------------------------------------------------------------------


def signal_source(api) -> dict:
    return api.call("POST", "/v1/signal_sources", body={"name": f"ERP {uuid.uuid4().hex[:6]}"}, idem=new_key(), status=201).json()


def send_signal(api, source: dict, secret: str, body: dict, *, msg_id: str | None = None, timestamp: datetime.datetime | None = None,
                signature: str | None = None, status: int | None = None, code: str | None = None) -> requests.Response:
    payload = json.dumps(body)
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = timestamp or datetime.datetime.now(tz=datetime.timezone.utc)
    signed = Webhook(secret).sign(msg_id, timestamp, payload)
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(int(timestamp.timestamp())),
               "webhook-signature": signature if signature is not None else signed}
    return api.call("POST", source["url"], data=payload.encode(), key=NO_AUTH, headers=headers, status=status, code=code)


def test_signals_are_verified_deduplicated_applied_and_listed(api, buyer):
    source = signal_source(api)
    assert source["secret"].startswith("whsec_") and source["url"] == f"/v1/signals/{source['id']}"
    secret = source["secret"]
    terms = {"type": "credit_terms.updated", "data": {"buyer_id": buyer["id"], "net_days": 60, "credit_limit": 75000000}}

    # A wrong signature, a stale timestamp, a missing header and an unknown source store nothing.
    send_signal(api, source, secret, terms, signature="v1,AAAA", status=401, code="unauthorized")
    send_signal(api, source, secret, terms, timestamp=datetime.datetime.now(tz=datetime.timezone.utc) - datetime.timedelta(minutes=6),
                status=401, code="unauthorized")
    send_signal(api, {"url": "/v1/signals/src_unknown"}, secret, terms, status=401, code="unauthorized")
    assert api.call("GET", f"/v1/signals?buyer_id={buyer['id']}", status=200).json()["data"] == []

    # Applied once: the buyer's terms change, and a repeat of the webhook-id changes nothing.
    first = send_signal(api, source, secret, terms, msg_id="msg_terms_1", status=200).json()
    assert first["status"] == "applied" and first["duplicate"] is False
    assert first["changes"]["credit_terms"]["after"] == {"net_days": 60, "credit_limit": 75000000}
    again = send_signal(api, source, secret, terms, msg_id="msg_terms_1", status=200).json()
    assert again["duplicate"] is True and again["id"] == first["id"]
    updated = api.call("GET", f"/v1/buyers/{buyer['id']}", status=200).json()
    assert updated["credit_terms"]["net_days"] == 60 and updated["credit_terms"]["credit_limit"] == 75000000

    # A known type with a bad payload is refused; an unknown type is kept as ignored.
    bad = send_signal(api, source, secret, {"type": "budget.updated", "data": {"buyer_id": buyer["id"], "department": "ENG",
                                                                            "period": "2026-13", "amount": 1}}, status=422).json()
    assert [error["field"] for error in bad["errors"]] == ["data.period"]
    ignored = send_signal(api, source, secret, {"type": "shipment.delayed", "data": {"buyer_id": buyer["id"], "days": 3}}, status=200).json()
    assert ignored["status"] == "ignored" and ignored["changes"] == {}
    listed = api.call("GET", f"/v1/signals?buyer_id={buyer['id']}", status=200).json()["data"]
    assert [signal["id"] for signal in listed] == [ignored["id"], first["id"]]

    # After a rotation both secrets verify (for 24 hours); the new one is shown once.
    rotated = api.call("POST", f"/v1/signal_sources/{source['id']}/rotate", idem=new_key(), status=200).json()
    assert rotated["secret"] != secret and rotated["previous_secret_accepted_until"] is not None
    purchase = {"type": "purchase_order.approved", "data": {"buyer_id": buyer["id"], "po_number": "PO-1"}}
    assert send_signal(api, source, secret, purchase, status=200).json()["status"] == "applied"
    assert send_signal(api, source, rotated["secret"], purchase, status=200).json()["status"] == "applied"


def test_a_signal_ends_the_wait_of_a_run_whose_filter_accepts_it(api, buyer):
    workflow = api.call("POST", "/v1/workflows", idem=new_key(), status=201, body={
        "name": f"Wait for the PO {uuid.uuid4().hex[:6]}", "binding": "invoice.number.startsWith('SIG-')", "priority": 100,
        "definition": {"nodes": [
            {"id": "start", "type": "start"},
            {"id": "po", "type": "wait", "signal": {"filter": "signal.type == 'purchase_order.approved' && signal.data.invoice_number == invoice.number"}},
            {"id": "done", "type": "end", "result": "rejected"}],
            "edges": [{"from": "start", "to": "po"}, {"from": "po", "to": "done"}]}}).json()
    number = f"SIG-{uuid.uuid4().hex[:6]}"
    created = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"], number=number), idem=new_key(), status=201).json()
    payment = api.call("POST", "/v1/payments", body={"invoice_id": created["id"], "method": "wire"}, idem=new_key(), status=201).json()
    assert payment["workflow_id"] == workflow["id"] and payment["status"] == "waiting"
    source = signal_source(api)
    other = send_signal(api, source, source["secret"], {"type": "purchase_order.approved",
                                                        "data": {"buyer_id": buyer["id"], "po_number": "PO-9", "invoice_number": "SIG-other"}},
                        status=200).json()
    assert payment["run_id"] not in other["changes"]["runs_woken"]
    matching = send_signal(api, source, source["secret"], {"type": "purchase_order.approved",
                                                           "data": {"buyer_id": buyer["id"], "po_number": "PO-9", "invoice_number": number}},
                           status=200).json()
    assert matching["changes"]["runs_woken"] == [payment["run_id"]]
    assert api.call("GET", f"/v1/payments/{payment['id']}", status=200).json()["status"] == "rejected"



def test_the_buyer_context_follows_signals_and_payments(api):
    body = buyer_body(credit_terms={"net_days": 60, "credit_limit": 900_000})
    body["custom_field_schema"]["fields"].append({"key": "department", "type": "string", "applies_to": ["invoice"]})
    buyer = api.call("POST", "/v1/buyers", body=body, idem=new_key(), status=201).json()
    today = datetime.datetime.now(tz=datetime.timezone.utc).date()
    number = f"PO-{uuid.uuid4().hex[:6]}"
    other = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], issue_date=(today - datetime.timedelta(days=10)).isoformat(), po_number=None,
        custom_fields={"project": "PRJ-0042"})).json()
    invoice = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], issue_date=(today - datetime.timedelta(days=5)).isoformat(), po_number=number,
        custom_fields={"project": "PRJ-0042", "department": "CC-104"})).json()
    context = api.call("GET", f"/v1/invoices/{invoice['id']}/context", status=200).json()["context"]
    assert context["credit"] == {"net_days": 60, "invoice_age_days": 5, "within_window": True, "limit": 900_000,
                                 "exposure": other["total"], "available": 900_000 - other["total"], "payments_in_flight": 0}
    assert context["budget"]["department"] == "CC-104" and context["budget"]["budget"] == 1_000_000
    assert context["budget"]["threshold"] == 250_000 and context["po"] == {"number": number, "state": "none", "allocated_quantity": 0}

    source = signal_source(api)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    for signal in ({"type": "purchase_order.created", "data": {"buyer_id": buyer["id"], "po_number": number, "amount": 5000, "currency": "EUR"}},
                   {"type": "purchase_order.approved", "data": {"buyer_id": buyer["id"], "po_number": number}},
                   {"type": "inventory.allocated", "data": {"buyer_id": buyer["id"], "po_number": number, "sku": "W-1", "quantity": 12}},
                   {"type": "budget.approved", "data": {"buyer_id": buyer["id"], "department": "CC-104", "period": quarter, "amount": 2_000_000}}):
        send_signal(api, source, source["secret"], signal, status=200)
    api.call("POST", "/v1/payments", body={"invoice_id": invoice["id"], "method": "wire", "amount": 1_000}, idem=new_key(), status=201)
    context = api.call("GET", f"/v1/invoices/{invoice['id']}/context", status=200).json()["context"]
    assert context["po"] == {"number": number, "state": "approved", "allocated_quantity": 12}
    assert context["budget"]["budget"] == 2_000_000 and context["budget"]["approved"] is True
    assert context["budget"]["used"] == 1_000 and context["budget"]["left"] == 2_000_000 - 1_000


def test_checkout_decides_from_the_live_context_and_a_signal_changes_the_decision(api):
    # The built-in default policy: a Net-60 buyer inside its window and under its limit gets
    # no instant methods and Net terms highlighted as the default.
    body = buyer_body(credit_terms={"net_days": 60, "credit_limit": 900_000})
    body["custom_field_schema"]["fields"].append({"key": "department", "type": "string", "applies_to": ["invoice"]})
    buyer = api.call("POST", "/v1/buyers", body=body, idem=new_key(), status=201).json()
    today = datetime.datetime.now(tz=datetime.timezone.utc).date()
    invoice = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], issue_date=(today - datetime.timedelta(days=3)).isoformat())).json()
    policies = api.call("GET", "/v1/policies/checkout", status=200).json()
    assert policies["current"]["built_in"] is True and policies["current"]["version"] == 0
    session = api.call("POST", "/v1/checkout_sessions", body={"invoice_id": invoice["id"]}, idem=new_key(), status=201).json()
    methods = {m["method"]: m for m in session["decision"]["methods"]}
    assert methods["card"]["visibility"] == "hidden" and methods["card"]["reasons"], methods["card"]
    assert methods["net_terms"]["highlighted"] and session["decision"]["default_method"] == "net_terms"
    assert session["net_terms_due_date"] == (today + datetime.timedelta(days=60)).isoformat()

    # A signal cuts the credit limit below the invoice: the session is re-decided, card is back.
    source = signal_source(api)
    signal = send_signal(api, source, source["secret"], {"type": "credit_terms.updated",
                                                         "data": {"buyer_id": buyer["id"], "net_days": 60, "credit_limit": 1}}, status=200).json()
    assert signal["changes"]["checkout_sessions_redecided"] == [session["id"]]
    again = api.call("GET", f"/v1/checkout_sessions/{session['id']}", status=200).json()
    methods = {m["method"]: m for m in again["decision"]["methods"]}
    assert methods["card"]["visibility"] != "hidden" and again["decision"]["default_method"] != "net_terms"

    # An invoice above the department's approval threshold gets the two-signature approval.
    big = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], lines=[{"description": "Servers", "unit_amount": 400_000}], tax_rate_bps=0,
        custom_fields={"project": "PRJ-0042", "department": "CC-104"})).json()
    decided = api.call("POST", "/v1/checkout_sessions", body={"invoice_id": big["id"]}, idem=new_key(), status=201).json()
    approvals = decided["decision"]["injected_approvals"]
    assert len(approvals) == 1 and approvals[0]["quorum"] == 2 and approvals[0]["department"] == "CC-104", approvals


def test_checkout_policies_are_validated_versioned_and_used(api):
    bad = api.call("PUT", "/v1/policies/checkout", status=422, body={"rules": [
        {"id": "no-crypto", "description": "x", "when": "true", "then": [{"type": "hide_methods", "methods": ["bitcoin"]}]}]}).json()
    assert bad["errors"][0]["field"].startswith("rules[0].then[0].methods") and "no-crypto" in bad["errors"][0]["message"]
    saved = api.call("PUT", "/v1/policies/checkout", status=200, body={"rules": [
        {"id": "wire-only", "description": "Large invoices go by wire", "when": "invoice.total > 0",
         "then": [{"type": "hide_methods", "methods": ["card", "ach_debit", "rtp", "virtual_card", "sepa_credit", "net_terms", "ach_credit"]},
                  {"type": "set_default_method", "method": "wire"}]}]}).json()
    assert saved["version"] >= 1 and saved["built_in"] is False
    listed = api.call("GET", "/v1/policies/checkout", status=200).json()
    assert listed["current"]["version"] == saved["version"] and listed["versions"][0]["version"] == saved["version"]
    buyer = api.call("POST", "/v1/buyers", body=buyer_body(), idem=new_key(), status=201).json()
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=new_key(), status=201).json()
    session = api.call("POST", "/v1/checkout_sessions", body={"invoice_id": invoice["id"]}, idem=new_key(), status=201).json()
    assert session["policy_version"] == saved["version"]
    shown = [m["method"] for m in session["decision"]["methods"] if m["visibility"] != "hidden"]
    assert shown == ["wire"] and session["decision"]["matched_rules"] == ["wire-only"]


def test_confirming_a_session_pays_once_with_the_injected_approval_ahead_of_settlement(api):
    # The over-threshold rule of the built-in policy, saved as the tenant's own version.
    default = {"rules": [
        {"id": "over-threshold", "description": "Above the department's approval threshold: two signatures",
         "when": "context.budget.threshold > 0 && invoice.total > context.budget.threshold",
         "then": [{"type": "require_approval", "quorum": 2, "approvers": [{"department": True}, {"role": "cfo"}], "order": "parallel"}]}]}
    api.call("PUT", "/v1/policies/checkout", status=200, body=default)
    body = buyer_body(approvers=[{"name": "Ada Lovelace", "email": "ada@example.com", "roles": ["cfo"]},
                                 {"name": "Bob Noyce", "email": "bob@example.com", "roles": ["department_head"], "department": "CC-104"}])
    body["custom_field_schema"]["fields"].append({"key": "department", "type": "string", "applies_to": ["invoice"]})
    buyer = api.call("POST", "/v1/buyers", body=body, idem=new_key(), status=201).json()
    api.call("POST", "/v1/workflows", idem=new_key(), status=201, body={
        "name": f"Confirmed {uuid.uuid4().hex[:6]}", "binding": "invoice.number.startsWith('CONF-')", "priority": 200,
        "definition": {"nodes": [{"id": "start", "type": "start"}, {"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}],
                       "edges": [{"from": "start", "to": "pay"}, {"from": "pay", "to": "done", "on": "settled"}]}})
    invoice = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], number=f"CONF-{uuid.uuid4().hex[:6]}", lines=[{"description": "Servers", "unit_amount": 400_000}], tax_rate_bps=0,
        custom_fields={"project": "PRJ-0042", "department": "CC-104"})).json()
    session = api.call("POST", "/v1/checkout_sessions", body={"invoice_id": invoice["id"]}, idem=new_key(), status=201).json()
    assert [a["quorum"] for a in session["decision"]["injected_approvals"]] == [2]

    hidden = api.call("POST", f"/v1/checkout_sessions/{session['id']}/confirm", body={"method": "bitcoin"}, idem=new_key(), status=422)
    assert hidden.json()["errors"][0]["field"] == "method"
    key = new_key()
    confirmed = api.call("POST", f"/v1/checkout_sessions/{session['id']}/confirm", body={"method": "wire"}, idem=key, status=201).json()
    assert confirmed["status"] == "confirmed" and confirmed["payment_id"] == confirmed["payment"]["id"]
    replay = api.call("POST", f"/v1/checkout_sessions/{session['id']}/confirm", body={"method": "wire"}, idem=key, status=201)
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json()["payment"]["id"] == confirmed["payment"]["id"]
    api.call("POST", f"/v1/checkout_sessions/{session['id']}/confirm", body={"method": "wire"}, idem=new_key(), status=409, code="conflict")

    payment = api.call("GET", f"/v1/payments/{confirmed['payment']['id']}", status=200).json()
    assert payment["status"] == "awaiting_approval", payment
    pending = api.call("GET", "/v1/approvals?status=pending&limit=100", status=200).json()["data"]
    mine = [approval for approval in pending if approval["payment_id"] == payment["id"]]
    assert sorted(approval["approver_id"] for approval in mine) == sorted(a["id"] for a in buyer["approvers"])
    run = api.call("GET", f"/v1/runs/{payment['run_id']}", status=200).json()
    assert any(entry["node"].startswith("policy_approval_") for entry in run["journal"]), run["journal"]


MODULE_ECHO_WAT = """
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $len)))
    (local.get $p))
  (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
"""

def test_modules_are_uploaded_versioned_and_dry_run(api):
    created = api.call("POST", "/v1/modules", body={"name": "echo", "wat": MODULE_ECHO_WAT}, idem=f"mod-{uuid.uuid4()}", status=201).json()
    assert created["id"].startswith("mod_") and created["version"] == 1 and created["source_format"] == "wat"
    assert created["exports"] == ["memory", "alloc", "decide"]
    again = api.call("POST", "/v1/modules", body={"name": "echo", "wat": MODULE_ECHO_WAT}, idem=f"mod-{uuid.uuid4()}", status=200).json()
    assert again["version"] == 1
    shown = api.call("GET", f"/v1/modules/{created['id']}", status=200).json()
    assert [v["version"] for v in shown["versions"]] == [1]
    listed = api.call("GET", "/v1/modules", params={"limit": 100}, status=200).json()
    assert created["id"] in [m["id"] for m in listed["data"]]
    card = "4242 4242 4242 4242"
    answer = api.call("POST", f"/v1/modules/{created['id']}/invoke",
                      body={"input": {"payment": {"card_number": card, "amount": 1250}}}, status=200).json()
    assert answer["output"] == {"payment": {"amount": 1250}}, answer
    assert card not in json.dumps(answer)
    assert answer["fuel_used"] > 0 and answer["wall_time_us"] >= 0
    api.call("POST", f"/v1/modules/{created['id']}/invoke", body={"version": 2}, status=422, code="validation_failed")
    api.call("POST", "/v1/modules/mod_missing/invoke", body={"input": {}}, status=404, code="not_found")
    refused = api.call("POST", "/v1/modules", body={"name": "Bad", "wat": "(module"}, idem=f"mod-{uuid.uuid4()}",
                       status=422, code="validation_failed").json()
    assert {e["field"] for e in refused["errors"]} == {"name", "wat"}


def test_a_module_that_loops_forever_fails_with_out_of_fuel(api):
    loop = MODULE_ECHO_WAT.replace("(i64.or", "(loop $l (br $l)) (i64.or")
    created = api.call("POST", "/v1/modules", body={"name": "loop", "wat": loop, "limits": {"fuel_max": 100000}},
                       idem=f"mod-{uuid.uuid4()}", status=201).json()
    assert created["limits"]["fuel_max"] == 100000
    failed = api.call("POST", f"/v1/modules/{created['id']}/invoke", body={"input": {}}, status=422, code="module_failed").json()
    assert failed["errors"][0]["rule"] == "out_of_fuel", failed


def test_a_binary_module_is_uploaded_as_application_wasm(api):
    # The binary comes from wasmtime's wat2wasm, not from Remit's own compiler.
    binary = wasmtime.wat2wasm(MODULE_ECHO_WAT)
    created = api.call("POST", "/v1/modules", data=bytes(binary), content_type="application/wasm",
                       params={"name": "echo-binary", "capabilities": "log", "fuel_max": "5000"},
                       idem=f"mod-{uuid.uuid4()}", status=201).json()
    assert created["source_format"] == "wasm" and created["size_bytes"] == len(binary)
    assert created["capabilities"] == ["log"] and created["limits"]["fuel_max"] == 5000
    answer = api.call("POST", f"/v1/modules/{created['id']}/invoke", body={"input": [1, 2, 3]}, status=200).json()
    assert answer["output"] == [1, 2, 3]


def test_the_ledger_books_an_issued_and_a_voided_invoice(api, buyer):
    invoice = api.call("POST", "/v1/invoices", body=invoice_body(buyer["id"]), idem=new_key(), status=201).json()
    accounts = {a["code"]: a for a in api.call("GET", "/v1/ledger/accounts", params={"limit": 100}, status=200).json()["data"]}
    receivable = accounts[f"receivable:{buyer['id']}"]
    assert receivable["kind"] == "asset" and receivable["normal_side"] == "debit"
    assert accounts["revenue"]["normal_side"] == "credit"
    transfers = api.call("GET", "/v1/ledger/transfers", params={"account_id": receivable["id"], "limit": 100}, status=200).json()["data"]
    issued = [t for t in transfers if t["client_id"] == f"invoice_issued:{invoice['id']}"]
    assert len(issued) == 1 and issued[0]["kind"] == "posted"
    assert sorted((leg["side"], leg["amount"]) for leg in issued[0]["legs"]) == [("credit", invoice["total"]), ("debit", invoice["total"])]
    api.call("POST", f"/v1/invoices/{invoice['id']}/void", body={}, idem=new_key(), status=200)
    transfers = api.call("GET", "/v1/ledger/transfers", params={"account_id": receivable["id"], "limit": 100}, status=200).json()["data"]
    assert any(t["client_id"] == f"invoice_voided:{invoice['id']}" for t in transfers)
    api.call("GET", "/v1/ledger/transfers", params={"sort": "x"}, status=400, code="invalid_request")


# ---------------------------------------------------------------------------------------------
# Bank statements and reconciliation
# ---------------------------------------------------------------------------------------------

CAMT053 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{message}</MsgId><CreDtTm>2026-11-30T10:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-1</Id>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>USD</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="USD">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-30</Dt></BookgDt><ValDt><Dt>2026-11-30</Dt></ValDt><AcctSvcrRef>REF-1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Pty><Nm>SOMEONE ELSE</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>Payment</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


def test_bank_statement_import_unmatched_and_manual_match(api, buyer):
    invoice = api.call("POST", "/v1/invoices", idem=new_key(), status=201, body=invoice_body(
        buyer["id"], currency="USD", tax_rate_bps=0, lines=[{"description": "Goods", "unit_amount": 12_345}])).json()
    message = f"PY-{uuid.uuid4().hex[:12]}"
    xml = CAMT053.format(message=message, amount="123.45").encode()
    imported = api.call("POST", "/v1/bank_statements", data=xml, content_type="application/xml", idem=new_key(), status=201).json()
    statement = imported["statements"][0]
    assert statement["entry_count"] == 1 and statement["unmatched_count"] == 1
    entry = statement["entries"][0]
    assert entry["unmatched"]["reason"] == "no_match"
    assert any(c.get("invoice_id") == invoice["id"] for c in entry["unmatched"]["candidates"])
    api.call("GET", f"/v1/bank_statements/{statement['id']}", status=200)
    listed = api.call("GET", "/v1/reconciliation/unmatched", params={"limit": 100}, status=200).json()
    assert entry["id"] in [item["id"] for item in listed["data"]]
    api.call("POST", "/v1/bank_statements", data=xml, content_type="application/xml", idem=new_key(), status=409, code="conflict")
    api.call("POST", f"/v1/reconciliation/unmatched/{entry['id']}/match", idem=new_key(), status=422, code="validation_failed",
             body={"allocations": [{"invoice_id": invoice["id"], "amount": 100}]})
    matched = api.call("POST", f"/v1/reconciliation/unmatched/{entry['id']}/match", idem=new_key(), status=200,
                       body={"allocations": [{"invoice_id": invoice["id"], "amount": 12_345}]}).json()
    assert matched["status"] == "matched" and matched["match"]["rule"] == "manual"
    assert api.call("GET", f"/v1/invoices/{invoice['id']}", status=200).json()["status"] == "paid"


def test_bank_statement_refused_by_the_schema(api):
    xml = CAMT053.format(message="PY-BAD", amount="ten").encode()
    response = api.call("POST", "/v1/bank_statements", data=xml, content_type="application/xml", idem=new_key(), status=422,
                        code="validation_failed")
    assert response.json()["errors"][0]["message"].startswith("line ")  # libxml2's reason, with its line
    exact = CAMT053.format(message="PY-BAD", amount="12.345").encode()  # schema-valid, but not exact in USD
    api.call("POST", "/v1/bank_statements", data=exact, content_type="application/xml", idem=new_key(), status=422,
             code="validation_failed")
    api.call("POST", "/v1/bank_statements", data=xml, content_type="application/json", idem=new_key(), status=415)
    api.call("GET", "/v1/bank_statements/bst_missing", status=404, code="not_found")
