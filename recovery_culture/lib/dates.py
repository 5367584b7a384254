"""Dates as the wards live them: shifts, the little-miracles week, and friendly formats.

Weeks start on Monday, in the team's local time (Europe/London)."""

import datetime as dt

from django.utils import timezone

EARLY, LATE, NIGHT = "early", "late", "night"


def shift_at(moment: dt.datetime) -> str:
    """The shift a handover at this moment most likely closes.

    People log at the *end* of their shift: early shifts end mid-afternoon, lates late in the
    evening, nights in the morning. So 11:00-17:59 is the early shift's handover, 18:00-02:59
    the late's, and 03:00-10:59 the night's."""
    hour = timezone.localtime(moment).hour
    if 11 <= hour < 18:
        return EARLY
    if hour >= 18 or hour < 3:
        return LATE
    return NIGHT


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def this_week_start() -> dt.date:
    return week_start(timezone.localdate())


def week_bounds(start: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware datetimes [Monday 00:00, next Monday 00:00) of the week starting on `start`."""
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(start + dt.timedelta(days=7), dt.time.min, tzinfo=tz)
    return begin, end


def format_day(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%A} {value.day} {value:%B %Y}"


def format_time(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def format_week(start: dt.date) -> str:
    return f"Week of {format_day(start)}"


def month_days(today: dt.date, months: int = 12) -> list[dt.date]:
    """The first days of the last `months` months, this one first."""
    firsts = [today.replace(day=1)]
    while len(firsts) < months:
        firsts.append((firsts[-1] - dt.timedelta(days=1)).replace(day=1))
    return firsts
