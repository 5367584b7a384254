"""Fictional TRIP data for the demo (`make run`): a team mid-way through its second cycle, so a
newcomer sees the whole method at once. The first cycle is finished, its round closed and rated
by every perspective; the second is delivering its priorities, with an open round partly rated.

Called by the demo loader once per team; writes nothing for a team that already has a cycle."""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from teams.models import Membership, Role, Team, User
from trip import services
from trip.models import (
    ActionStatus,
    Asset,
    AssetKind,
    BenchmarkRating,
    BenchmarkRound,
    Cycle,
    Perspective,
    PriorityStatus,
    ProgressUpdate,
    Stage,
    Statement,
    Visibility,
)

# Extra fictional members, so that each perspective has enough raters to be shown on its own
# (three people using the service) and so the "others" group of supporters and partners shows.
EXTRA_PEOPLE = (
    ("river", "River", Role.SERVICE_USER),
    ("kit", "Kit", Role.SERVICE_USER),
    ("morgan", "Morgan", Role.SERVICE_USER),
    ("dee", "Dee Walsh", Role.SUPPORTER),
)

ASSETS = {
    Role.MANAGER: [(AssetKind.QUALIFICATION, "Mental health first aid trainer", Visibility.TEAM)],
    Role.STAFF: [
        (AssetKind.SKILL, "Plain-English writing", Visibility.TEAM),
        (AssetKind.INTEREST, "Gardening", Visibility.TEAM),
        (AssetKind.LANGUAGE, "Speaks Polish", Visibility.TEAM),
        (AssetKind.INTEREST, "Five-a-side football", Visibility.TEAM),
    ],
    Role.SERVICE_USER: [
        (AssetKind.INTEREST, "Gardening and growing vegetables", Visibility.TEAM),
        (AssetKind.SKILL, "Drawing and painting", Visibility.TEAM),
        (AssetKind.LIVED_EXPERIENCE, "Finding my way back to work", Visibility.STAFF),
        (AssetKind.INTEREST, "Football on a Sunday", Visibility.TEAM),
    ],
    Role.SUPPORTER: [(AssetKind.SKILL, "Baking for a crowd", Visibility.TEAM)],
    Role.PARTNER: [(AssetKind.CONTACT, "Evening classes and volunteer roles", Visibility.TEAM)],
}

LEAD_ROLES = (
    ("Family, friends and carers lead", "Helps anyone in the team include the people who matter to someone."),
    ("Physical health lead", "Helps anyone plan exercise, healthy eating and a stop-smoking plan."),
)

RESOURCES = (
    (
        "Canal Side College",
        "Free short courses, from cooking to computing, and a friendly welcome desk.",
        (5, 4, 4),
    ),
    (
        "Riverside Allotment Society",
        "Shared plots, seeds and a Tuesday tea for anyone who wants to grow.",
        (5, 5, 3),
    ),
    ("Northgate Library", "Reading groups, free computers and help with forms on Thursdays.", (4, 3, 4)),
)

PRIORITIES = (
    (
        "A friendlier first-appointment letter",
        "Rewrite the letter people get before they first meet us, with people using the service, so it "
        "feels welcoming and says what will happen.",
        PriorityStatus.DONE,
    ),
    (
        "A recovery-focused waiting area",
        "Turn the waiting area into somewhere hopeful: recovery stories, local groups and somewhere to sit "
        "together.",
        PriorityStatus.ACTIVE,
    ),
    (
        "Collecting recovery stories",
        "Gather stories of recovery from people who want to share them, to give others hope.",
        PriorityStatus.ACTIVE,
    ),
    (
        "Outside groups running activities on the ward",
        "Invite local groups to run an activity each week: art, music, gardening.",
        PriorityStatus.PROPOSED,
    ),
)


def _extra_members(team: Team) -> list[Membership]:
    password = make_password(None)  # demo raters only: nobody signs in as them
    extras = []
    for key, name, role in EXTRA_PEOPLE:
        user, _ = User.objects.get_or_create(
            username=f"{team.slug}-{key}", defaults={"display_name": name, "password": password}
        )
        extras.append(Membership.objects.get_or_create(team=team, user=user, defaults={"role": role})[0])
    return extras


def _rate_round(
    round_: BenchmarkRound, raters, statements, rng: random.Random, lift: int, share: float
) -> None:
    ratings = []
    for member in raters:
        for statement in statements:
            if rng.random() > share:
                continue
            # People using the service see some things less rosily than staff: the useful gaps.
            base = 2 + lift + (1 if member.is_staff_member and statement.pk % 3 == 0 else 0)
            score = None if rng.random() < 0.05 else max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
            ratings.append(
                BenchmarkRating(
                    round=round_,
                    statement=statement,
                    version_id=statement.current_version_id,
                    member=member,
                    perspective=Perspective.of(member),
                    score=score,
                    achieved=rng.choice(("", "", "We ask people what matters to them first.")),
                    next_step=rng.choice(("", "", "More peer support in the evenings.")),
                )
            )
    BenchmarkRating.objects.bulk_create(ratings)


def load_trip(team: Team, members: dict[str, Membership]) -> None:
    if team.trip_cycles.exists():
        return
    rng = random.Random(f"trip-{team.slug}")  # the same demo every time
    today = timezone.localdate()
    people = sorted({*members.values(), *_extra_members(team)}, key=lambda m: m.user.username)
    manager = next(m for m in people if m.is_manager)
    staff = [m for m in people if m.is_staff_member and not m.is_manager]
    users = [m for m in people if m.role == Role.SERVICE_USER]

    for member in people:
        for kind, title, visibility in rng.sample(ASSETS[member.role], k=min(2, len(ASSETS[member.role]))):
            Asset.objects.create(
                owner=member,
                kind=kind,
                title=title,
                visibility=visibility,
                description="Happy to share this.",
            )
    for (title, offer), holder in zip(LEAD_ROLES, staff, strict=False):
        team.lead_roles.create(title=title, offer=offer, holder=holder)
    for name, offer, stars in RESOURCES:
        place = team.community_resources.create(name=name, offer=offer, added_by=manager)
        for member, given in zip(rng.sample(people, k=len(stars)), stars, strict=True):
            services.resource_rate(
                member=member, resource=place, stars=given, comment="Friendly and welcoming."
            )

    statements = Statement.objects.in_use_by(team).in_theme_order()
    first = Cycle.objects.create(
        team=team,
        name="Our first TRIP",
        starts_on=today - dt.timedelta(weeks=40),
        ends_on=today - dt.timedelta(weeks=12),
        stage=Stage.REVIEW,
        started_by=manager,
    )
    earlier = BenchmarkRound.objects.create(
        cycle=first,
        name="Our first TRIP: how we are doing",
        opened_by=manager,
        opened_at=timezone.now() - dt.timedelta(weeks=36),
        closed_at=timezone.now() - dt.timedelta(weeks=33),
    )
    _rate_round(earlier, people, statements, rng, lift=0, share=1.0)

    second = Cycle.objects.create(
        team=team,
        name="Our second TRIP",
        starts_on=today - dt.timedelta(weeks=10),
        stage=Stage.DELIVERING,
        started_by=manager,
    )
    current = BenchmarkRound.objects.create(
        cycle=second, name="Our second TRIP: how we are doing", opened_by=manager
    )
    _rate_round(current, people, statements, rng, lift=1, share=0.5)

    for title, change, status in PRIORITIES:
        priority = services.priority_propose(
            member=rng.choice(people),
            cycle=second,
            title=title,
            change=change,
            statements=rng.sample(statements, k=min(2, len(statements))),
        )
        for member in rng.sample(people, k=len(people) - 2):
            services.priority_rate(
                member=member, priority=priority, impact=rng.randint(3, 5), ease=rng.randint(1, 5)
            )
        if status == PriorityStatus.PROPOSED:
            continue
        index = PRIORITIES.index((title, change, status))
        services.priority_set_leads(
            priority=priority,
            staff_lead=staff[index % len(staff)],
            service_user_lead=users[index % len(users)],
            helpers=[m for m in people if m.role in (Role.SUPPORTER, Role.PARTNER)][:2],
        )
        services.priority_set_status(member=manager, priority=priority, status=PriorityStatus.ACTIVE)
        owners = (staff[index % len(staff)], users[index % len(users)])
        for weeks, text, owner, done in (
            (-6, "Talk to five people about what they would change", owners[1], ActionStatus.DONE),
            (-1, "Write a first draft together", owners[0], ActionStatus.DOING),
            (3, "Share it at the team meeting", owners[1], ActionStatus.TO_DO),
        ):
            priority.actions.create(
                text=text,
                owner=owner,
                due_on=today + dt.timedelta(weeks=weeks),
                status=done,
                added_by=manager,
            )
        for days_ago, author, text in (
            (30, owners[0], "We met in the café and agreed who does what."),
            (12, owners[1], "Five people told us what they would change. Lots of good ideas."),
        ):
            ProgressUpdate.objects.create(
                priority=priority,
                author=author,
                text=text,
                created_at=timezone.now() - dt.timedelta(days=days_ago),
            )
        if status == PriorityStatus.DONE:
            priority.actions.update(status=ActionStatus.DONE)
            services.priority_set_status(member=manager, priority=priority, status=PriorityStatus.DONE)
