import datetime as dt

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from teams.models import Role, Team
from tests.factories import MembershipFactory, TeamFactory
from trip.models import (
    Asset,
    AssetKind,
    CommunityResource,
    Cycle,
    Stage,
    Statement,
    TeamWords,
    Theme,
    Visibility,
    title_words,
    titles_alike,
)
from trip.tests.factories import (
    AssetFactory,
    CommunityResourceFactory,
    CycleFactory,
    LeadRoleFactory,
    ResourceRatingFactory,
)


def refused(**create):
    """The database itself refuses the row (a broken rule, or text too long for its column)."""
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        create["factory"](**{k: v for k, v in create.items() if k != "factory"})


# --- Cycles ---


def test_a_cycle_cannot_end_before_it_starts(ward):
    refused(factory=CycleFactory, team=ward, starts_on=dt.date(2026, 5, 2), ends_on=dt.date(2026, 5, 1))


def test_a_cycle_may_end_on_the_day_it_starts_or_have_no_end(ward):
    CycleFactory(team=ward, starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 5, 1))
    CycleFactory(team=ward, ends_on=None)
    assert ward.trip_cycles.count() == 2


def test_a_cycle_needs_a_name_and_a_known_stage(ward):
    refused(factory=CycleFactory, team=ward, name="   ")
    refused(factory=CycleFactory, team=ward, stage="finished")


def test_a_cycle_moves_through_the_stages_in_order(ward):
    cycle = CycleFactory(team=ward)
    seen = [cycle.stage]
    while cycle.next_stage:
        cycle.stage = cycle.next_stage
        seen.append(cycle.stage)
    assert seen == [Stage.ASSETS, Stage.BENCHMARKING, Stage.PRIORITIES, Stage.DELIVERING, Stage.REVIEW]
    assert cycle.stage_number == 5


def test_running_cycles_come_first_then_the_newest(ward):
    today = timezone.localdate()
    old = CycleFactory(
        team=ward, starts_on=today - dt.timedelta(days=400), ends_on=today - dt.timedelta(days=10)
    )
    current = CycleFactory(team=ward, starts_on=today - dt.timedelta(days=30))
    ended_recently = CycleFactory(
        team=ward, starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1)
    )
    assert list(ward.trip_cycles.current_first()) == [current, ended_recently, old]
    assert current.is_running and not ended_recently.is_running


def test_a_team_sees_only_its_own_cycles(ward):
    CycleFactory(team=TeamFactory())
    mine = CycleFactory(team=ward)
    assert list(ward.trip_cycles.all()) == [mine]


# --- Words for the kind of team ---


def test_a_role_beside_a_name_reads_as_one_pair_of_brackets():
    ward_words = TeamWords(Team(kind=Team.Kind.WARD))
    assert ward_words.beside_name(Role.SUPPORTER) == "supporter"
    assert ward_words.beside_name(Role.SERVICE_USER) == "person using the service"
    assert TeamWords(Team(kind=Team.Kind.DEPARTMENT)).beside_name(Role.SERVICE_USER) == "person we serve"


def test_a_department_serves_people_rather_than_having_people_using_the_service():
    ward_words = TeamWords(Team(kind=Team.Kind.WARD))
    department_words = TeamWords(Team(kind=Team.Kind.DEPARTMENT))
    assert ward_words.people == "people using the service"
    assert department_words.people == "people we serve"
    assert department_words.role(Role.SERVICE_USER) == "Person we serve"
    assert department_words.role(Role.STAFF) == "Staff"
    assert "people we serve" in department_words.stage_summary(Stage.BENCHMARKING)
    assert "person using the service" in ward_words.stage_summary(Stage.PRIORITIES)


# --- Assets ---


def test_an_asset_needs_a_title_a_known_kind_and_a_known_visibility(staff):
    refused(factory=AssetFactory, owner=staff, title=" ")
    refused(factory=AssetFactory, owner=staff, kind="superpower")
    refused(factory=AssetFactory, owner=staff, visibility="public")


@pytest.mark.postgres
def test_an_over_long_asset_is_refused_by_the_database(staff):
    refused(factory=AssetFactory, owner=staff, title="x" * 81)
    refused(factory=AssetFactory, owner=staff, description="x" * 501)


@pytest.fixture
def shared_assets(manager, staff, service_user):
    return {
        "team": AssetFactory(owner=staff, title="Guitar", visibility=Visibility.TEAM),
        "staff": AssetFactory(owner=staff, title="Family work", visibility=Visibility.STAFF),
        "manager": AssetFactory(owner=service_user, title="Hearing voices", visibility=Visibility.MANAGER),
    }


def visible(member) -> set[str]:
    return set(Asset.objects.visible_to(member).values_list("title", flat=True))


def test_staff_see_team_and_staff_only_assets(shared_assets, colleague):
    assert visible(colleague) == {"Guitar", "Family work"}


def test_people_using_the_service_supporters_and_partners_do_not_see_staff_only_assets(
    shared_assets, supporter, partner
):
    assert visible(supporter) == {"Guitar"}
    assert visible(partner) == {"Guitar"}


def test_an_only_me_and_manager_asset_is_seen_by_its_owner_and_the_manager_only(
    shared_assets, manager, service_user, staff
):
    assert "Hearing voices" in visible(service_user)
    assert "Hearing voices" in visible(manager)
    assert "Hearing voices" not in visible(staff)
    assert visible(manager) == {"Guitar", "Family work", "Hearing voices"}


def test_assets_of_members_who_left_and_of_other_teams_are_not_seen(shared_assets, staff, manager, outsider):
    AssetFactory(owner=outsider, title="Baking")
    staff.leave()
    assert visible(manager) == {"Hearing voices"}


def test_a_member_always_sees_their_own_assets_whatever_the_visibility(supporter):
    AssetFactory(owner=supporter, title="Knows the local food bank", visibility=Visibility.STAFF)
    assert visible(supporter) == {"Knows the local food bank"}


def test_assets_carry_across_cycles_because_they_belong_to_the_member(staff):
    asset = AssetFactory(owner=staff)
    CycleFactory(team=staff.team)
    CycleFactory(team=staff.team)
    assert list(staff.assets.all()) == [asset]


# --- Interests alike ---


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("Gardening", "Allotment gardening", True),
        ("Garden", "gardening", True),
        ("Football", "Watching football on TV", True),
        ("Board games", "Playing board game nights", True),
        ("Cooking", "Reading", False),
        ("Art", "Artichokes", False),
        ("Walking and cooking", "Reading and writing", False),
    ],
)
def test_interests_are_alike_when_they_share_a_word(a, b, alike):
    assert titles_alike(title_words(a), title_words(b)) is alike


# --- Lead roles ---


def test_lead_role_titles_are_unique_in_a_team_whatever_the_case(ward):
    LeadRoleFactory(team=ward, title="Family lead")
    refused(factory=LeadRoleFactory, team=ward, title="FAMILY LEAD")
    LeadRoleFactory(team=TeamFactory(), title="Family lead")


def test_a_lead_role_held_by_someone_who_left_has_no_current_holder(staff):
    role = LeadRoleFactory(team=staff.team, holder=staff)
    assert role.current_holder == staff
    staff.leave()
    role.refresh_from_db()
    assert role.current_holder is None


# --- Community resources and ratings ---


def test_ratings_outside_one_to_five_are_refused_by_the_database(staff):
    resource = CommunityResourceFactory(team=staff.team)
    refused(factory=ResourceRatingFactory, resource=resource, member=staff, stars=0)
    refused(factory=ResourceRatingFactory, resource=resource, member=staff, stars=6)


def test_a_member_rates_a_place_only_once(staff):
    resource = CommunityResourceFactory(team=staff.team)
    ResourceRatingFactory(resource=resource, member=staff)
    refused(factory=ResourceRatingFactory, resource=resource, member=staff)


def test_the_average_rating_is_worked_out_by_the_database(ward):
    resource = CommunityResourceFactory(team=ward)
    for stars in (5, 4, 4):
        ResourceRatingFactory(resource=resource, member=MembershipFactory(team=ward), stars=stars)
    CommunityResourceFactory(team=ward, name="Library")
    found = {r.name: r for r in CommunityResource.objects.with_ratings()}
    assert round(found[resource.name].average_stars, 2) == pytest.approx(4.33)
    assert found[resource.name].rating_count == 3
    assert found["Library"].average_stars is None
    assert found["Library"].rating_count == 0


def test_place_names_are_unique_in_a_team_whatever_the_case(ward):
    CommunityResourceFactory(team=ward, name="Canal Side College")
    refused(factory=CommunityResourceFactory, team=ward, name="canal side college")


def test_the_person_who_added_a_place_or_a_manager_may_change_it(staff, colleague, manager):
    resource = CommunityResourceFactory(team=staff.team, added_by=staff)
    assert resource.can_change(staff)
    assert resource.can_change(manager)
    assert not resource.can_change(colleague)


def test_asset_kinds_cover_what_people_bring():
    assert set(AssetKind.values) == {
        "skill",
        "qualification",
        "interest",
        "language",
        "lived_experience",
        "contact",
    }
    assert Cycle._meta.get_field("stage").default == Stage.ASSETS


@pytest.mark.parametrize("theme", list(Theme))
def test_a_statement_names_its_theme_as_its_choices_do(theme):
    statement = Statement(theme=theme)

    assert statement.theme_label == statement.get_theme_display() == theme.label
