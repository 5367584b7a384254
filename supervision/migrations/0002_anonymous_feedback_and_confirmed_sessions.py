import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F
from django.utils import timezone

import supervision.models


def sessions_recorded_and_confirmed(apps, schema_editor):
    """Sessions from before confirmation existed were recorded by one of the pair (the form
    already required it) and have counted all along: they keep counting, with the supervisor
    taken as the one who recorded them. A session dated after today cannot have happened, so it
    waits for confirmation instead (and coverage never shows a future date)."""
    session = apps.get_model("supervision", "SupervisionSession")
    session.objects.update(recorded_by=F("supervisor"))
    session.objects.filter(held_on__lte=timezone.localdate()).update(confirmed_at=F("created_at"))
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so the table can be altered in this same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def closed_requests_close_on_their_day(apps, schema_editor):
    """Open requests get a fresh window (the field's default: two weeks from today). A request
    already closed closed on its day; its results are tallied, once, the next time it is seen."""
    request = apps.get_model("supervision", "FeedbackRequest")
    for found in request.objects.filter(closed_at__isnull=False):
        found.closes_on = timezone.localdate(found.closed_at)
        found.save(update_fields=["closes_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("teams", "0002_monthly_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="supervisionsession",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="supervisionsession",
            name="recorded_by",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="teams.membership"
            ),
        ),
        migrations.RunPython(sessions_recorded_and_confirmed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="supervisionsession",
            name="recorded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="teams.membership"
            ),
        ),
        migrations.AddConstraint(
            model_name="supervisionsession",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("recorded_by", models.F("supervisor")), ("recorded_by", models.F("supervisee")), _connector="OR"
                ),
                name="session_recorded_by_a_party",
            ),
        ),
        # The shared link is retired: whoever held it (the worker first of all) could answer.
        migrations.RemoveField(model_name="feedbackrequest", name="token"),
        migrations.AddField(
            model_name="feedbackrequest",
            name="closes_on",
            field=models.DateField(
                default=supervision.models.feedback_window_end, verbose_name="Take answers until"
            ),
        ),
        migrations.AddField(
            model_name="feedbackrequest",
            name="results",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(closed_requests_close_on_their_day, migrations.RunPython.noop),
        migrations.CreateModel(
            name="FeedbackCard",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.CharField(default=supervision.models.new_card_code, max_length=8, unique=True),
                ),
                ("used", models.BooleanField(default=False)),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cards",
                        to="supervision.feedbackrequest",
                    ),
                ),
            ],
        ),
    ]
