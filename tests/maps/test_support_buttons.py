"""The support buttons on map notes and incident reports tell assistive technology whether
they are pressed, what they support and how many support it already."""

import re

from maps.models import Report
from tests.conftest import make_user
from tests.maps.conftest import make_contribution, make_report


def support_button(html: str) -> str:
    match = re.search(r"<button[^>]*aria-pressed[^>]*>.*?</button>", html, re.S)
    assert match, "no toggle button on the page"
    return match.group(0)


def test_a_note_button_is_not_pressed_until_the_citizen_supports_the_note(
    client, citizen, feedback_procedure
):
    contribution = make_contribution(feedback_procedure, citizen)
    client.force_login(make_user("nachbarin@example.org"))
    page = f"/kartenhinweise/{feedback_procedure.pk}/"

    before = support_button(client.get(page).content.decode())
    client.post(f"/kommentare/{contribution.comment_id}/unterstuetzen/", {"next": page})
    html = client.get(page).content.decode()
    pressed = support_button(html)
    client.post(f"/kommentare/{contribution.comment_id}/unterstuetzen/", {"next": page})
    after = support_button(client.get(page).content.decode())

    assert 'aria-pressed="false"' in before and ">Unterstützen<" in before
    assert 'aria-pressed="true"' in pressed and ">Unterstützt<" in pressed
    assert 'aria-pressed="false"' in after


def test_a_note_button_names_the_note_and_points_to_its_count(client, citizen, feedback_procedure):
    contribution = make_contribution(feedback_procedure, citizen)
    client.force_login(make_user("nachbarin@example.org"))

    html = client.get(f"/kartenhinweise/{feedback_procedure.pk}/").content.decode()
    button = support_button(html)

    assert "Hinweis „Radweg fehlt“" in button
    described = re.search(r'aria-describedby="([^"]+)"', button).group(1)
    assert re.search(rf'id="{described}"[^>]*>0 Unterstützungen<', html)
    assert described.startswith(contribution.anchor())


def test_a_report_button_is_pressed_once_the_visitor_has_this_problem_too(client, category):
    report = make_report(category)
    detail = f"/meldungen/{report.pk}/"

    before = support_button(client.get(detail).content.decode())
    response = client.post(f"/meldungen/{report.pk}/unterstuetzen/")
    html = client.get(detail).content.decode()

    assert 'aria-pressed="false"' in before and "Das betrifft mich auch" in before
    assert ">Unterstützung</h2>" in html
    assert response["Location"] == f"{detail}#unterstuetzung"
    assert 'aria-pressed="true"' in support_button(html)
    described = re.search(r'aria-describedby="([^"]+)"', support_button(html)).group(1)
    assert re.search(rf'id="{described}">1 Person unterstützt diese Meldung.<', html)


def test_pressing_the_pressed_report_button_takes_the_support_back(client, citizen, category):
    report = make_report(category)
    client.force_login(citizen)
    client.post(f"/meldungen/{report.pk}/unterstuetzen/")

    response = client.post(f"/meldungen/{report.pk}/unterstuetzen/", {"withdraw": "1"}, follow=True)

    report.refresh_from_db()
    assert report.supporters_count == 0
    html = response.content.decode()
    assert "Sie unterstützen diese Meldung nicht mehr." in html
    assert 'aria-pressed="false"' in support_button(html)


def test_taking_back_a_support_never_counts_below_zero(citizen, category):
    # A merged duplicate hands on its count, not its supporters' rows.
    report = make_report(category, supporters_count=0)
    report.supports.create(user=citizen)

    assert report.withdraw_support(user=citizen)
    assert not report.withdraw_support(user=citizen)
    assert Report.objects.get(pk=report.pk).supporters_count == 0
