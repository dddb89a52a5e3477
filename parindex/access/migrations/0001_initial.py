# RoleAssignment, moved here from core with every row: the model enters access's state on the
# existing table core_roleassignment (no database change), then the table is renamed. The
# content type follows, so permissions granted on the model keep pointing at it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old='core', new='access'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model='roleassignment').exists():
        return
    ContentType.objects.using(db).filter(app_label=old, model='roleassignment').update(
        app_label=new
    )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old='access', new='core')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0004_move_roleassignment_to_access'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RoleAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('role', models.CharField(choices=[('province_admin', 'PAR office administrator'), ('unit_staff', 'Unit staff'), ('unit_head', 'Unit head'), ('appraiser', 'Appraiser'), ('council_member', 'Council member'), ('leader', 'Leader')], max_length=32, verbose_name='role')),
                        ('area_codes', models.JSONField(blank=True, default=list, help_text='For appraisers: the codes of the areas they appraise; empty means all.', verbose_name='areas')),
                        ('unit', models.ForeignKey(help_text='The role applies to this unit and every unit below it.', on_delete=django.db.models.deletion.PROTECT, related_name='role_assignments', to='units.unit', verbose_name='unit')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='role_assignments', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'role assignment',
                        'verbose_name_plural': 'role assignments',
                        'constraints': [models.UniqueConstraint(fields=('user', 'role', 'unit'), name='unique_role_per_unit')],
                        'db_table': 'core_roleassignment',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='roleassignment', table=None),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=False),
    ]
