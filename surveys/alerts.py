"""New surveys for the alerts of followed areas, topics and procedures."""

from alerts import sources
from alerts.procedures import new_page_items
from surveys.models import SurveyPage


def new_surveys(since, now) -> list[sources.Item]:
    return new_page_items(SurveyPage, "survey", since, now)


def register() -> None:
    sources.register("surveys", new_surveys)
