from django.db import migrations


def load_library(apps, schema_editor):
    from trip.statements import LIBRARY

    Statement = apps.get_model("trip", "Statement")
    StatementVersion = apps.get_model("trip", "StatementVersion")
    for key, theme, text in LIBRARY:
        if Statement.objects.filter(team__isnull=True, key=key).exists():
            continue
        statement = Statement.objects.create(key=key, theme=theme)
        version = StatementVersion.objects.create(statement=statement, number=1, text=text)
        statement.current_version = version
        statement.save(update_fields=["current_version"])


def unload_library(apps, schema_editor):
    Statement = apps.get_model("trip", "Statement")
    Statement.objects.filter(team__isnull=True, ratings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("trip", "0002_benchmarking")]

    operations = [migrations.RunPython(load_library, unload_library)]
