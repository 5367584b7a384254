"""The built-in list's second version (conversations/seed.py): "cases" and "caseload", and more
forms of "compliant" and "kicking off". Every team moves to it together; a phrase a team had
switched off stays switched off in the new version."""

from django.db import migrations

from conversations import seed


def reseed(apps, schema_editor):
    Phrase = apps.get_model("conversations", "Phrase")
    SwitchOff = apps.get_model("conversations", "SwitchOff")
    built_in = Phrase.objects.filter(team__isnull=True)
    if built_in.filter(version=seed.VERSION).exists():
        return  # a new database: 0001 seeded this version already
    older = {phrase.phrase.lower(): phrase for phrase in built_in.filter(status="in_use")}
    built_in.filter(status="in_use").update(status="retired")
    for phrase in Phrase.objects.bulk_create(seed.rows(Phrase)):
        if (was := older.get(phrase.phrase.lower())) is not None:
            SwitchOff.objects.filter(phrase=was).update(phrase=phrase)


def unseed(apps, schema_editor):
    Phrase = apps.get_model("conversations", "Phrase")
    SwitchOff = apps.get_model("conversations", "SwitchOff")
    built_in = Phrase.objects.filter(team__isnull=True)
    older = built_in.filter(status="retired").order_by("-version")
    if not older.exists():
        return  # seeded by 0001 at this version: there is nothing earlier to go back to
    earlier = older.first().version
    back = {phrase.phrase.lower(): phrase for phrase in older.filter(version=earlier)}
    for phrase in built_in.filter(status="in_use"):
        if (was := back.get(phrase.phrase.lower())) is not None:
            SwitchOff.objects.filter(phrase=phrase).update(phrase=was)
    built_in.filter(status="in_use").delete()
    older.filter(version=earlier).update(status="in_use")


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0004_blanket_rules"),
    ]

    operations = [migrations.RunPython(reseed, unseed)]
