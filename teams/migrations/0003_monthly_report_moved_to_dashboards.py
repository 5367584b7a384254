# The monthly story report moved to the dashboards app (docs/adr/0004). Its tables stay where
# they are, under their teams_ names: teams forgets the models here, and dashboards' 0001 takes
# them up, both in the migration state only, so no row moves.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0002_monthly_report'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='MonthlyReportDelivery'),
                migrations.DeleteModel(name='MonthlyReport'),
            ],
            database_operations=[],
        ),
    ]
