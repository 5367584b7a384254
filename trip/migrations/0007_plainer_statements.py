"""A theme and two library statements in plainer words (Flesch reading ease 60 or more, like every other).
A new version of each, so ratings already given keep the words that were rated."""

from django.db import migrations, models

REWORDED = {
    "more-than-medicine": "We offer more than medicine: talking, groups, things to do, and help with money, homes and work.",
    "community-links": "We help people find groups, classes and clubs that are not part of mental health care.",
}


def reword(apps, schema_editor):
    Statement = apps.get_model("trip", "Statement")
    StatementVersion = apps.get_model("trip", "StatementVersion")
    for statement in Statement.objects.filter(team__isnull=True, key__in=REWORDED).select_related("current_version"):
        text = REWORDED[statement.key]
        if statement.current_version.text == text:
            continue  # a new database loaded the plainer words already (0003 reads trip.statements)
        number = StatementVersion.objects.filter(statement=statement).count() + 1
        version = StatementVersion.objects.create(statement=statement, number=number, text=text)
        statement.current_version = version
        statement.save(update_fields=["current_version"])


class Migration(migrations.Migration):
    dependencies = [("trip", "0006_ask_about_this")]
    operations = [
        migrations.AlterField(
            model_name='statement',
            name='theme',
            field=models.CharField(choices=[('life_goals', 'Life goals'), ('involvement', 'Involvement'), ('treatment_options', 'A range of support to choose from'), ('choice', 'Choice'), ('tailored', 'Support shaped around each person'), ('interactions', 'Everyday conversations'), ('education', 'Learning about recovery together'), ('leadership', 'Leadership'), ('commitment', 'The whole organisation behind recovery'), ('personalised', 'Personal care and planning'), ('workforce', 'Staff with lived experience'), ('staff_wellbeing', 'Supporting staff in their own recovery'), ('co_production', 'People using the service involved in everything'), ('risk', 'Recovery and safety together'), ('user_involvement', 'New kinds of involvement')], max_length=20, verbose_name='theme'),
        ),
        migrations.RunPython(reword, migrations.RunPython.noop),
    ]
