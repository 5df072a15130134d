"""The Standard Webhooks vectors that the Swift tests bake in, recomputed with the reference.

Tests/RemitConnectorsTests/Fixtures/webhook-vectors.json holds id, timestamp, body, secrets and
the expected `webhook-signature` of each vector. The Swift suite checks that RemitConnectors'
signer produces exactly those signatures and that its verifier accepts them; this test checks
that the PyPI reference implementation (`standardwebhooks`) produces the same signatures and
accepts them too, so a wrong vector cannot make both sides pass.

    python3 -m venv .venv-hooks && .venv-hooks/bin/pip install standardwebhooks pytest
    .venv-hooks/bin/pytest tests/api/test_standard_webhooks.py
"""
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from standardwebhooks import webhooks as reference
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

VECTORS_PATH = Path(__file__).resolve().parents[2] / "Tests/RemitConnectorsTests/Fixtures/webhook-vectors.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["vectors"]


def reference_signature(vector: dict) -> str:
    when = datetime.fromtimestamp(vector["timestamp"], tz=timezone.utc)
    return " ".join(
        Webhook(secret).sign(msg_id=vector["id"], timestamp=when, data=vector["body"]) for secret in vector["secrets"]
    )


def frozen_now(monkeypatch: pytest.MonkeyPatch, unix_seconds: int) -> None:
    """Makes the reference's verify() see `unix_seconds` as now."""

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(unix_seconds, tz=tz)

    monkeypatch.setattr(reference, "datetime", FrozenDatetime)


def headers(vector: dict, signature: str) -> dict:
    return {
        "webhook-id": vector["id"],
        "webhook-timestamp": str(vector["timestamp"]),
        "webhook-signature": signature,
    }


def test_vectors_cover_rotation_and_secret_sizes():
    assert len(VECTORS) >= 5
    assert any(len(vector["secrets"]) == 2 for vector in VECTORS)
    assert any(vector["body"] == "" for vector in VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
def test_reference_computes_the_baked_signature(vector):
    assert reference_signature(vector) == vector["signature"]


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
def test_reference_accepts_the_baked_signature_with_each_secret(vector, monkeypatch):
    frozen_now(monkeypatch, vector["timestamp"])
    for secret in vector["secrets"]:
        Webhook(secret).verify(vector["body"].encode("utf-8"), headers(vector, vector["signature"]), json_parse=False)


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
def test_reference_rejects_the_signature_over_a_changed_body(vector, monkeypatch):
    frozen_now(monkeypatch, vector["timestamp"])
    with pytest.raises(WebhookVerificationError):
        Webhook(vector["secrets"][0]).verify(
            (vector["body"] + " ").encode("utf-8"), headers(vector, vector["signature"]), json_parse=False
        )


def test_reference_tolerance_is_the_five_minutes_remit_uses(monkeypatch):
    vector = VECTORS[0]
    secret = Webhook(vector["secrets"][0])
    frozen_now(monkeypatch, vector["timestamp"] + 300)
    secret.verify(vector["body"].encode("utf-8"), headers(vector, vector["signature"]), json_parse=False)
    frozen_now(monkeypatch, vector["timestamp"] + 301)
    with pytest.raises(WebhookVerificationError, match="too old"):
        secret.verify(vector["body"].encode("utf-8"), headers(vector, vector["signature"]), json_parse=False)
