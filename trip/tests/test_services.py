import datetime as dt

import pytest

from tests.factories import MembershipFactory
from trip import services
from trip.models import AssetKind, ResourceRating, Stage, Visibility
from trip.tests.factories import AssetFactory, CommunityResourceFactory, CycleFactory, LeadRoleFactory


def interest(owner, title, visibility=Visibility.TEAM):
    return AssetFactory(owner=owner, kind=AssetKind.INTEREST, title=title, visibility=visibility)


# --- Cycles ---


def test_a_manager_starts_a_cycle_for_their_team_at_the_assets_stage(manager):
    cycle = services.cycle_start(
        member=manager, name="Spring 2026", starts_on=dt.date(2026, 3, 2), ends_on=None
    )
    assert cycle.team == manager.team
    assert cycle.started_by == manager
    assert cycle.stage == Stage.ASSETS


def test_moving_on_goes_to_the_next_stage(ward):
    cycle = CycleFactory(team=ward)
    assert services.cycle_move_on(cycle=cycle, from_stage=Stage.ASSETS) == Stage.BENCHMARKING
    cycle.refresh_from_db()
    assert cycle.stage == Stage.BENCHMARKING


def test_moving_on_twice_from_the_same_screen_moves_only_once(ward):
    cycle = CycleFactory(team=ward)
    stale_copy = ward.trip_cycles.get(pk=cycle.pk)
    services.cycle_move_on(cycle=cycle, from_stage=Stage.ASSETS)
    with pytest.raises(services.TripError, match="already moved on"):
        services.cycle_move_on(cycle=stale_copy, from_stage=Stage.ASSETS)
    stale_copy.refresh_from_db()
    assert stale_copy.stage == Stage.BENCHMARKING


def test_a_cycle_at_its_last_stage_does_not_move_on(ward):
    cycle = CycleFactory(team=ward, stage=Stage.REVIEW)
    with pytest.raises(services.TripError, match="last stage"):
        services.cycle_move_on(cycle=cycle, from_stage=Stage.REVIEW)


# --- People who share an interest ---


def test_people_with_a_similar_interest_are_matched_staff_and_people_using_the_service_alike(
    staff, service_user, supporter
):
    mine = interest(service_user, "Gardening")
    interest(staff, "Allotment gardening")
    interest(supporter, "Cooking")
    matches = services.shared_interests(service_user, [mine])
    assert matches == {mine.pk: [staff]}


def test_matching_never_shows_an_interest_the_viewer_may_not_see(staff, manager, service_user):
    mine = interest(service_user, "Football")
    interest(staff, "Football", visibility=Visibility.STAFF)
    interest(manager, "Watching football", visibility=Visibility.MANAGER)
    assert services.shared_interests(service_user, [mine]) == {mine.pk: []}
    assert services.shared_interests(manager, [mine]) == {mine.pk: [manager, staff]}


def test_matching_leaves_out_the_owner_and_people_who_left(staff, colleague, service_user):
    mine = interest(service_user, "Chess")
    interest(service_user, "Chess club")
    interest(colleague, "Chess")
    colleague.leave()
    assert services.shared_interests(service_user, [mine]) == {mine.pk: []}


def test_matching_is_only_for_interests(staff, service_user):
    skill = AssetFactory(owner=service_user, kind=AssetKind.SKILL, title="Guitar")
    interest(staff, "Guitar")
    assert services.shared_interests(service_user, [skill]) == {}


# --- Skills register ---


def test_the_register_finds_by_keyword_in_title_description_or_name(staff, service_user):
    AssetFactory(owner=staff, title="Speaks Polish", description="")
    AssetFactory(owner=service_user, title="Cooking", description="Can teach simple Polish dishes")
    AssetFactory(owner=service_user, title="First aid")
    found = services.skills_register(viewer=staff, keyword="polish")
    assert {a.title for a in found.assets} == {"Speaks Polish", "Cooking"}
    by_name = services.skills_register(viewer=staff, keyword="alex")
    assert {a.title for a in by_name.assets} == {"Cooking", "First aid"}


def test_the_register_filters_by_kind(staff):
    AssetFactory(owner=staff, kind=AssetKind.LANGUAGE, title="Welsh")
    AssetFactory(owner=staff, kind=AssetKind.SKILL, title="Carpentry")
    found = services.skills_register(viewer=staff, kind=AssetKind.LANGUAGE)
    assert [a.title for a in found.assets] == ["Welsh"]


def test_the_register_groups_by_person_with_their_lead_roles(staff, colleague, service_user):
    AssetFactory(owner=staff, title="Carpentry")
    AssetFactory(owner=staff, title="Baking")
    AssetFactory(owner=service_user, title="Poetry")
    LeadRoleFactory(team=staff.team, title="Family lead", holder=staff)
    LeadRoleFactory(team=staff.team, title="Physical health lead", holder=None)
    people = services.skills_register(viewer=colleague).people
    assert [(p.member, sorted(a.title for a in p.assets)) for p in people] == [
        (service_user, ["Poetry"]),
        (staff, ["Baking", "Carpentry"]),
    ]
    assert [r.title for r in people[1].lead_roles] == ["Family lead"]


# --- Ratings ---


def test_rating_again_changes_the_same_rating(staff):
    resource = CommunityResourceFactory(team=staff.team)
    services.resource_rate(member=staff, resource=resource, stars=2, comment="Too busy")
    rating = services.resource_rate(member=staff, resource=resource, stars=5, comment="Much better now")
    assert ResourceRating.objects.filter(resource=resource).count() == 1
    assert (rating.stars, rating.comment) == (5, "Much better now")


def test_every_member_has_their_own_rating(ward, staff):
    resource = CommunityResourceFactory(team=ward)
    services.resource_rate(member=staff, resource=resource, stars=4, comment="")
    services.resource_rate(member=MembershipFactory(team=ward), resource=resource, stars=2, comment="")
    assert sorted(resource.ratings.values_list("stars", flat=True)) == [2, 4]
