"""Citizens' map feedback on a procedure: points inside the area, categories, supports."""

from dialogues.models import CommentStatus
from maps.models import FeedbackCategory, MapContribution
from tests.cms.conftest import INSIDE, OUTSIDE
from tests.conftest import make_user
from tests.maps.conftest import make_contribution, make_feedback_procedure


def url(procedure) -> str:
    return f"/kartenhinweise/{procedure.pk}/"


def post(client, procedure, **fields):
    category = FeedbackCategory.objects.filter(procedure=procedure).first()
    data = {"category": category.pk, "text": "Radweg fehlt hier"}
    data.update(INSIDE)
    data.update(fields)
    return client.post(url(procedure), data)


def test_a_citizen_puts_a_note_inside_the_area_on_the_map(client, citizen, feedback_procedure):
    client.force_login(citizen)

    response = post(client, feedback_procedure)

    contribution = MapContribution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#kommentar-{contribution.comment_id}")
    assert contribution.procedure_id == feedback_procedure.pk
    assert str(contribution.latitude) == INSIDE["latitude"]
    assert contribution.comment.author == citizen
    assert contribution.comment.page_id == feedback_procedure.pk
    page = client.get(url(feedback_procedure)).content.decode()
    assert "Radweg fehlt hier" in page and "Radweg fehlt" in page


def test_a_point_outside_the_planning_area_is_refused_and_the_text_kept(
    client, citizen, feedback_procedure
):
    client.force_login(citizen)

    response = post(client, feedback_procedure, text="Lärm an der Kreuzung", **OUTSIDE)

    assert response.status_code == 400
    assert MapContribution.objects.count() == 0
    page = response.content.decode()
    assert "außerhalb des Planungsgebiets" in page
    assert "Lärm an der Kreuzung" in page
    assert OUTSIDE["latitude"] in page


def test_a_place_description_replaces_the_point(client, citizen, feedback_procedure):
    client.force_login(citizen)

    response = post(client, feedback_procedure, latitude="", longitude="", place="Marktplatz")

    assert response.status_code == 302
    contribution = MapContribution.objects.get()
    assert contribution.latitude is None and contribution.place == "Marktplatz"


def test_neither_point_nor_place_asks_for_one(client, citizen, feedback_procedure):
    client.force_login(citizen)

    response = post(client, feedback_procedure, latitude="", longitude="")

    assert response.status_code == 400
    assert "beschreiben Sie den Ort" in response.content.decode()


def test_notes_are_only_taken_during_the_participation_phase(client, citizen, home, organisation):
    procedure = make_feedback_procedure(home, organisation, stage="evaluation", slug="spaet")
    client.force_login(citizen)

    response = post(client, procedure)

    assert response.status_code == 409
    assert MapContribution.objects.count() == 0
    assert "nur während der Beteiligungsphase" in response.content.decode()


def test_visitors_must_log_in_to_post_but_see_the_notes(client, citizen, feedback_procedure):
    make_contribution(feedback_procedure, citizen, text="Bitte Bäume erhalten")

    assert post(client, feedback_procedure)["Location"].startswith("/konto/login/")
    page = client.get(url(feedback_procedure)).content.decode()
    assert "Bitte Bäume erhalten" in page
    assert MapContribution.objects.count() == 1


def test_procedures_without_map_feedback_have_no_feedback_page(client, home, organisation):
    from tests.cms.conftest import make_procedure

    procedure = make_procedure(home, organisation)

    assert client.get(url(procedure)).status_code == 404


def test_the_public_data_lists_published_points_compactly(client, citizen, feedback_procedure):
    shown = make_contribution(feedback_procedure, citizen)
    hidden = make_contribution(feedback_procedure, citizen, text="Spam")
    hidden.comment.status = CommentStatus.HIDDEN
    hidden.comment.save()
    make_contribution(feedback_procedure, citizen, latitude=None, place="Marktplatz")

    data = client.get(f"{url(feedback_procedure)}punkte.json").json()

    assert [c["name"] for c in data["categories"]] == ["Radweg fehlt", "Lärm", "Bäume erhalten"]
    assert data["points"] == [[49.8728, 8.6512, 0, shown.comment_id, 0]]


def test_others_support_a_note_and_return_to_the_map_list(client, citizen, feedback_procedure):
    contribution = make_contribution(feedback_procedure, citizen)
    neighbour = make_user("nachbarin@example.org")
    client.force_login(neighbour)

    response = client.post(
        f"/kommentare/{contribution.comment_id}/unterstuetzen/", {"next": url(feedback_procedure)}
    )

    assert response["Location"] == f"{url(feedback_procedure)}#kommentar-{contribution.comment_id}"
    contribution.comment.refresh_from_db()
    assert contribution.comment.support_count == 1
    assert "1 Unterstützung" in client.get(url(feedback_procedure)).content.decode()


def test_a_foreign_next_address_is_ignored(client, citizen, feedback_procedure):
    contribution = make_contribution(feedback_procedure, citizen)
    client.force_login(make_user("nachbarin@example.org"))

    response = client.post(
        f"/kommentare/{contribution.comment_id}/unterstuetzen/", {"next": "https://evil.example/"}
    )

    assert not response["Location"].startswith("https://evil.example")


def test_notes_reported_often_are_hidden_from_the_map(client, citizen, feedback_procedure):
    contribution = make_contribution(feedback_procedure, citizen, text="Werbung für Pillen")
    for n in range(3):
        client.force_login(make_user(f"melder{n}@example.org"))
        client.post(
            f"/kommentare/{contribution.comment_id}/melden/?next={url(feedback_procedure)}",
            {"reason": "spam", "explanation": ""},
        )

    contribution.comment.refresh_from_db()
    assert contribution.comment.status == CommentStatus.HIDDEN
    assert "Werbung für Pillen" not in client.get(url(feedback_procedure)).content.decode()
    assert client.get(f"{url(feedback_procedure)}punkte.json").json()["points"] == []
