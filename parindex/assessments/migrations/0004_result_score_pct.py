"""The unit result's fields take the glossary's names (columns renamed, data kept).

``rate_pct`` → ``score_pct`` and ``previous_rate_pct`` → ``previous_score_pct`` (a share of the
applicable maximum in %), ``component_rates`` → ``component_index`` (per area, in %).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_entry_returned_for_explanation"),
    ]

    operations = [
        migrations.RenameField(
            model_name="unitresult",
            old_name="rate_pct",
            new_name="score_pct",
        ),
        migrations.RenameField(
            model_name="unitresult",
            old_name="previous_rate_pct",
            new_name="previous_score_pct",
        ),
        migrations.RenameField(
            model_name="unitresult",
            old_name="component_rates",
            new_name="component_index",
        ),
    ]
