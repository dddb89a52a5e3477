from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandingConfig(AppConfig):
    name = "parindex.standing"
    label = "standing"
    verbose_name = _("Standing and targets")
