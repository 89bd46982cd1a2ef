"""'Meine Abos' lists every follow and its setting; data download and deletion cover them."""

import pytest
from django.urls import reverse

from alerts.models import FollowKind, Frequency, Subscription
from beteiligung.privacy import delete_account, export_user_data
from tests.alerts.conftest import follow, follow_area
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def follows(citizen, organisation):
    return [
        follow(FollowKind.ORGANISATION, user=citizen, organisation=organisation),
        follow_area("49.872800", "8.651200", 5, user=citizen),
    ]


def test_the_account_page_links_to_my_alerts_which_lists_each_follow(client, citizen, follows):
    client.force_login(citizen)
    assert reverse("alerts:my_follows") in client.get("/konto/").content.decode()

    page = client.get("/konto/abos/").content.decode()

    assert "Meine Abos" in page
    assert "Stadt Musterstadt" in page and "Darmstadt und 5 km Umkreis" in page
    assert page.count('<select name="') == 2


def test_the_frequency_of_a_follow_is_changed_and_a_follow_is_stopped(client, citizen, follows):
    client.force_login(citizen)
    first, second = follows
    client.post(
        "/konto/abos/", {"subscription": first.pk, f"{first.pk}-frequency": Frequency.WEEKLY}
    )
    client.post("/konto/abos/", {"subscription": second.pk, "action": "delete"})
    assert list(Subscription.objects.values_list("frequency", flat=True)) == [Frequency.WEEKLY]


def test_another_persons_follow_cannot_be_changed(client, citizen, follows):
    other = make_user("otto@example.org")
    client.force_login(other)
    response = client.post("/konto/abos/", {"subscription": follows[0].pk, "action": "delete"})
    assert response.status_code == 404
    assert Subscription.objects.count() == 2


def test_my_alerts_needs_a_login(client):
    assert client.get("/konto/abos/").status_code == 302


def test_the_data_download_lists_the_follows_and_deletion_erases_them(citizen, follows):
    follow(FollowKind.TOPIC, email=citizen.email, topic="radverkehr")
    data = export_user_data(citizen)
    names = [record["name"] for record in data["alerts"]["records"]]
    assert names == ["Stadt Musterstadt", "Darmstadt und 5 km Umkreis"]

    delete_account(citizen)

    assert Subscription.objects.count() == 0
