# RoleAssignment moved to the access app. The table and every row stay: this migration only
# removes the model from core's state; access.0001 adds it to access's state on the same table
# and then renames the table to access_roleassignment.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_action_vocabulary'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='RoleAssignment')],
            database_operations=[],
        ),
    ]
