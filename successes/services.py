"""Writes for little miracles and thank-yous, and a week of the wall (for pages, PDFs and digests).

Forms check what was typed; these functions check who may do it, so no page can get it wrong."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from recovery_culture.lib import dates
from recovery_culture.lib.pdf import render_pdf
from successes.models import Shift, Success, ThankYou, WallItem, shift_now
from teams.models import AuditAction, AuditEvent, Membership, Team

# A second identical entry from the same person this soon is a double tap or a resent form.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=1)


class AlreadySaved(Exception):  # noqa: N818 (it is news, not a failure)
    """The same person saved the same words a moment ago: `success` is the entry already kept."""

    def __init__(self, success: Success):
        super().__init__("This little miracle is already saved.")
        self.success = success


def _check_helpers(author: Membership, helpers: Iterable[Membership], keep: Iterable[int] = ()) -> None:
    keep = set(keep)
    for helper in helpers:
        if helper.team_id != author.team_id or not helper.is_staff_member or helper.pk == author.pk:
            raise ValidationError(f"{helper.name} cannot be named as helping with this entry.")
        if not helper.is_active and helper.pk not in keep:
            raise ValidationError(f"{helper.name} is no longer in the team.")


@transaction.atomic
def success_create(
    *,
    member: Membership,
    shift: str,
    text: str,
    helpers: Iterable[Membership],
    on_wall: bool,
    share_beyond_team: bool,
) -> Success:
    """Save a little miracle from the handover round.

    Raises AlreadySaved if the same person saved the same words within a minute."""
    if not (member.is_active and member.is_staff_member):
        raise PermissionDenied("Only staff share at handover.")
    helpers = list(helpers)
    _check_helpers(member, helpers)
    text = text.strip()
    # The author's row is the lock: two copies of one submission, arriving together, take turns,
    # and the second one finds the first.
    Membership.objects.select_for_update().filter(pk=member.pk).first()
    earlier = (
        member.team.successes.filter(
            author=member, text=text, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW
        )
        .order_by("-created_at")
        .first()
    )
    if earlier is not None:
        raise AlreadySaved(earlier)
    success = Success.objects.create(
        team=member.team,
        author=member,
        shift=shift,
        text=text,
        on_wall=on_wall,
        share_beyond_team=share_beyond_team,
    )
    if helpers:
        success.helpers.add(*helpers)
    return success


@transaction.atomic
def success_update(
    *,
    member: Membership,
    success: Success,
    shift: str,
    text: str,
    helpers: Iterable[Membership],
    on_wall: bool,
    share_beyond_team: bool,
) -> Success:
    if not success.can_change(member):
        raise PermissionDenied("Only the author can change an entry, on the day they wrote it.")
    helpers = list(helpers)
    # A helper who has left since keeps their place on an entry that already named them.
    _check_helpers(member, helpers, keep=success.helpers.values_list("pk", flat=True))
    success.shift = shift
    success.text = text.strip()
    success.on_wall = on_wall
    success.share_beyond_team = share_beyond_team
    success.save(update_fields=["shift", "text", "on_wall", "share_beyond_team", "updated_at"])
    success.helpers.set(helpers)
    return success


def success_celebrate(*, author: Membership, text: str) -> Success:
    """Put another app's good news on the wall as a little miracle, in the author's name, at the
    shift it happened (a TRIP priority done, for one). The caller has checked who may do it."""
    return Success.objects.create(
        team_id=author.team_id, author=author, shift=shift_now(author.team), text=text, on_wall=True
    )


@transaction.atomic
def success_delete(*, member: Membership, success: Success) -> None:
    if not success.can_change(member):
        raise PermissionDenied("Only the author can delete an entry, on the day they wrote it.")
    success.delete()


@transaction.atomic
def thank_you_create(*, sender: Membership, recipient: Membership, message: str) -> ThankYou:
    if not sender.is_active:
        raise PermissionDenied("Only members of the team can send thanks.")
    if recipient.team_id != sender.team_id or recipient.pk == sender.pk:
        raise ValidationError("A thank-you goes to someone else in your team.")
    if not recipient.is_active:
        raise ValidationError(f"{recipient.name} is no longer in the team.")
    return ThankYou.objects.create(
        team=sender.team, sender=sender, recipient=recipient, message=message.strip()
    )


@transaction.atomic
def thank_you_withdraw(*, member: Membership, thank_you: ThankYou) -> None:
    """The sender takes their thank-you back: it is deleted, so the recipient no longer sees it."""
    if not thank_you.is_author(member):
        raise PermissionDenied("Only the person who sent a thank-you can withdraw it.")
    thank_you.delete()


def _audit_detail(item: WallItem) -> str:
    # Which item and when, never its words: the audit trail is read by people outside the team.
    kind = "Thank-you" if isinstance(item, ThankYou) else "Little miracle"
    return f"{kind} {item.pk}, written {timezone.localdate(item.created_at).isoformat()}"


@transaction.atomic
def wall_item_hide(*, member: Membership, item: WallItem, reason: str) -> WallItem:
    """A manager takes a little miracle or thank-you off the wall, saying why. It is kept: its
    author sees the reason, and a manager can show it again."""
    if not member.is_manager:
        raise PermissionDenied("Only managers can hide something from the wall.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why it is hidden, so its author understands.")
    item.hidden_at, item.hidden_by, item.hidden_reason = timezone.now(), member, reason
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    AuditEvent.objects.record(
        actor=member,
        action=AuditAction.HIDDEN,
        subject=getattr(item, item.AUTHOR_FIELD),
        detail=_audit_detail(item),
    )
    return item


@transaction.atomic
def wall_item_show(*, member: Membership, item: WallItem) -> WallItem:
    if not member.is_manager:
        raise PermissionDenied("Only managers can show something on the wall again.")
    if not item.is_hidden:
        return item
    item.hidden_at, item.hidden_by, item.hidden_reason = None, None, ""
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    AuditEvent.objects.record(
        actor=member,
        action=AuditAction.SHOWN,
        subject=getattr(item, item.AUTHOR_FIELD),
        detail=_audit_detail(item),
    )
    return item


def handover_round(team: Team, day: dt.date, shift: str) -> QuerySet[Success]:
    """Who has shared at this shift's handover today, and what: newest first, on the wall or not.
    A team without shifts has one round a day, and it holds all of the day's entries."""
    begin = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    entries = team.successes.shown().filter(
        created_at__gte=begin, created_at__lt=begin + dt.timedelta(days=1)
    )
    if shift != Shift.DAY:
        entries = entries.filter(shift=shift)
    return entries.with_people()


def _monday() -> TruncWeek:
    """The Monday (a date, in the team's time zone) of the week a row was written in."""
    return TruncWeek("created_at", output_field=DateField())


def wall_weeks(team: Team) -> QuerySet:
    """The weeks (their Mondays, newest first) in which the team's wall had something on it.

    Counted by the database, one row a week, so five years of a busy ward stay quick."""
    stories = team.successes.shown().on_wall().annotate(week=_monday()).values("week").order_by()
    thanks = team.thank_yous.shown().annotate(week=_monday()).values("week").order_by()
    return stories.union(thanks).order_by("-week")


def week_counts(team: Team, weeks: list[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """(little miracles, thank-yous) on the wall in each of `weeks`."""
    if not weeks:
        return {}
    begin, end = dates.week_bounds(min(weeks))[0], dates.week_bounds(max(weeks))[1]

    def count(queryset: QuerySet) -> dict[dt.date, int]:
        rows = (
            queryset.filter(created_at__gte=begin, created_at__lt=end)
            .annotate(week=_monday())
            .values("week")
            .annotate(n=Count("pk"))
            .values_list("week", "n")
            .order_by()
        )
        return dict(rows)

    stories, thanks = count(team.successes.shown().on_wall()), count(team.thank_yous.shown())
    return {week: (stories.get(week, 0), thanks.get(week, 0)) for week in weeks}


@dataclass(frozen=True)
class WallWeek:
    """One week of a team's wall: its little miracles and thank-yous, newest first, and how many
    of each the week holds (more than are listed when the page shows only the newest)."""

    team: Team
    week_start: dt.date
    successes: list[Success]
    thank_yous: list[ThankYou]
    successes_count: int
    thank_yous_count: int

    @property
    def is_empty(self) -> bool:
        return not self.successes and not self.thank_yous

    @property
    def is_folded(self) -> bool:
        return len(self.successes) < self.successes_count or len(self.thank_yous) < self.thank_yous_count


def newest(queryset: QuerySet, limit: int | None) -> tuple[list, int]:
    """The first `limit` rows (all without a limit) and how many there are in all; counted by the
    database only when the list is cut short."""
    rows = list(queryset if limit is None else queryset[:limit])
    return rows, len(rows) if limit is None or len(rows) < limit else queryset.count()


def wall_week(
    team: Team, week_start: dt.date, *, viewer: Membership | None = None, limit: int | None = None
) -> WallWeek:
    """The week as everyone sees it (PDF, digest, a shared screen), or as `viewer` sees it on their
    own screen: with the hidden items they wrote, or every hidden one for a manager, marked. With a
    `limit`, only the newest `limit` of each kind, so a busy week stays quick to read and to load."""

    def seen(queryset: QuerySet) -> QuerySet:
        return queryset.seen_by(viewer) if viewer is not None else queryset.shown()

    successes, successes_count = newest(seen(team.successes.for_wall()).in_week(week_start), limit)
    thank_yous, thank_yous_count = newest(seen(team.thank_yous.for_wall()).in_week(week_start), limit)
    return WallWeek(team, week_start, successes, thank_yous, successes_count, thank_yous_count)


def pdf_filename(team: Team, week_start: dt.date) -> str:
    return f"{team.slug}-little-miracles-{week_start.isoformat()}.pdf"


def wall_pdf(team: Team, week_start: dt.date) -> bytes:
    return render_pdf("successes/wall_pdf.jinja", {"wall": wall_week(team, week_start)})
