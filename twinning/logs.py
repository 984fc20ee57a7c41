"""Log records as JSON lines, for a log collector (LOG_FORMAT=json in twinning/settings.py)."""

import datetime
import json
import logging


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record, on one line: time, level, logger, request id, message, and a traceback if any.

    The request id comes from twinning.middleware.RequestIdFilter, as in the plain lines, so a request's
    line and its error's traceback are found under the same id.
    """

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
