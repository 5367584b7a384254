import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db import transaction
from django.db.models import Q

from teams.models import Membership
from trip.models import (
    Asset,
    AssetKind,
    CommunityResource,
    Cycle,
    LeadRole,
    ResourceRating,
    Stage,
    title_words,
    titles_alike,
)


class TripError(Exception):
    """A request we cannot carry out, with a kind message to show to the person."""


@transaction.atomic
def cycle_start(*, member: Membership, name: str, starts_on: dt.date, ends_on: dt.date | None) -> Cycle:
    return Cycle.objects.create(
        team=member.team, name=name, starts_on=starts_on, ends_on=ends_on, started_by=member
    )


def cycle_move_on(*, cycle: Cycle, from_stage: str) -> Stage:
    """Move the cycle to the stage after `from_stage`, the stage the manager saw on their screen.

    The update only happens while the cycle is still at that stage, so a double tap or a second
    tab cannot skip a stage."""
    if cycle.stage != from_stage:
        raise TripError(f"This cycle has already moved on to “{cycle.get_stage_display()}”.")
    next_stage = cycle.next_stage
    if next_stage is None:
        raise TripError(
            "This cycle is already at its last stage. You can start a new cycle when you are ready."
        )
    moved = Cycle.objects.filter(pk=cycle.pk, stage=from_stage).update(stage=next_stage)
    if not moved:
        cycle.refresh_from_db(fields=["stage"])
        raise TripError(f"This cycle has already moved on to “{cycle.get_stage_display()}”.")
    cycle.stage = next_stage
    return next_stage


@dataclass
class PersonAssets:
    member: Membership
    assets: list[Asset]
    lead_roles: list[LeadRole] = field(default_factory=list)


@dataclass
class SkillsRegister:
    """What a member may see of the team's assets, found by keyword and kind."""

    assets: list[Asset]
    lead_roles: list[LeadRole]
    # For each interest shown: the other members with an interest like it (that the viewer may see).
    shared_interests: dict[int, list[Membership]]

    @property
    def people(self) -> list[PersonAssets]:
        roles_by_holder: dict[int, list[LeadRole]] = defaultdict(list)
        for role in self.lead_roles:
            if role.current_holder is not None:
                roles_by_holder[role.holder_id].append(role)
        ordered = sorted(self.assets, key=lambda a: (a.owner.name.lower(), a.owner_id))
        return [
            PersonAssets(owner, list(assets), roles_by_holder.get(owner.pk, []))
            for owner, assets in groupby(ordered, key=lambda a: a.owner)
        ]


def shared_interests(viewer: Membership, assets: list[Asset]) -> dict[int, list[Membership]]:
    """For each interest in `assets`, the other members whose interests have a word in common with
    it, among the interests `viewer` may see. One query, however many interests there are."""
    wanted = [a for a in assets if a.is_interest]
    if not wanted:
        return {}
    interests = list(
        Asset.objects.visible_to(viewer).filter(kind=AssetKind.INTEREST).select_related("owner__user")
    )
    words = {a.pk: title_words(a.title) for a in interests}
    matches: dict[int, list[Membership]] = {}
    for asset in wanted:
        mine = title_words(asset.title)
        people: dict[int, Membership] = {}
        for other in interests:
            if other.owner_id != asset.owner_id and titles_alike(mine, words[other.pk]):
                people.setdefault(other.owner_id, other.owner)
        matches[asset.pk] = sorted(people.values(), key=lambda m: m.name.lower())
    return matches


def skills_register(*, viewer: Membership, keyword: str = "", kind: str = "") -> SkillsRegister:
    assets = Asset.objects.visible_to(viewer).select_related("owner__user")
    if keyword:
        assets = assets.filter(
            Q(title__icontains=keyword)
            | Q(description__icontains=keyword)
            | Q(owner__user__display_name__icontains=keyword)
        )
    if kind:
        assets = assets.filter(kind=kind)
    found = list(assets)
    lead_roles = list(viewer.team.lead_roles.select_related("holder__user"))
    return SkillsRegister(
        assets=found, lead_roles=lead_roles, shared_interests=shared_interests(viewer, found)
    )


@transaction.atomic
def resource_rate(
    *, member: Membership, resource: CommunityResource, stars: int, comment: str
) -> ResourceRating:
    """Rate a place, or change an earlier rating: one row per member and place, even when two tabs
    send their rating at the same moment (the last one wins)."""
    ResourceRating.objects.bulk_create(
        [ResourceRating(resource=resource, member=member, stars=stars, comment=comment)],
        update_conflicts=True,
        unique_fields=["resource", "member"],
        update_fields=["stars", "comment", "updated_at"],
    )
    return ResourceRating.objects.get(resource=resource, member=member)
