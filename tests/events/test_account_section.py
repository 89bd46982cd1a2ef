"""The "My event registrations" section on /konto/."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from tests.events.conftest import in_days, make_event


def queries_for_account_page(client) -> int:
    client.get("/konto/")  # the first request of a session fills caches (site, session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/konto/").status_code == 200
    return len(queries)


def test_the_account_lists_registrations_with_event_and_cancel_link(client, citizen, event):
    registration = services.register(event, name="Anna", email=citizen.email, user=citizen)
    client.force_login(citizen)

    page = client.get("/konto/").content.decode()

    assert event.title in page
    assert registration.cancel_url().split("/", 3)[-1] in page


def test_the_account_page_needs_no_more_queries_for_more_registrations(
    client, citizen, event_index, organisation
):
    client.force_login(citizen)
    events = [
        make_event(
            event_index,
            organisation,
            title=f"Infoabend {n}",
            slug=f"infoabend-{n}",
            start=in_days(5 + n),
            registration_enabled=True,
            capacity=10,
        )
        for n in range(10)
    ]
    services.register(events[0], name="Anna", email=citizen.email, user=citizen)
    with_one = queries_for_account_page(client)

    for event in events[1:]:
        services.register(event, name="Anna", email=citizen.email, user=citizen)

    assert queries_for_account_page(client) == with_one
