"""Run the test OIDC provider: migrate its database (or copy the one migrated by an earlier
start), create the client and one person, serve on the given port. ``python -m tests.identity.oidc_provider.serve PORT`` with
OIDC_TEST_DB, OIDC_TEST_KEY, OIDC_TEST_REDIRECTS, OIDC_TEST_AMR, OIDC_TEST_CONSENT in the environment."""

import os
import sys

from tests.identity.oidc_provider.people import CLIENT_ID, CLIENT_SECRET, EMAIL, PASSWORD, USERNAME


def migrate_once(call_command) -> None:
    """Migrate the provider's database, or copy the file an earlier start of these
    migrations saved (tests/migrated_db.py's folder and key). Each start migrated a new
    SQLite file: 11 s of wall time on this machine's disk for 3 s of CPU, in three modules
    (and both xdist workers). ``TEST_DB_CACHE=0`` switches it off."""
    import shutil
    from pathlib import Path

    from tests import migrated_db

    database = Path(os.environ["OIDC_TEST_DB"])
    if os.environ.get("TEST_DB_CACHE", "1") == "0":
        call_command("migrate", verbosity=0)
        return
    with migrated_db.lock("oidc-provider"):
        saved = migrated_db.FOLDER / f"oidc-provider-{migrated_db.key()}.sqlite3"
        if saved.exists():
            # No connection is open yet: Django opens the copied file on its first query.
            shutil.copyfile(saved, database)
            return
        call_command("migrate", verbosity=0)
        from django.db import connection

        connection.close()
        partial = saved.with_suffix(f".{os.getpid()}.partial")
        shutil.copyfile(database, partial)
        partial.replace(saved)


def main(port: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.identity.oidc_provider.settings"
    import django

    django.setup()
    from wsgiref.simple_server import make_server

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from tests.identity.peers import _QuietHandler, _ThreadingServer

    migrate_once(call_command)
    user, _ = User.objects.get_or_create(
        username=USERNAME, defaults={"email": EMAIL, "first_name": "Maria", "last_name": "Kraus"}
    )
    user.set_password(PASSWORD)
    user.save()
    Application.objects.update_or_create(
        client_id=CLIENT_ID,
        defaults={
            "client_secret": CLIENT_SECRET,
            "hash_client_secret": True,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": os.environ["OIDC_TEST_REDIRECTS"],
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": not os.environ.get("OIDC_TEST_CONSENT"),
            "name": "Beteiligungsportal",
        },
    )
    server = make_server(
        "127.0.0.1",
        port,
        get_wsgi_application(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
