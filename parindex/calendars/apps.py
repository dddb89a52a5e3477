from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "parindex.calendars"
    label = "calendars"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from parindex.calendars.models import CalendarOverride
        from parindex.calendars.queries import invalidate_calendars

        post_save.connect(invalidate_calendars, sender=CalendarOverride, dispatch_uid="cal-save")
        post_delete.connect(invalidate_calendars, sender=CalendarOverride, dispatch_uid="cal-del")
