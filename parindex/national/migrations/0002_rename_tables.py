"""Rename the tables taken over from the standing app to this app's own names (rows kept)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('national', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='ministry',
            table=None,
        ),
        migrations.AlterModelTable(
            name='nationalresult',
            table=None,
        ),
        migrations.AlterModelTable(
            name='publishedmean',
            table=None,
        ),
        migrations.AlterModelTable(
            name='quotedchange',
            table=None,
        ),
        migrations.AlterModelTable(
            name='rankgroup',
            table=None,
        ),
        migrations.AlterModelTable(
            name='region',
            table=None,
        ),
        migrations.AlterModelTable(
            name='regionmembership',
            table=None,
        ),
        migrations.AlterModelTable(
            name='resultcomponent',
            table=None,
        ),
        migrations.AlterModelTable(
            name='sipasresult',
            table=None,
        ),
        migrations.AlterModelTable(
            name='sourcedisagreement',
            table=None,
        ),
        migrations.AlterModelTable(
            name='tablesize',
            table=None,
        ),
    ]
