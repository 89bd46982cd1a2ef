"""Responses carry a deletion date and a scheduled task erases them."""

import datetime

from django.utils import timezone
from django_q.tasks import async_task

from surveys.models import SurveySubmission
from tests.surveys.conftest import SIMPLE, answer, make_survey


def test_a_response_is_deleted_the_set_number_of_days_after_closing(client, home, organisation):
    closes = timezone.now() + datetime.timedelta(days=5)
    page = make_survey(home, organisation, SIMPLE, closes_at=closes, deletion_days=30)

    answer(client, page, {"verkehrsmittel": "Bus"})

    expected = timezone.localtime(closes).date() + datetime.timedelta(days=30)
    assert page.get_submissions().get().delete_after == expected


def test_changing_the_closing_date_moves_the_deletion_date(client, home, organisation):
    page = make_survey(home, organisation, SIMPLE, deletion_days=10)
    answer(client, page, {"verkehrsmittel": "Bus"})
    new_close = timezone.now() + datetime.timedelta(days=40)

    revision = page.get_latest_revision_as_object()
    revision.closes_at = new_close
    revision.save_revision().publish()

    expected = timezone.localtime(new_close).date() + datetime.timedelta(days=10)
    assert page.get_submissions().get().delete_after == expected


def test_the_task_erases_expired_responses_only(survey):
    today = timezone.localdate()
    SurveySubmission.objects.create(
        page=survey, form_data={}, delete_after=today - datetime.timedelta(days=1)
    )
    keep = SurveySubmission.objects.create(page=survey, form_data={}, delete_after=today)

    async_task("surveys.tasks.erase_expired_responses")

    assert list(SurveySubmission.objects.values_list("pk", flat=True)) == [keep.pk]
