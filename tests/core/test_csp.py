"""The public Content Security Policy allows no inline or eval'd script anywhere outside the
admin; the admin's relaxed policy is what docs/deployment.md describes."""

import pytest

from beteiligung.middleware import tile_origin
from tests.conftest import make_user


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


PUBLIC = ["/", "/konto/login/", "/konto/signup/", "/termine/", "/meldungen/", "/gibt-es-nicht/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_run_only_our_own_and_nonced_scripts(client, db, url):
    policy = directives(client.get(url)["Content-Security-Policy"])

    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert scripts[0] == "'self'"
    assert scripts[1].startswith("'nonce-")
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_each_response_gets_a_fresh_nonce(client, db):
    first = directives(client.get("/konto/login/")["Content-Security-Policy"])["script-src"][1]
    second = directives(client.get("/konto/login/")["Content-Security-Policy"])["script-src"][1]
    assert first != second


def test_the_admin_policy_is_the_documented_one(client, db):
    client.force_login(make_user("admin@beteiligung.example", is_staff=True, is_superuser=True))
    policy = directives(client.get("/admin/")["Content-Security-Policy"])

    # Wagtail's editors need inline and eval'd scripts; nothing may come from another host
    # but the map tiles (images), which the admin's maps load only when staff ask for them,
    # as on the public pages.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:", tile_origin()]
    assert all(
        "://" not in source
        for directive, sources in policy.items()
        for source in sources
        if directive != "img-src"
    )
