import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**environment):
    """Import the settings in a fresh interpreter, as gunicorn or manage.py would."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import twinning.settings"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_without_debug_a_missing_secret_key_stops_start_up_naming_the_variable():
    result = start(DEBUG="False", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_without_debug_missing_allowed_hosts_stops_start_up_naming_the_variable():
    result = start(DEBUG="False", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = start(SECRET_KEY="x" * 50)

    assert "SECRET_KEY" not in result.stderr
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_production_settings_start_with_both_set():
    result = start(DEBUG="False", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_an_unreadable_boolean_is_refused(value):
    result = start(DEBUG=value)

    assert "DEBUG must be True or False" in result.stderr
