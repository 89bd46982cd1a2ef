"""/healthz/ answers load balancers without touching the database."""


def test_healthz_answers_ok_without_database_access(client):
    # No `db` fixture: any query would raise "Database access not allowed".
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies
