"""The planners' map page counts in the database: its figures and its table page equal a
straightforward count over every contribution (``collect``), for any filter."""

import pytest
from django.http import QueryDict

from beteiligung.roles import Role
from maps.demo import create_contributions
from maps.planner import PER_PAGE, PlannerFilterForm, categories_of, collect, sub_area_statistics
from tests.cms.conftest import make_statement
from tests.conftest import make_staff
from tests.maps.test_planner import SUB_AREAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_procedure(feedback_procedure):
    feedback_procedure.sub_areas = SUB_AREAS
    feedback_procedure.save()
    create_contributions(feedback_procedure, PER_PAGE + 30)
    for n in range(5):
        make_statement(
            feedback_procedure, text=f"Stellungnahme {n}", latitude="49.87", longitude=f"8.6{n}"
        )
    return feedback_procedure


def straight_count(procedure, query: dict):
    categories = categories_of(procedure)
    data = QueryDict(mutable=True)
    for name, value in query.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    filters = PlannerFilterForm(data or None, procedure=procedure, categories=categories)
    items = collect(procedure, filters, categories)
    per_category = [0] * len(categories)
    per_source: dict[str, int] = {}
    for item in items:
        per_source[item.source] = per_source.get(item.source, 0) + 1
        if item.category is not None:
            per_category[item.category] += 1
    return items, per_category, per_source, sub_area_statistics(procedure, items, categories)


@pytest.mark.parametrize(
    "query",
    [{}, {"sources": ["pin"]}, {"category": "1"}, {"sources": ["statement"]}, {"q": "Rad"}],
)
def test_the_figures_equal_a_straightforward_count(client, organisation, busy_procedure, query):
    client.force_login(make_staff(organisation, Role.PLANNER))
    items, per_category, per_source, stats = straight_count(busy_procedure, query)

    response = client.get(f"/admin/karte/{busy_procedure.pk}/", query)

    context = response.context
    assert context["total"] == len(items)
    assert [c["count"] for c in context["categories"]] == per_category
    shown = {str(label): count for label, count in context["per_source"] if count}
    assert sum(shown.values()) == len(items) and len(shown) == len(per_source)
    assert [(r["name"], r["per_category"], r["other"], r["total"]) for r in context["stats"]] == [
        (r["name"], r["per_category"], r["other"], r["total"]) for r in stats
    ]


def test_every_page_of_the_table_equals_the_same_slice_of_all(client, organisation, busy_procedure):
    client.force_login(make_staff(organisation, Role.PLANNER))
    items, *_rest = straight_count(busy_procedure, {})

    first = client.get(f"/admin/karte/{busy_procedure.pk}/").context["rows"]
    second = client.get(f"/admin/karte/{busy_procedure.pk}/?seite=2").context["rows"]

    shown = [(row["item"].source, row["item"].pk) for row in first + second]
    assert shown == [(item.source, item.pk) for item in items]
    assert len(first) == PER_PAGE
