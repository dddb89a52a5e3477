"""The entry flag ``was_returned`` takes the glossary's name, ``returned_for_explanation``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_entry_feed"),
    ]

    operations = [
        migrations.RenameField(
            model_name="criterionentry",
            old_name="was_returned",
            new_name="returned_for_explanation",
        ),
    ]
