"""The log file and the error id on every log line (configured by ``LOGGING`` in settings).

:class:`LogFileHandler` is a rotating file handler that follows ``settings.LOG_FILE``: it opens
the file (creating its folder) only when the first record arrives, and moves to another file
when the setting changes, so a test that points ``LOG_FILE`` at a temporary folder gets its own
log and the suite never writes into the checkout. :class:`ErrorIdFilter` gives every record an
``error_id`` (``-`` when it has none): the id :func:`parindex.core.errors.server_error` puts on
the request of an unhandled error, which Django's ``django.request`` logger passes along.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

NO_ERROR_ID = "-"


class ErrorIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "error_id"):
            request = getattr(record, "request", None)
            record.error_id = getattr(request, "error_id", NO_ERROR_ID)
        return True


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """A ``RotatingFileHandler`` writing to ``settings.LOG_FILE`` as it is at each record."""

    def __init__(self, filename: str, **kwargs: object) -> None:
        kwargs["delay"] = True
        super().__init__(filename, **kwargs)  # type: ignore[arg-type]

    def emit(self, record: logging.LogRecord) -> None:
        self._follow_setting()
        super().emit(record)

    def _follow_setting(self) -> None:
        from django.conf import settings

        wanted = Path(getattr(settings, "LOG_FILE", self.baseFilename)).absolute()
        if str(wanted) != self.baseFilename:
            self.acquire()
            try:
                if self.stream is not None:
                    self.stream.close()
                    self.stream = None
                self.baseFilename = str(wanted)
            finally:
                self.release()

    def _open(self) -> io.TextIOWrapper:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()
