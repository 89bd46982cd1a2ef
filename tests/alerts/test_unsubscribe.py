"""Every alert carries RFC 8058 one-click unsubscribe headers, and the outbox keeps them."""

import pytest
from django.core import mail
from django.test import Client

from alerts.models import FollowKind, Subscription
from beteiligung.models import OutboxEmail
from cms.procedures import PhaseKind
from tests.alerts.conftest import HOUR, follow, run_alerts
from tests.cms.conftest import make_procedure
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(home, organisation, django_capture_on_commit_callbacks):
    procedure = make_procedure(home, organisation, stage=PhaseKind.INFORMATION)
    procedure.save_revision().publish()
    user = make_user("anna@example.org")
    subscription = follow(FollowKind.PROCEDURE, user=user, procedure=procedure.page_ptr)
    mails = run_alerts(
        django_capture_on_commit_callbacks, procedure.participation_phase().start + HOUR
    )
    return subscription, [m for m in mails if "hat begonnen" in m.subject][0]


def test_the_alert_names_the_one_click_unsubscribe_url_in_its_headers(alert):
    subscription, message = alert
    url = f"http://testserver/abos/abmelden/{subscription.token}/"
    expected = message.extra_headers["List-Unsubscribe"]
    assert expected.startswith("<") and expected.endswith(f"/abos/abmelden/{subscription.token}/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stored = OutboxEmail.objects.get(pk=message.extra_headers["X-Outbox-ID"])
    assert stored.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(subscription.token) in message.body and url.split("testserver")[1] in message.body
    assert "Diese Benachrichtigungen abbestellen" in message.body


def test_a_post_to_the_header_url_unsubscribes_without_login_or_csrf_token(alert):
    subscription, message = alert
    path = "/" + message.extra_headers["List-Unsubscribe"].strip("<>").split("/", 3)[3]
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert "Benachrichtigungen abbestellt" in response.content.decode()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_opening_the_unsubscribe_link_only_asks(client, alert):
    subscription, _message = alert
    response = client.get(f"/abos/abmelden/{subscription.token}/")
    assert "Ja, abbestellen" in response.content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_an_unknown_or_malformed_token_answers_kindly(client):
    assert client.post("/abos/abmelden/not-a-token/").status_code == 200
    assert client.get("/abos/abmelden/%00/").status_code == 404
    assert mail.outbox == []
