"""The models of the standing app moved to ``national`` and ``targets``: this takes them out of
the standing app's state only. The tables stay; the new apps' ``0001`` migrations take them over
(state only, old table names), their ``0002`` migrations rename the tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('standing', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='nationalresult',
                    name='ministry',
                ),
                migrations.RemoveField(
                    model_name='nationalresult',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='resultcomponent',
                    name='result',
                ),
                migrations.DeleteModel(
                    name='PublishedMean',
                ),
                migrations.RemoveField(
                    model_name='quotedchange',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='RankGroup',
                ),
                migrations.RemoveField(
                    model_name='regionmembership',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='regionmembership',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='sipasresult',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='SourceDisagreement',
                ),
                migrations.DeleteModel(
                    name='TableSize',
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='targetdecision',
                    name='target',
                ),
                migrations.RemoveField(
                    model_name='targetplan',
                    name='owner',
                ),
                migrations.DeleteModel(
                    name='Ministry',
                ),
                migrations.DeleteModel(
                    name='NationalResult',
                ),
                migrations.DeleteModel(
                    name='ResultComponent',
                ),
                migrations.DeleteModel(
                    name='QuotedChange',
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
                migrations.DeleteModel(
                    name='RegionMembership',
                ),
                migrations.DeleteModel(
                    name='SipasResult',
                ),
                migrations.DeleteModel(
                    name='Target',
                ),
                migrations.DeleteModel(
                    name='TargetDecision',
                ),
                migrations.DeleteModel(
                    name='TargetPlan',
                ),
            ],
            database_operations=[],
        ),
    ]
