# The monthly story report's models, moved from teams (teams 0003) onto the tables teams made in
# its 0002: created in the migration state only, with db_table set, so no data moves.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('successes', '0002_initial'),
        ('teams', '0003_monthly_report_moved_to_dashboards'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='MonthlyReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='The first day of the month reported on.')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('ready_at', models.DateTimeField(blank=True, null=True)),
                        ('failed_at', models.DateTimeField(blank=True, null=True)),
                        ('pdf', models.BinaryField(blank=True, null=True)),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='teams.membership')),
                        ('stories', models.ManyToManyField(blank=True, related_name='+', to='successes.success')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='monthly_reports', to='teams.team')),
                    ],
                    options={
                        'db_table': 'teams_monthlyreport',
                        'ordering': ['-requested_at', '-id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('month__day', 1)), name='monthly_report_month_is_first_day')],
                    },
                ),
                migrations.CreateModel(
                    name='MonthlyReportDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField()),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='monthly_report_deliveries', to='teams.membership')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='monthly_report_deliveries', to='teams.team')),
                    ],
                    options={
                        'db_table': 'teams_monthlyreportdelivery',
                        'verbose_name_plural': 'monthly report deliveries',
                        'constraints': [models.UniqueConstraint(fields=('team', 'month', 'member'), name='one_monthly_report_per_member')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
