"""A citizen sees and downloads their data, and deletes their account."""

from beteiligung.models import User


def test_my_data_page_shows_the_account(client, citizen):
    client.force_login(citizen)
    response = client.get("/konto/meine-daten/")
    assert response.status_code == 200
    assert citizen.email in response.content.decode()


def test_my_data_downloads_as_json(client, citizen):
    client.force_login(citizen)
    response = client.get("/konto/meine-daten/", {"format": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="meine-daten.json"'
    data = response.json()
    assert data["account"]["email"] == citizen.email
    assert data["account"]["display_name"] == "Clara Citizen"
    assert data["account"]["email_addresses"][0]["verified"] is True


def test_my_data_needs_a_login(client, db):
    response = client.get("/konto/meine-daten/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_account_deletion_needs_the_password(client, citizen):
    client.force_login(citizen)
    response = client.post("/konto/loeschen/", {"password": "falsch"})
    assert response.status_code == 200
    assert "Das Passwort ist nicht korrekt." in response.content.decode()
    assert User.objects.filter(pk=citizen.pk).exists()


def test_account_deletion_removes_the_account_and_logs_out(client, citizen):
    client.force_login(citizen)
    response = client.post("/konto/loeschen/", {"password": "secret-pass-123"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=citizen.pk).exists()
    assert client.get("/konto/").status_code == 302
