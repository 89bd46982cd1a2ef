"""The planners' map is built by folium once per change of what it draws (the planning
area and the counts per sub-area); the notes' counts are kept while the selected notes are
unchanged, and follow any change of them without a signal."""

import pytest

from beteiligung.roles import Role
from dialogues.models import Comment, CommentStatus
from maps.models import MapContribution
from tests.conftest import make_staff
from tests.maps.conftest import make_contribution
from tests.maps.test_planner import SUB_AREAS, categories

pytestmark = pytest.mark.django_db


@pytest.fixture
def divided(feedback_procedure):
    feedback_procedure.sub_areas = SUB_AREAS
    feedback_procedure.save()
    return feedback_procedure


def test_the_map_is_built_once_until_a_sub_area_count_changes(
    client, organisation, divided, citizen
):
    make_contribution(divided, citizen, latitude="49.9", longitude="8.6")
    client.force_login(make_staff(organisation, Role.PLANNER))
    url = f"/admin/karte/{divided.pk}/"

    first = client.get(url).context["map"]
    again = client.get(url).context["map"]
    assert again.name == first.name, "derselbe Kartenaufbau aus dem Cache"

    make_contribution(divided, citizen, latitude="49.9", longitude="8.7")
    changed = client.get(url)
    assert changed.context["map"].name != first.name
    assert '"count": 1, "name": "Ost"' in changed.context["map"].script or (
        '"name": "Ost", "count": 1' in changed.context["map"].script
    )
    html = changed.content.decode()
    assert f'data-cluster="{changed.context["map"].layers["cluster"]}"' in html
    assert f'data-heat="{changed.context["map"].layers["heat"]}"' in html


def test_a_note_without_coordinates_counts_in_its_category_but_in_no_sub_area(
    client, organisation, divided, citizen
):
    cycle, noise, _trees = categories(divided)
    make_contribution(divided, citizen, category=noise, latitude="49.9", longitude="8.6")
    make_contribution(divided, citizen, category=noise, latitude=None)
    make_contribution(divided, citizen, category=cycle, latitude="49.9", longitude="8.7")
    client.force_login(make_staff(organisation, Role.PLANNER))

    context = client.get(f"/admin/karte/{divided.pk}/").context

    assert [c["count"] for c in context["categories"]] == [1, 2, 0]
    assert context["total"] == 3
    assert [(r["name"], r["per_category"], r["total"]) for r in context["stats"]] == [
        ("West", [0, 1, 0], 1),
        ("Ost", [1, 0, 0], 1),
    ]


def test_kept_counts_follow_a_note_moved_recategorised_or_hidden_without_a_signal(
    client, organisation, divided, citizen
):
    cycle, noise, _trees = categories(divided)
    note = make_contribution(divided, citizen, category=cycle, latitude="49.9", longitude="8.6")
    make_contribution(divided, citizen, category=noise, latitude="49.9", longitude="8.7")
    client.force_login(make_staff(organisation, Role.PLANNER))
    url = f"/admin/karte/{divided.pk}/"

    def counts():
        context = client.get(url).context
        return (
            [c["count"] for c in context["categories"]],
            [(r["name"], r["per_category"]) for r in context["stats"]],
        )

    assert counts() == ([1, 1, 0], [("West", [1, 0, 0]), ("Ost", [0, 1, 0])])
    assert counts() == ([1, 1, 0], [("West", [1, 0, 0]), ("Ost", [0, 1, 0])])

    MapContribution.objects.filter(pk=note.pk).update(longitude="8.70")
    assert counts() == ([1, 1, 0], [("West", [0, 0, 0]), ("Ost", [1, 1, 0])])

    MapContribution.objects.filter(pk=note.pk).update(category=noise)
    assert counts() == ([0, 2, 0], [("West", [0, 0, 0]), ("Ost", [0, 2, 0])])

    Comment.objects.filter(pk=note.comment_id).update(status=CommentStatus.DELETED)
    assert counts() == ([0, 1, 0], [("West", [0, 0, 0]), ("Ost", [0, 1, 0])])
