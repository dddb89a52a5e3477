"""Rename the tables taken over from the standing app to this app's own names (rows kept)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('targets', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='target',
            table=None,
        ),
        migrations.AlterModelTable(
            name='targetdecision',
            table=None,
        ),
        migrations.AlterModelTable(
            name='targetplan',
            table=None,
        ),
    ]
