"""Demo data for trying the product: a fictional trust with a ward and a community team, members in
every role, and six weeks of little miracles and thank-yous.

Idempotent: people, teams and memberships are found by their natural keys, and a team's stories
are written only when it has none, so running it again changes nothing."""

import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from conversations.demo import load_language
from recovery_culture.lib import dates
from successes.models import Shift, Success, ThankYou
from supervision.demo import load_supervision
from teams.models import Membership, Organisation, Role, Team, User
from trip.demo import load_trip

DEMO_PASSWORD = "recovery-demo-2026"  # noqa: S105 (printed for everyone to use: demo only)
WEEKS = 6

ORGANISATION = ("riverside-demo", "Riverside Mental Health Trust (demo)")
WILLOW = "willow-ward"
KINGFISHER = "kingfisher-community-team"
TEAMS = {
    WILLOW: ("Willow Ward", Team.Kind.WARD),
    KINGFISHER: ("Kingfisher Community Team", Team.Kind.COMMUNITY),
}


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    email: str
    teams: tuple[tuple[str, Role], ...]


def _email(name: str) -> str:
    return f"{name}@riverside-demo.example"


# Fictional people. Those using the service have no email address, as many don't: they sign in
# with the sign-in name they chose when they joined.
PEOPLE = (
    Person("maya.okafor", "Maya Okafor", _email("maya.okafor"), ((WILLOW, Role.MANAGER),)),
    Person("sam.taylor", "Sam Taylor", _email("sam.taylor"), ((WILLOW, Role.STAFF),)),
    Person(
        "priya.shah", "Priya Shah", _email("priya.shah"), ((WILLOW, Role.STAFF), (KINGFISHER, Role.STAFF))
    ),
    Person("tom.reid", "Tom Reid", _email("tom.reid"), ((WILLOW, Role.STAFF),)),
    Person("alex-w", "Alex", "", ((WILLOW, Role.SERVICE_USER),)),
    Person("jo.bennett", "Jo Bennett", _email("jo.bennett"), ((WILLOW, Role.SUPPORTER),)),
    Person("canal-side-college", "Canal Side College", _email("college"), ((WILLOW, Role.PARTNER),)),
    Person("grace.mensah", "Grace Mensah", _email("grace.mensah"), ((KINGFISHER, Role.MANAGER),)),
    Person("owen.hughes", "Owen Hughes", _email("owen.hughes"), ((KINGFISHER, Role.STAFF),)),
    Person("lena.novak", "Lena Novak", _email("lena.novak"), ((KINGFISHER, Role.STAFF),)),
    Person("rowan-k", "Rowan", "", ((KINGFISHER, Role.SERVICE_USER),)),
    Person("chris.lloyd", "Chris Lloyd", _email("chris.lloyd"), ((KINGFISHER, Role.SUPPORTER),)),
    Person(
        "riverside-allotments",
        "Riverside Allotment Society",
        _email("allotments"),
        ((KINGFISHER, Role.PARTNER),),
    ),
)

# Little miracles, told with respect and without identifying anyone using the service.
STORIES = {
    WILLOW: (
        "Someone who has been finding mornings hard came to breakfast group and laughed for the first "
        "time this week.",
        "A person who hasn't left the ward in a fortnight walked with me to the hospital shop and chose "
        "their own newspaper.",
        "We cooked a curry together in the therapy kitchen. Four people joined in and one shared a "
        "family recipe.",
        "Someone asked me to help them write down three things they want from their ward review. They "
        "led the meeting themselves.",
        "A calm, unhurried chat at 2 a.m. helped someone who was frightened to settle and sleep.",
        "Two people taught the rest of us a card game from their childhood. The day room was full of "
        "noise in the best way.",
        "Someone phoned their sister for the first time in months and came out smiling.",
        "Helped someone sort out a bus pass so they can get to their college course on leave.",
        "The gardening group planted bulbs in the courtyard. One person said it was the first thing "
        "they'd looked forward to in ages.",
        "Sat with someone through a hard evening. By the end they had named two things that help them "
        "cope, in their own words.",
        "Someone who knows their own mind about medication talked it through with the doctor and me, "
        "and we agreed a plan together.",
        "Our peer worker shared how walking helped their own recovery, and two people asked to join the "
        "Thursday walk.",
        "Someone read out a poem they had written at community meeting. Everyone clapped.",
        "A quiet night: we made hot chocolate and talked about football until people felt ready to sleep.",
        "Someone got their first payslip from their volunteering role and showed it to the whole team.",
        "Made a plan with someone for their first night at home on leave. They came back saying it "
        "went well.",
        "The music session ran over time because nobody wanted to stop.",
        "Someone who usually stays in their room came to the pamper afternoon and painted everyone's nails.",
        "At a family meeting a relative said they could see the person they know coming back.",
        "Helped someone find a choir that meets near their home, for after discharge.",
        "Someone made a plan for an anniversary that is hard for them, and chose who they want to call.",
        "The new welcome pack is finished, with ideas from two people on the ward in it.",
        "Someone who has been here a month showed a new arrival round. Better than any induction we "
        "could give.",
        "Someone rang the job centre with me beside them and booked their own appointment.",
        "On nights, someone who couldn't sleep helped sort the ward library into sections. It looks "
        "brilliant.",
        "Someone got back on a bike on ground leave for the first time in a year.",
        "A tense moment eased because we listened. Afterwards the person thanked us for not rushing.",
        "Someone chose their own goal for the week, to ring a friend, and did it on Tuesday.",
        "Three people planned and ran the Friday quiz. The staff team came last.",
        "Someone said they felt listened to in ward round for the first time.",
        "Helped someone pack for discharge. They left with a plan, a library card and a wave for everyone.",
        "Someone made tea for the night shift at 4 a.m. and we talked about what they want to do in the "
        "spring.",
    ),
    KINGFISHER: (
        "Someone I visit has been going to the allotment every Wednesday and brought the team courgettes.",
        "A person who had stopped answering the door invited me in for a cup of tea today.",
        "Someone started a bricklaying course at the college. They said they had been thinking about "
        "it for years.",
        "Went with someone to their first hearing-voices group. They want to go again next week.",
        "Someone wrote their own crisis plan, in their own words, and asked for a copy for their family.",
        "Helped someone apply for a volunteer role at the library. Interview on Monday!",
        "A person who finds crowds hard came to the coffee morning for twenty minutes and stayed for an "
        "hour.",
        "Someone has started walking a neighbour's dog each morning and says the routine is helping.",
        "Joint visit with our peer worker: the person talked more about their hopes than ever before.",
        "Someone cooked for friends for the first time since coming home from hospital.",
        "A person showed me photos from the photography club's exhibition. Two of theirs were on the wall.",
        "Sorted a worrying benefits letter together. The relief when it was done said everything.",
        "Someone chose to try a different approach to their medication after weighing up the options "
        "with us. It's their plan.",
        "A relative told us the family now feel part of the team, not outside it.",
        "Someone has been swimming three times this month: their own goal, set in the spring.",
        'A first appointment that started with "I don\'t want to be here" ended with "see you next week".',
        "Someone mended a bike for the community bike scheme and is thinking of volunteering there.",
        "Introduced someone to the lunch club at the faith centre near their flat. They went on Sunday.",
        "Someone got through a hard week using the plan they made, and phoned us just to say so.",
        "A person who used to avoid the phone rang their surgery themselves to book a check-up.",
        "Duty was busy, but everyone who called got a warm, unhurried answer.",
        "Someone has been teaching me a few words of Portuguese at each visit. I'm slow; they're a kind "
        "teacher.",
        "Someone signed up for the recovery college course on managing stress, and brought a friend.",
        "Helped someone open a bank account. A small thing, and a big step.",
        "A person described their personal medicine, baking bread, and we built their plan around it.",
        "The walking group made it to the top of the hill. Photos are on the team board.",
    ),
}

# A couple of entries each team kept off the wall: only in the team's own records.
RECORDS_ONLY = {
    WILLOW: (
        "Quietly proud of how we supported someone through a very hard night. Keeping this one for the "
        "team's records.",
        "A family meeting went far better than anyone expected. Details for our records only.",
    ),
    KINGFISHER: (
        "A long, difficult visit ended with a plan the person is happy with. For our records, not the wall.",
        "Worked with the surgery and housing to help someone stay safe and settled at home this week.",
    ),
}

# (from, to, message): sign-in names of the sender and the person thanked.
THANKS = {
    WILLOW: (
        ("maya.okafor", "sam.taylor", "Thank you for staying calm and kind on a busy late shift."),
        ("sam.taylor", "priya.shah", "Well done on breakfast group. It's becoming the best part of the day."),
        ("priya.shah", "tom.reid", "Thank you for sharing your own story at community meeting."),
        ("alex-w", "sam.taylor", "Thank you for listening last night. It helped more than you know."),
        ("jo.bennett", "maya.okafor", "Thank you for keeping us in the loop this week. We feel included."),
        (
            "canal-side-college",
            "tom.reid",
            "Thanks for bringing the group to our open day. Lovely to meet all.",
        ),
        ("tom.reid", "maya.okafor", "Thanks for backing the walking group idea from day one."),
        ("maya.okafor", "priya.shah", "Well done for finishing the welcome packs. They look brilliant."),
        ("sam.taylor", "tom.reid", "Thanks for covering my break on a tricky shift."),
        ("alex-w", "priya.shah", "Thank you for helping me plan my leave."),
        ("priya.shah", "sam.taylor", "Thanks for tonight's handover: clear, calm and kind."),
        ("maya.okafor", "tom.reid", "Well done on the quiz. Best Friday in ages."),
    ),
    KINGFISHER: (
        (
            "grace.mensah",
            "owen.hughes",
            "Thank you for picking up the extra visits this week without a fuss.",
        ),
        ("owen.hughes", "priya.shah", "Thanks for the joint visit. Your ideas for the plan were spot on."),
        ("rowan-k", "owen.hughes", "Thank you for coming with me to the group. I wouldn't have gone alone."),
        ("chris.lloyd", "grace.mensah", "Thank you for explaining things so clearly at the family meeting."),
        ("riverside-allotments", "priya.shah", "Thanks for putting us in touch with a great new volunteer!"),
        ("priya.shah", "lena.novak", "Well done on the coffee morning. Such a warm welcome for everyone."),
        ("lena.novak", "grace.mensah", "Thanks for making time for supervision in a very busy week."),
        (
            "grace.mensah",
            "lena.novak",
            "Thank you for your peer-support session. It changed how we talk about hope.",
        ),
        ("rowan-k", "priya.shah", "Thanks for helping with the letter. I slept better after."),
        ("owen.hughes", "lena.novak", "Thanks for swapping duty days with me."),
    ),
}

# When each shift's handover happens: the end of the shift (see recovery_culture.lib.dates).
HANDOVER_TIME = {
    Shift.EARLY: dt.time(14, 20),
    Shift.LATE: dt.time(21, 10),
    Shift.NIGHT: dt.time(7, 15),
    Shift.DAY: dt.time(16, 30),  # a team without shifts logs its day at the end of it
}


class Command(BaseCommand):
    help = "Load a fictional demo trust with two teams and six weeks of little miracles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo accounts even with DEBUG off. They share a published password.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real site: the demo accounts share a published "
                "password. Use --force if you really want them here."
            )
        with transaction.atomic():
            teams = load_teams()
            members = load_members(teams)
            for slug, team in teams.items():
                load_stories(team, members[slug])
                load_supervision(team)
                load_trip(team, members[slug])
                load_language(team, members[slug])
        self.print_sign_ins(teams)

    def print_sign_ins(self, teams: dict[str, Team]) -> None:
        out = self.stdout
        out.write(
            self.style.SUCCESS(f"Demo data ready: {ORGANISATION[1]}, {', '.join(map(str, teams.values()))}.")
        )
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        out.write("Sign in with:")
        for person in PEOPLE:
            sign_in = person.email or f"{person.username} (sign-in name, no email)"
            roles = "; ".join(f"{Role(role).label}, {TEAMS[slug][0]}" for slug, role in person.teams)
            out.write(f"  {sign_in:<42} {roles}")


def load_teams() -> dict[str, Team]:
    slug, name = ORGANISATION
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    return {
        slug: Team.objects.get_or_create(
            slug=slug,
            defaults={
                "organisation": organisation,
                "name": name,
                "kind": kind,
                # A ward hands over between shifts; the community team works days and logs "today".
                "works_shifts": kind == Team.Kind.WARD,
            },
        )[0]
        for slug, (name, kind) in TEAMS.items()
    }


def load_members(teams: dict[str, Team]) -> dict[str, dict[str, Membership]]:
    """Each team's memberships, by sign-in name."""
    members: dict[str, dict[str, Membership]] = {slug: {} for slug in teams}
    joined = timezone.now() - dt.timedelta(weeks=WEEKS + 2)
    for person in PEOPLE:
        user, created = User.objects.get_or_create(
            username=person.username, defaults={"display_name": person.display_name, "email": person.email}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for slug, role in person.teams:
            members[slug][person.username], _ = Membership.objects.get_or_create(
                team=teams[slug], user=user, defaults={"role": role, "joined_at": joined}
            )
    return members


def load_stories(team: Team, members: dict[str, Membership]) -> None:
    """Six weeks of the team's little miracles and thank-yous, written only if it has none yet."""
    if team.successes.exists() or team.thank_yous.exists():
        return
    rng = random.Random(team.slug)  # the same spread of stories every time
    now = timezone.now()
    today = timezone.localdate()
    first_day = dates.week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    staff = [m for m in members.values() if m.is_staff_member]
    is_ward = team.kind == Team.Kind.WARD
    stories = iter(_cycle(STORIES[team.slug]))
    records_only_days = {first_day + dt.timedelta(days=9), first_day + dt.timedelta(days=24)}
    records_only = iter(enumerate(RECORDS_ONLY[team.slug]))

    day = first_day
    while day <= today:
        if is_ward:
            shifts = rng.sample([Shift.EARLY, Shift.LATE, Shift.NIGHT], k=rng.randint(1, 3))
        elif day.weekday() < 5:  # community teams work weekdays, without shifts
            shifts = [Shift.DAY] * rng.randint(1, 2)
        else:
            shifts = []
        for i, shift in enumerate(shifts):
            at = _at(day, HANDOVER_TIME[shift]) + dt.timedelta(minutes=7 * i)
            if at > now:
                continue
            keep_off_wall = day in records_only_days and i == 0
            number, text = next(records_only) if keep_off_wall else next(stories)
            author = rng.choice(staff)
            success = Success.objects.create(
                team=team,
                author=author,
                shift=shift,
                text=text,
                on_wall=not keep_off_wall,
                share_beyond_team=not keep_off_wall and number % 4 == 0,
                created_at=at,
            )
            if rng.random() < 0.3:
                success.helpers.add(rng.choice([m for m in staff if m != author]))
        day += dt.timedelta(days=1)

    thanks = iter(_cycle(THANKS[team.slug]))
    for week in range(WEEKS):
        monday = first_day + dt.timedelta(weeks=week)
        for weekday in (1, 3, 4):  # Tuesday, Thursday, and Friday before the meeting
            at = _at(monday + dt.timedelta(days=weekday), dt.time(12, 30))
            if at > now:
                continue
            _, (sender, recipient, message) = next(thanks)
            ThankYou.objects.create(
                team=team,
                sender=members[sender],
                recipient=members[recipient],
                message=message,
                created_at=at,
            )


def _cycle(items):
    """(number, item) for ever: the stories come round again after a few weeks, as they would."""
    number = 0
    while True:
        for item in items:
            yield number, item
            number += 1


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
