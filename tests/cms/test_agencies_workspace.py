"""The agency workspace on the portal: accept, draft, co-sign, release; the boundary between
agencies; hostile text."""

import pytest
from django.core import mail
from django.urls import reverse

from cms.agencies import AgencyMember, AgencyRole, AgencyStatement, AgencyStatementStatus
from cms.procedures import SubmitterKind
from tests.cms.agency_builders import (
    make_agency,
    make_agency_member,
    make_draft,
    make_invitation,
)
from tests.cms.conftest import INSIDE, OUTSIDE
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> "onmouseover=alert(1) =HYPERLINK("http://evil")'


@pytest.fixture
def agency(db):
    return make_agency()


@pytest.fixture
def invitation(procedure, agency):
    return make_invitation(procedure, agency)


@pytest.fixture
def clerk(agency):
    return make_agency_member(agency, AgencyRole.CLERK)


@pytest.fixture
def coordinator(agency):
    return make_agency_member(agency, AgencyRole.COORDINATOR)


def test_the_invitation_link_asks_a_visitor_to_sign_up_or_log_in_and_come_back(client, invitation):
    url = reverse("cms:agency_accept", args=[invitation.token])

    response = client.get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Einladung zur Stellungnahme" in content
    assert "Hessen Mobil" in content and "Bebauungsplan Mitte" in content
    assert f"/konto/signup/?next={url.replace('/', '%2F')}" in content
    assert "Konto anlegen" in content and "Anmelden" in content


def test_accepting_links_the_account_as_coordinator_and_the_link_then_fails(
    client, invitation, agency
):
    user = make_user("lorenz@hessen-mobil.example")
    client.force_login(user)
    url = reverse("cms:agency_accept", args=[invitation.token])

    response = client.post(url)

    assert response.status_code == 302
    assert AgencyMember.objects.get(agency=agency, user=user).role == AgencyRole.COORDINATOR
    client.force_login(make_user("fremd@example.org"))
    again = client.post(url)
    assert again.status_code == 410
    assert "bereits verwendet" in again.content.decode()
    assert AgencyMember.objects.filter(agency=agency).count() == 1


def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("cms:agency_accept", args=["x" * 43])).status_code == 404


def test_a_clerk_saves_a_draft_that_nobody_outside_the_agency_sees(
    client, invitation, clerk, procedure
):
    client.force_login(clerk)

    response = client.post(
        reverse("cms:agency_draft_new", args=[invitation.pk]),
        {"text": "Wir regen eine Lärmschutzwand an.", "section": "Kapitel 3", **INSIDE},
    )

    draft = AgencyStatement.objects.get()
    assert response.status_code == 302
    assert draft.status == AgencyStatementStatus.DRAFT
    assert draft.drafted_by == clerk and str(draft.latitude) == INSIDE["latitude"]
    assert not procedure.statements.exists()
    page = client.get(reverse("cms:agency_statement", args=[draft.pk])).content.decode()
    assert "Entwurf – noch nicht eingereicht" in page
    assert "Die Koordination Ihres Trägers prüft den Entwurf und gibt ihn frei." in page


def test_the_draft_form_keeps_the_text_and_explains_a_point_outside_the_area(
    client, invitation, clerk
):
    client.force_login(clerk)

    response = client.post(
        reverse("cms:agency_draft_new", args=[invitation.pk]),
        {"text": "Bitte prüfen Sie die Trasse.", **OUTSIDE},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Der Punkt liegt außerhalb des Plangebiets" in content
    assert "Bitte prüfen Sie die Trasse." in content
    assert not AgencyStatement.objects.exists()


def test_the_draft_form_sets_the_point_on_a_map_of_the_planning_area(client, invitation, clerk):
    client.force_login(clerk)

    html = client.get(reverse("cms:agency_draft_new", args=[invitation.pk])).content.decode()

    fieldset = html[html.index('class="statement-location"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "data-pick-point" in fieldset and 'class="folium-map"' in fieldset
    assert "Klicken Sie in die Karte, um den Punkt zu setzen" in fieldset
    assert 'name="latitude"' in fieldset and 'name="longitude"' in fieldset
    assert "statement-map.js" in html


def test_a_clerk_cannot_release(client, invitation, clerk):
    draft = make_draft(invitation, clerk)
    client.force_login(clerk)

    response = client.post(reverse("cms:agency_release", args=[draft.pk]))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == AgencyStatementStatus.DRAFT


def test_the_coordinator_releases_and_the_agency_sees_its_released_statement(
    client, invitation, clerk, coordinator, procedure
):
    draft = make_draft(invitation, clerk, "Keine Bedenken gegen die Planung.")
    client.force_login(coordinator)

    response = client.post(reverse("cms:agency_release", args=[draft.pk]), follow=True)

    statement = procedure.statements.get()
    content = response.content.decode()
    assert statement.submitter_kind == SubmitterKind.AGENCY
    assert statement.agency_name == "Hessen Mobil"
    assert f"Vorgangsnummer: {statement.reference}" in content
    assert "Freigegeben und eingereicht" in content
    overview = client.get(reverse("cms:agency_procedure", args=[invitation.pk])).content.decode()
    assert statement.reference in overview


@pytest.mark.parametrize("name", ["agency_procedure", "agency_draft_new"])
def test_people_of_another_agency_do_not_find_the_procedure_workspace(client, invitation, name):
    outsider = make_agency_member(make_agency("Abwasserverband", "info@abwasser.example"))
    client.force_login(outsider)

    assert client.get(reverse(f"cms:{name}", args=[invitation.pk])).status_code == 404


def test_people_of_another_agency_can_neither_read_nor_release_a_draft(client, invitation, clerk):
    draft = make_draft(invitation, clerk)
    outsider = make_agency_member(
        make_agency("Abwasserverband", "info@abwasser.example"), AgencyRole.COORDINATOR
    )
    client.force_login(outsider)

    assert client.get(reverse("cms:agency_statement", args=[draft.pk])).status_code == 404
    assert client.post(reverse("cms:agency_release", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == AgencyStatementStatus.DRAFT


def test_staff_of_the_administration_do_not_see_agency_drafts(
    client, invitation, clerk, organisation
):
    from beteiligung.roles import Role
    from tests.conftest import make_staff

    draft = make_draft(invitation, clerk)
    client.force_login(make_staff(organisation, Role.PLANNER))

    assert client.get(reverse("cms:agency_statement", args=[draft.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, invitation):
    response = client.get(reverse("cms:agency_procedure", args=[invitation.pk]))

    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_hostile_text_and_agency_names_are_shown_as_text(client, procedure, coordinator):
    agency = coordinator.agency_memberships.get().agency
    agency.name = HOSTILE
    agency.save()
    invitation = make_invitation(procedure, agency)
    draft = make_draft(invitation, coordinator, HOSTILE)
    client.force_login(coordinator)

    pages = [
        client.get(reverse("cms:agency_workspace")),
        client.get(reverse("cms:agency_procedure", args=[invitation.pk])),
        client.get(reverse("cms:agency_statement", args=[draft.pk])),
    ]

    for response in pages:
        content = response.content.decode()
        assert response.status_code == 200
        assert '<script>alert("x")' not in content
        assert "&lt;script&gt;" in content


def test_the_coordinator_invites_a_clerk_colleague_who_joins_with_the_link(
    client, coordinator, agency, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cms:agency_colleague_invite", args=[agency.pk]),
            {"email": "engel@hessen-mobil.example", "role": AgencyRole.CLERK},
        )

    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["engel@hessen-mobil.example"]
    assert "Mitarbeit für Hessen Mobil" in message.subject
    link = next(word for word in message.body.split() if "/konto/traeger/kollegium/" in word)
    colleague = make_user("engel@hessen-mobil.example")
    client.force_login(colleague)
    path = link.split("testserver")[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    assert client.post(path).status_code == 302
    assert AgencyMember.objects.get(user=colleague).role == AgencyRole.CLERK
    assert client.post(path).status_code == 410


def test_a_clerk_cannot_invite_colleagues(client, clerk, agency):
    client.force_login(clerk)

    response = client.post(
        reverse("cms:agency_colleague_invite", args=[agency.pk]),
        {"email": "x@example.org", "role": AgencyRole.COORDINATOR},
    )

    assert response.status_code == 403


def test_a_wrong_colleague_address_is_explained_and_kept(client, coordinator, agency):
    client.force_login(coordinator)

    response = client.post(
        reverse("cms:agency_colleague_invite", args=[agency.pk]),
        {"email": "kein-at-zeichen", "role": AgencyRole.CLERK},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in content
    assert 'value="kein-at-zeichen"' in content


def test_the_coordinator_edits_the_clerks_draft_before_releasing_it(
    client, invitation, clerk, coordinator, procedure
):
    draft = make_draft(invitation, clerk, "Erster Entwurf.")
    client.force_login(coordinator)
    url = reverse("cms:agency_statement", args=[draft.pk])

    assert "Erster Entwurf." in client.get(url + "?bearbeiten=1").content.decode()
    client.post(url, {"text": "Abgestimmte Fassung."})
    client.post(reverse("cms:agency_release", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.drafted_by == clerk and draft.updated_by == coordinator
    assert procedure.statements.get().text == "Abgestimmte Fassung."


def test_a_released_statement_can_no_longer_be_changed(client, invitation, coordinator):
    from cms.agencies import release

    draft = make_draft(invitation, coordinator, "Endfassung.")
    statement = release(draft, coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("cms:agency_statement", args=[draft.pk]), {"text": "Nachträglich geändert."}
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    draft.refresh_from_db()
    assert statement.text == draft.text == "Endfassung."
