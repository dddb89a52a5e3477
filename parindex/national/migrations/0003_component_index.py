"""A result component's published area value takes the glossary's name, ``component_index``
(column renamed, data kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0002_rename_tables"),
    ]

    operations = [
        migrations.RenameField(
            model_name="resultcomponent",
            old_name="rate_pct",
            new_name="component_index",
        ),
    ]
