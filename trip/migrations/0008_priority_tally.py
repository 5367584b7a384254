"""Priorities show a stored tally of their ratings, brought up to date only once three people have
rated or changed their rating since the last one (ADR 0014). Priorities already rated by three or
more get their first tally now; those with fewer wait for the third."""

from django.db import migrations, models
from django.db.models import Avg, Count

SMALLEST_GROUP = 3  # recovery_culture.lib.anonymity, as it was when this ran


def first_tally(apps, schema_editor):
    Priority = apps.get_model("trip", "Priority")
    PriorityRating = apps.get_model("trip", "PriorityRating")
    rated = Priority.objects.annotate(raters=Count("ratings")).filter(raters__gte=SMALLEST_GROUP)
    for priority in rated:
        ratings = PriorityRating.objects.filter(priority=priority)
        figures = ratings.aggregate(tally_count=Count("id"), tally_impact=Avg("impact"), tally_ease=Avg("ease"))
        Priority.objects.filter(pk=priority.pk).update(**figures)
        ratings.update(in_tally=True)


class Migration(migrations.Migration):
    dependencies = [("trip", "0007_plainer_statements")]
    operations = [
        migrations.AddField(
            model_name="priority",
            name="tally_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="priority",
            name="tally_ease",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="priority",
            name="tally_impact",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="priorityrating",
            name="in_tally",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(first_tally, migrations.RunPython.noop),
    ]
