"""gunicorn configuration for `make run` and deployments."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(4, multiprocessing.cpu_count() * 2 + 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The transfer finder is a GET form (shareable URLs) with a 2 000-character challenge text;
# percent-encoded umlauts can exceed gunicorn's default request-line limit of 4 094 bytes.
limit_request_line = 8190


def post_worker_init(worker: object) -> None:
    """Warm the practice similarity model and start building the index of the search by
    meaning as soon as a worker is up (see similarity.warm_up, search.semantic.get_index), so
    that a visitor's first text query finds records by meaning."""
    from django.db import connections

    from quartiersnetz.practices import similarity
    from quartiersnetz.search import semantic

    try:
        similarity.warm_up()
        if semantic.enabled():
            semantic.get_index()  # built in a background thread
    finally:
        connections.close_all()
