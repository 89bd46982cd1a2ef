"""Daily and weekly digests: one mail with everything that waited, sent once."""

import pytest
from django.core import mail

from alerts import services
from alerts.models import Delivery, FollowKind, Frequency
from cms.procedures import PhaseKind
from tests.alerts.conftest import HOUR, follow, run_alerts
from tests.cms.conftest import make_procedure

pytestmark = pytest.mark.django_db


def test_a_daily_follower_gets_nothing_at_once_and_everything_in_one_digest(
    home, organisation, django_capture_on_commit_callbacks
):
    first = make_procedure(home, organisation, stage=PhaseKind.INFORMATION, slug="a")
    second = make_procedure(
        home, organisation, stage=PhaseKind.INFORMATION, slug="b", title="Radweg Nord"
    )
    for page in (first, second):
        page.save_revision().publish()
    follow(
        FollowKind.ORGANISATION,
        email="anna@example.org",
        organisation=organisation,
        frequency=Frequency.DAILY,
    )
    follow(FollowKind.ORGANISATION, email="otto@example.org", organisation=organisation)

    immediate = run_alerts(
        django_capture_on_commit_callbacks, first.participation_phase().start + HOUR
    )
    assert "anna@example.org" not in [a for m in immediate for a in m.to]
    assert Delivery.objects.filter(address="anna@example.org", sent_at=None).count() == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(Frequency.DAILY) == 1
        assert services.send_digests(Frequency.DAILY) == 0
        assert services.send_digests(Frequency.WEEKLY) == 0

    [digest] = mail.outbox
    assert digest.to == ["anna@example.org"]
    assert digest.subject == "Ihre Tagesübersicht: 2 Neuigkeiten"
    assert "Radweg Nord" in digest.body and "Bebauungsplan Mitte" in digest.body
    assert digest.extra_headers["List-Unsubscribe"].endswith("?alle=1>")
    assert Delivery.objects.filter(sent_at=None).count() == 0
