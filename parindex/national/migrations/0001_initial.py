"""The national registry models, taken over from the standing app with their tables and rows.

State only: the tables were created by ``standing.0001`` and keep their old names here;
``0002_rename_tables`` renames them. A fresh database and an existing one run the same steps.
"""

import django.db.models.deletion
from django.db import migrations, models

APP = "national"
MODELS = ['ministry', 'region', 'nationalresult', 'publishedmean', 'quotedchange', 'rankgroup', 'regionmembership', 'resultcomponent', 'sipasresult', 'sourcedisagreement', 'tablesize']


def move_content_types(apps, schema_editor):
    """Give the moved models' content types to this app, so that permissions and admin log
    entries follow the rows (a fresh database has none yet: nothing to do)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=APP, model=model).exists():
            ContentType.objects.filter(app_label="standing", model=model).update(app_label=APP)


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=APP, model__in=MODELS).update(app_label="standing")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('standing', '0002_models_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Ministry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='Short code, e.g. MOJ or SBV.', max_length=20, unique=True, verbose_name='code')),
                        ('name', models.CharField(help_text='Vietnamese name.', max_length=255, verbose_name='name')),
                        ('source', models.TextField(blank=True, help_text='Where the name comes from.', verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'ministry',
                        'verbose_name_plural': 'ministries',
                        'db_table': 'standing_ministry',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=40, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('name_en', models.CharField(blank=True, max_length=255, verbose_name='English name')),
                    ],
                    options={
                        'verbose_name': 'region',
                        'verbose_name_plural': 'regions',
                        'db_table': 'standing_region',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='NationalResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(help_text='The assessed year.', verbose_name='index year')),
                        ('peer_group', models.CharField(choices=[('province', 'provinces'), ('ministry', 'ministries')], help_text='Provinces and ministries are ranked separately.', max_length=16, verbose_name='peer group')),
                        ('name_as_published', models.CharField(blank=True, help_text='Name in the source.', max_length=255, verbose_name='name as published')),
                        ('par_index', models.DecimalField(blank=True, decimal_places=4, help_text='Published index, 0–100; empty when the source gave only the rank.', max_digits=7, null=True, verbose_name='PAR INDEX (%)')),
                        ('published_rank', models.PositiveSmallIntegerField(blank=True, help_text='Rank as published; empty when the source gave only the value.', null=True, verbose_name='published rank')),
                        ('appraisal_score', models.DecimalField(blank=True, decimal_places=4, help_text="Points from the ministry's appraisal of the self-assessment, if published.", max_digits=7, null=True, verbose_name='appraisal points')),
                        ('survey_score', models.DecimalField(blank=True, decimal_places=4, help_text='Points from the sociological survey, if published.', max_digits=7, null=True, verbose_name='survey points')),
                        ('rank_group', models.CharField(blank=True, help_text='The group the source names (e.g. Nhóm B); empty if it names none.', max_length=32, verbose_name='rank group as published')),
                        ('source_url', models.TextField(help_text='URL(s) of the source of this row.', verbose_name='source')),
                        ('source_type', models.CharField(choices=[('official', 'official document'), ('press', 'press report'), ('third_party_dataset_unverified', 'third-party dataset (unverified)'), ('derived', 'derived')], default='press', max_length=40, verbose_name='source type')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], default='as_published', help_text='How far the row can be trusted.', max_length=16, verbose_name='status')),
                        ('published_on', models.DateField(blank=True, null=True, verbose_name='published on')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('imported_from', models.CharField(blank=True, help_text='File the row came from.', max_length=255, verbose_name='imported from')),
                        ('ministry', models.ForeignKey(blank=True, help_text='The ministry (empty for a province).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='results', to='national.ministry', verbose_name='ministry')),
                        ('unit', models.ForeignKey(blank=True, help_text='The province (empty for a ministry).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='national_results', to='units.unit', verbose_name='province')),
                    ],
                    options={
                        'verbose_name': 'national result',
                        'verbose_name_plural': 'national results',
                        'db_table': 'standing_nationalresult',
                        'ordering': ['year', 'peer_group', 'published_rank'],
                    },
                ),
                migrations.CreateModel(
                    name='PublishedMean',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='index year')),
                        ('peer_group', models.CharField(choices=[('province', 'provinces'), ('ministry', 'ministries')], max_length=16, verbose_name='peer group')),
                        ('scope', models.CharField(help_text="'national' or a region code.", max_length=40, verbose_name='scope')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=7, verbose_name='mean (%)')),
                        ('count_above', models.PositiveSmallIntegerField(blank=True, help_text='As published, if given.', null=True, verbose_name='units above the mean')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], max_length=16, verbose_name='status')),
                        ('source', models.TextField(verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'published mean',
                        'verbose_name_plural': 'published means',
                        'db_table': 'standing_publishedmean',
                        'ordering': ['year', 'scope'],
                        'constraints': [models.UniqueConstraint(fields=('year', 'peer_group', 'scope', 'value'), name='standing_one_mean_value')],
                    },
                ),
                migrations.CreateModel(
                    name='QuotedChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='index year')),
                        ('change', models.DecimalField(decimal_places=4, max_digits=7, verbose_name='quoted change (points)')),
                        ('statement', models.CharField(blank=True, max_length=255, verbose_name='statement')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], max_length=16, verbose_name='status')),
                        ('source', models.TextField(verbose_name='source')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='province')),
                    ],
                    options={
                        'verbose_name': 'quoted change',
                        'verbose_name_plural': 'quoted changes',
                        'db_table': 'standing_quotedchange',
                        'ordering': ['year'],
                    },
                ),
                migrations.CreateModel(
                    name='RankGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year_from', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='from year')),
                        ('year_to', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='to year')),
                        ('peer_group', models.CharField(choices=[('province', 'provinces'), ('ministry', 'ministries')], max_length=16, verbose_name='peer group')),
                        ('name', models.CharField(max_length=64, verbose_name='group')),
                        ('lower', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='lower bound')),
                        ('lower_inclusive', models.BooleanField(default=True, verbose_name='lower bound included')),
                        ('upper', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='upper bound')),
                        ('upper_inclusive', models.BooleanField(default=False, verbose_name='upper bound included')),
                        ('expected_count', models.PositiveSmallIntegerField(blank=True, help_text='As published, if given.', null=True, verbose_name='units in the group')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], max_length=16, verbose_name='status')),
                        ('rule_text', models.CharField(blank=True, max_length=255, verbose_name='rule as published')),
                        ('source', models.TextField(blank=True, verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'rank group',
                        'verbose_name_plural': 'rank groups',
                        'db_table': 'standing_rankgroup',
                        'ordering': ['peer_group', 'year_from', '-lower'],
                        'constraints': [models.UniqueConstraint(fields=('peer_group', 'year_from', 'year_to', 'name', 'status'), name='standing_one_group')],
                    },
                ),
                migrations.CreateModel(
                    name='RegionMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                        ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], max_length=16, verbose_name='status')),
                        ('source', models.TextField(verbose_name='source')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='national.region', verbose_name='region')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='province')),
                    ],
                    options={
                        'verbose_name': 'region membership',
                        'verbose_name_plural': 'region memberships',
                        'db_table': 'standing_regionmembership',
                        'ordering': ['region', 'unit__code'],
                    },
                ),
                migrations.CreateModel(
                    name='ResultComponent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='Area code or sub-score code.', max_length=64, verbose_name='component')),
                        ('label', models.CharField(blank=True, max_length=255, verbose_name='label as published')),
                        ('points', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='points')),
                        ('rate_pct', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='component rate (%)')),
                        ('max_points', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='maximum points')),
                        ('source_url', models.TextField(blank=True, verbose_name='source')),
                        ('result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='components', to='national.nationalresult', verbose_name='result')),
                    ],
                    options={
                        'verbose_name': 'result component',
                        'verbose_name_plural': 'result components',
                        'db_table': 'standing_resultcomponent',
                        'ordering': ['result', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='SipasResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('name_as_published', models.CharField(blank=True, max_length=255, verbose_name='name as published')),
                        ('sipas', models.DecimalField(blank=True, decimal_places=4, max_digits=7, null=True, verbose_name='SIPAS (%)')),
                        ('sipas_rank', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='SIPAS rank')),
                        ('source_type', models.CharField(choices=[('official', 'official document'), ('press', 'press report'), ('third_party_dataset_unverified', 'third-party dataset (unverified)'), ('derived', 'derived')], default='press', max_length=40, verbose_name='source type')),
                        ('source_url', models.TextField(verbose_name='source')),
                        ('imported_from', models.CharField(blank=True, max_length=255, verbose_name='imported from')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='province')),
                    ],
                    options={
                        'verbose_name': 'SIPAS result',
                        'verbose_name_plural': 'SIPAS results',
                        'db_table': 'standing_sipasresult',
                        'ordering': ['year', 'sipas_rank'],
                    },
                ),
                migrations.CreateModel(
                    name='SourceDisagreement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='index year')),
                        ('peer_group', models.CharField(choices=[('province', 'provinces'), ('ministry', 'ministries')], max_length=16, verbose_name='peer group')),
                        ('units', models.CharField(help_text="Unit references, separated by ';'.", max_length=255, verbose_name='units')),
                        ('description', models.TextField(verbose_name='description')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], max_length=16, verbose_name='status')),
                        ('source', models.TextField(verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'source disagreement',
                        'verbose_name_plural': 'source disagreements',
                        'db_table': 'standing_sourcedisagreement',
                        'ordering': ['year'],
                        'constraints': [models.UniqueConstraint(fields=('year', 'peer_group', 'units'), name='standing_one_disagreement')],
                    },
                ),
                migrations.CreateModel(
                    name='TableSize',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year_from', models.PositiveSmallIntegerField(verbose_name='from year')),
                        ('year_to', models.PositiveSmallIntegerField(blank=True, help_text='Empty: still valid.', null=True, verbose_name='to year')),
                        ('peer_group', models.CharField(choices=[('province', 'provinces'), ('ministry', 'ministries')], max_length=16, verbose_name='peer group')),
                        ('size', models.PositiveSmallIntegerField(verbose_name='units ranked')),
                        ('status', models.CharField(choices=[('as_published', 'as published by the cited source'), ('verified', 'verified'), ('secondary', 'secondary'), ('derived', 'derived'), ('partial', 'partial'), ('unverified', 'unverified'), ('conflict', 'conflicting sources')], max_length=16, verbose_name='status')),
                        ('source', models.TextField(verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'table size',
                        'verbose_name_plural': 'table sizes',
                        'db_table': 'standing_tablesize',
                        'ordering': ['peer_group', 'year_from'],
                        'constraints': [models.UniqueConstraint(fields=('peer_group', 'year_from'), name='standing_one_size_per_start')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='nationalresult',
                    constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', False)), fields=('year', 'unit'), name='standing_one_result_per_province_year'),
                ),
                migrations.AddConstraint(
                    model_name='nationalresult',
                    constraint=models.UniqueConstraint(condition=models.Q(('ministry__isnull', False)), fields=('year', 'ministry'), name='standing_one_result_per_ministry_year'),
                ),
                migrations.AddConstraint(
                    model_name='nationalresult',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('unit__isnull', False), ('ministry__isnull', True)), models.Q(('unit__isnull', True), ('ministry__isnull', False)), _connector='OR'), name='standing_result_unit_xor_ministry'),
                ),
                migrations.AddConstraint(
                    model_name='nationalresult',
                    constraint=models.CheckConstraint(condition=models.Q(('par_index__isnull', True), models.Q(('par_index__gte', 0), ('par_index__lte', 100)), _connector='OR'), name='standing_result_index_0_100'),
                ),
                migrations.AddConstraint(
                    model_name='quotedchange',
                    constraint=models.UniqueConstraint(fields=('year', 'unit', 'change'), name='standing_one_quote'),
                ),
                migrations.AddConstraint(
                    model_name='regionmembership',
                    constraint=models.UniqueConstraint(fields=('region', 'unit'), name='standing_one_membership'),
                ),
                migrations.AddConstraint(
                    model_name='resultcomponent',
                    constraint=models.UniqueConstraint(fields=('result', 'code'), name='standing_one_component'),
                ),
                migrations.AddConstraint(
                    model_name='sipasresult',
                    constraint=models.UniqueConstraint(fields=('year', 'unit'), name='standing_one_sipas_per_year'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
