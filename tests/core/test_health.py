"""/healthz/ answers load balancers without touching the database; /readyz/ tells whether
database, cache, broker and outbox are fit to serve (docs/deployment.md)."""

import pytest

from beteiligung.models import OutboxEmail, OutboxStatus


def test_healthz_answers_ok_without_database_access(client):
    # No `db` fixture: any query would raise "Database access not allowed".
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_readyz_answers_ok_when_every_part_is_fine(client):
    response = client.get("/readyz/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["outbox"] == "0 queued"
    assert "sessionid" not in response.cookies
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_the_cache_when_redis_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "beteiligung.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/15",
        }
    }

    response = client.get("/readyz/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"].startswith("failed")
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_the_outbox_backlog_grows_beyond_the_limit(client, settings):
    settings.OUTBOX_BACKLOG_LIMIT = 2
    for number in range(3):
        OutboxEmail.objects.create(subject=f"Mail {number}", to=["a@example.org"], text="…")
    OutboxEmail.objects.create(subject="Gesendet", to=["a@example.org"], status=OutboxStatus.SENT)

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == "failed: CheckFailed: 3 queued, more than 2"
