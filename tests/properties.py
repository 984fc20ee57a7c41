"""Hypothesis for the whole suite: its profiles, and the settings of tests whose examples are expensive.

As many examples as a test run can afford by default (`HYPOTHESIS_PROFILE=ci`), ten times more with
`HYPOTHESIS_PROFILE=thorough` (see the README). Tests that render pages for each example use
`expensive()`: a share of the profile's count, and on CI a failure is reported as found rather than
shrunk to its smallest form (shrinking an example that renders pages can take many minutes; the
thorough profile shrinks).
"""

import os

from hypothesis import HealthCheck, Phase, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=1000)
settings.load_profile(PROFILE)


def expensive(share):
    """Settings for a property test whose every example renders pages or runs requests."""
    return settings(
        max_examples=max(1, round(settings().max_examples * share)),
        phases=[phase for phase in Phase if phase is not Phase.shrink or PROFILE != "ci"],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
