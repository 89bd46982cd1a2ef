"""A citizen's map notes are in the account's data export and stay anonymously on deletion."""

from beteiligung.privacy import delete_account
from maps.models import MapContribution
from tests.conftest import make_user
from tests.maps.conftest import make_contribution


def test_the_data_export_contains_my_notes_with_point_and_place(
    client, citizen, feedback_procedure
):
    make_contribution(feedback_procedure, citizen, text="Bitte Bäume erhalten", place="Am Markt")
    make_contribution(feedback_procedure, make_user("nora@example.org"), text="Nicht von mir")
    client.force_login(citizen)

    response = client.get("/konto/meine-daten/?format=json")

    records = response.json()["map_feedback"]["records"]
    assert response.status_code == 200
    assert len(records) == 1
    assert records[0]["text"] == "Bitte Bäume erhalten"
    assert records[0]["place"] == "Am Markt"
    assert records[0]["latitude"] == "49.872800"
    assert records[0]["category"] == "Radweg fehlt"
    assert "Bitte Bäume erhalten" in client.get("/konto/meine-daten/").content.decode()


def test_deleting_the_account_leaves_the_note_on_the_map_without_a_name(
    client, citizen, feedback_procedure
):
    note = make_contribution(feedback_procedure, citizen, text="Lärm nachts")

    delete_account(citizen)

    note = MapContribution.objects.select_related("comment").get(pk=note.pk)
    assert note.comment.author is None
    assert "Lärm nachts" in client.get(f"/kartenhinweise/{feedback_procedure.pk}/").content.decode()
