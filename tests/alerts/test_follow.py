"""Following from the page: one click with an account, double opt-in without one."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.models import FollowKind, Subscription
from cms.procedures import PhaseKind
from tests.alerts.conftest import HOUR, run_alerts
from tests.cms.conftest import make_procedure
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(home, organisation):
    page = make_procedure(home, organisation, stage=PhaseKind.INFORMATION)
    page.save_revision().publish()
    return page


def follow_post(client, procedure, **data):
    return client.post(
        reverse("alerts:follow"),
        {"kind": "procedure", "target": procedure.pk, "next": procedure.url, **data},
    )


def test_a_logged_in_citizen_follows_a_procedure_with_one_click_and_the_button_says_so(
    client, citizen, procedure
):
    client.force_login(citizen)
    before = client.get(procedure.url).content.decode()
    assert 'aria-pressed="false"' in before and "Diesem Verfahren folgen" in before

    response = follow_post(client, procedure)

    assert response.status_code == 302 and response["Location"] == procedure.url
    page = client.get(procedure.url).content.decode()
    assert 'aria-pressed="true"' in page
    assert "Sie folgen „Bebauungsplan Mitte“" in page
    assert Subscription.objects.get(user=citizen).is_confirmed


def test_a_second_click_stops_following(client, citizen, procedure):
    client.force_login(citizen)
    follow_post(client, procedure)
    follow_post(client, procedure)
    assert not Subscription.objects.filter(user=citizen).exists()


def test_following_by_e_mail_sends_only_a_confirmation_until_confirmed(
    client, procedure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow_post(client, procedure, email="anna@example.org")

    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in response.content.decode()
    assert [m.subject for m in mail.outbox] == [
        "Bitte bestätigen: Benachrichtigungen zu „Bebauungsplan Mitte“"
    ]
    subscription = Subscription.objects.get(email="anna@example.org")
    assert not subscription.is_confirmed
    link = f"/abos/bestaetigen/{subscription.token}/"
    assert link in mail.outbox[0].body
    opened = procedure.participation_phase().start + HOUR
    assert run_alerts(django_capture_on_commit_callbacks, opened) == []

    assert "Ja, Benachrichtigungen senden" in client.get(link).content.decode()
    assert not Subscription.objects.get(pk=subscription.pk).is_confirmed  # GET alone: no
    client.post(link)
    assert Subscription.objects.get(pk=subscription.pk).is_confirmed
    deadline = procedure.participation_phase().end - datetime.timedelta(days=2)
    later = run_alerts(django_capture_on_commit_callbacks, deadline)
    assert [m.to for m in later] == [["anna@example.org"]]
    assert "Stellungnahmen nur noch bis" in later[0].subject


def test_following_by_e_mail_twice_sends_the_confirmation_again_but_stores_one_follow(
    client, procedure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_post(client, procedure, email="anna@example.org")
        follow_post(client, procedure, email="anna@example.org")
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_missing_address_is_asked_for_again_with_a_german_message(client, procedure):
    response = follow_post(client, procedure, email="keine-adresse")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Folgen hat nicht geklappt" in page
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in page
    assert 'value="keine-adresse"' in page
    assert Subscription.objects.count() == 0


def test_an_unknown_target_or_a_hostile_next_address_leads_nowhere_else(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("alerts:follow"),
        {"kind": "procedure", "target": "999999", "next": "https://evil.example/"},
    )
    page = response.content.decode()
    assert "Dieses Verfahren gibt es nicht" in page
    assert "evil.example" not in page


def test_a_hostile_topic_in_the_address_gets_no_button(client, procedure):
    index = procedure.get_parent()
    response = client.get(index.url, {"topic": '"><script>alert(1)</script>'})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page
    assert "Dem Thema" not in page


def test_a_topic_filter_offers_to_follow_the_topic(client, citizen, procedure):
    procedure.tags.add("Radverkehr")
    procedure.save_revision().publish()
    client.force_login(citizen)
    page = client.get(procedure.get_parent().url, {"topic": "radverkehr"}).content.decode()
    assert "Dem Thema „Radverkehr“ folgen" in page
    client.post(reverse("alerts:follow"), {"kind": "topic", "target": "radverkehr", "next": "/"})
    assert Subscription.objects.get(user=citizen).label == "Radverkehr"


def test_an_area_is_followed_by_municipality_or_by_coordinates_and_radius(client, citizen):
    client.force_login(citizen)
    client.post(
        reverse("alerts:follow_area"),
        {"place": "Darmstadt", "radius_km": "5", "frequency": "daily"},
    )
    client.post(
        reverse("alerts:follow_area"),
        {
            "place": "Luisenplatz",
            "latitude": "49,872800",
            "longitude": "8,651200",
            "radius_km": "2",
            "frequency": "immediate",
        },
    )
    labels = sorted(s.label for s in Subscription.objects.filter(user=citizen))
    assert labels == ["Darmstadt", "Luisenplatz und 2 km Umkreis"]


def test_an_area_with_only_one_coordinate_is_refused_and_the_input_kept(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("alerts:follow_area"),
        {"place": "Luisenplatz", "latitude": "49,87", "radius_km": "2", "frequency": "daily"},
    )
    page = response.content.decode()
    assert "Bitte geben Sie Breiten- und Längengrad an" in page
    assert 'value="Luisenplatz"' in page


def test_unconfirmed_follows_expire_and_unopened_ones_after_a_year(procedure, settings):
    unconfirmed = Subscription(
        kind=FollowKind.PROCEDURE, email="a@example.org", procedure=procedure.page_ptr
    )
    unconfirmed.delete_after = timezone.localdate() + datetime.timedelta(days=7)
    unconfirmed.save()
    confirmed = Subscription.objects.create(
        kind=FollowKind.PROCEDURE, email="b@example.org", procedure=procedure.page_ptr
    )
    confirmed.confirm()
    account = make_user("c@example.org")
    Subscription.objects.create(
        kind=FollowKind.PROCEDURE,
        user=account,
        procedure=procedure.page_ptr,
        confirmed_at=timezone.now(),
    )

    services.erase_expired(timezone.localdate() + datetime.timedelta(days=8))
    assert sorted(Subscription.objects.values_list("email", flat=True)) == ["", "b@example.org"]

    services.erase_expired(timezone.localdate() + datetime.timedelta(days=366))
    assert list(Subscription.objects.values_list("user__email", flat=True)) == ["c@example.org"]


def test_opening_an_alert_keeps_a_follow_without_account_another_year(client, procedure):
    from alerts.models import Occurrence

    subscription = Subscription.objects.create(
        kind=FollowKind.PROCEDURE, email="b@example.org", procedure=procedure.page_ptr
    )
    subscription.confirm(timezone.now() - datetime.timedelta(days=300))
    occurrence = Occurrence.objects.create(kind="result", key="k", title="T", url=procedure.url)

    response = client.get(reverse("alerts:open", args=[subscription.token, occurrence.pk]))

    assert response.status_code == 302 and response["Location"] == procedure.url
    subscription.refresh_from_db()
    assert subscription.delete_after == timezone.localdate() + datetime.timedelta(days=365)
