"""gunicorn's settings for the directory; read from the working directory by `gunicorn twinning.wsgi`."""

# Let request lines up to gunicorn's maximum through, so that Django's own limit
# (settings.MAX_QUERY_STRING_LENGTH) answers an over-long address with a clear message.
limit_request_line = 8190
