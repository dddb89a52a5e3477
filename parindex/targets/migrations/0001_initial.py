"""The target models (plans, targets, decisions), taken over from the standing app with their tables and rows.

State only: the tables were created by ``standing.0001`` and keep their old names here;
``0002_rename_tables`` renames them. A fresh database and an existing one run the same steps.
"""

import django.db.models.deletion
from django.db import migrations, models

APP = "targets"
MODELS = ['target', 'targetdecision', 'targetplan']


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
                    name='Target',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.SlugField(max_length=80, verbose_name='identifier')),
                        ('rule', models.CharField(max_length=40, verbose_name='rule')),
                        ('params', models.JSONField(default=dict, verbose_name='parameters')),
                        ('year_from', models.PositiveSmallIntegerField(verbose_name='from year')),
                        ('year_to', models.PositiveSmallIntegerField(verbose_name='to year')),
                        ('status', models.CharField(choices=[('active', 'in force'), ('proposed', 'proposed'), ('superseded', 'superseded'), ('retired', 'retired')], max_length=16, verbose_name='status')),
                        ('legal_source', models.TextField(blank=True, verbose_name='legal source')),
                        ('wording', models.TextField(blank=True, verbose_name='wording in the source')),
                        ('derived_from', models.CharField(blank=True, max_length=160, verbose_name='derived from')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='owner')),
                    ],
                    options={
                        'verbose_name': 'target',
                        'verbose_name_plural': 'targets',
                        'db_table': 'standing_target',
                        'ordering': ['plan', 'year_from', 'key'],
                    },
                ),
                migrations.CreateModel(
                    name='TargetDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('adopt', 'adopted'), ('retire', 'retired'), ('reattach', 're-attached to a successor'), ('reparameterise', 're-parameterised')], max_length=20, verbose_name='decision')),
                        ('decision', models.TextField(help_text='The decision or policy choice, e.g. its number and date.', verbose_name='decided by')),
                        ('decided_on', models.DateField(blank=True, null=True, verbose_name='decided on')),
                        ('before', models.JSONField(blank=True, null=True, verbose_name='before')),
                        ('after', models.JSONField(blank=True, null=True, verbose_name='after')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='targets.target', verbose_name='target')),
                    ],
                    options={
                        'verbose_name': 'target decision',
                        'verbose_name_plural': 'target decisions',
                        'db_table': 'standing_targetdecision',
                        'ordering': ['target', 'decided_on', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='TargetPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=80, unique=True, verbose_name='identifier')),
                        ('title', models.CharField(max_length=500, verbose_name='title')),
                        ('legal_source', models.TextField(verbose_name='legal source')),
                        ('source_url', models.TextField(blank=True, verbose_name='source')),
                        ('status', models.CharField(choices=[('active', 'in force'), ('proposed', 'proposed'), ('superseded', 'superseded'), ('retired', 'retired')], max_length=16, verbose_name='status')),
                        ('year_from', models.PositiveSmallIntegerField(verbose_name='from year')),
                        ('year_to', models.PositiveSmallIntegerField(verbose_name='to year')),
                        ('rebased_from', models.CharField(blank=True, max_length=80, verbose_name='re-based from')),
                        ('definition', models.TextField(help_text='The file as imported.', verbose_name='definition (YAML)')),
                        ('file_name', models.CharField(blank=True, max_length=255, verbose_name='file')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='owner')),
                    ],
                    options={
                        'verbose_name': 'target plan',
                        'verbose_name_plural': 'target plans',
                        'db_table': 'standing_targetplan',
                        'ordering': ['slug'],
                    },
                ),
                migrations.AddField(
                    model_name='target',
                    name='plan',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='targets.targetplan', verbose_name='plan'),
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.UniqueConstraint(fields=('plan', 'key'), name='standing_one_target_key'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
