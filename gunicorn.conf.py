"""gunicorn's settings for the directory; read from the working directory by `gunicorn twinning.wsgi`.

Each app server adds its own (bind address, workers, the proxy's address) in GUNICORN_CMD_ARGS
(deploy/env/node.env).
"""

import os

# Let request lines up to gunicorn's maximum through, so that Django's own limit
# (settings.MAX_QUERY_STRING_LENGTH) answers an over-long address with a clear message.
limit_request_line = 8190

# On a restart (a release) or a stop, each worker finishes the request it holds, for up to this long, while
# nginx sends new requests to the other app servers. systemd waits longer (TimeoutStopSec in
# deploy/systemd/twinning.service).
graceful_timeout = 30


def child_exit(server, worker):
    """With Prometheus's multiprocess mode (PROMETHEUS_MULTIPROC_DIR), forget a worker's live gauges once it is gone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
