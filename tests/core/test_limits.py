"""Each range is defined once and every door reads it: the core's values, the scenario reader,
the API's schema and the command line refuse the same numbers."""

from __future__ import annotations

import pytest

from runready import fields
from runready.core import limits
from runready.core.errors import InvalidInput
from runready.core.model import Athlete

PROFILE = {
    "age_years": ("age", limits.AGE_YEARS),
    "hr_max_bpm": ("hr_max", limits.HR_MAX_BPM),
    "hr_rest_bpm": ("hr_rest", limits.HR_REST_BPM),
    "lifting_experience_months": ("lifting_experience_months", limits.LIFTING_EXPERIENCE_MONTHS),
}


@pytest.mark.parametrize("field", PROFILE)
def test_the_core_and_the_scenario_reader_take_the_bounds_and_refuse_one_past_them(field):
    key, bounds = PROFILE[field]
    for edge in bounds:
        Athlete(**{field: edge})
        fields.athlete({key: edge})
    for beyond in (bounds.low - 1, bounds.high + 1):
        with pytest.raises(InvalidInput, match=key):
            Athlete(**{field: beyond})
        with pytest.raises(InvalidInput, match=key):
            fields.athlete({key: beyond})


def test_the_api_schema_publishes_the_same_bounds():
    from runready.api import schemas

    properties = schemas.ProfilePatch.model_json_schema()["properties"]
    for field, (key, bounds) in PROFILE.items():
        shown = properties[key if key in properties else field]["anyOf"][0]
        assert (shown["minimum"], shown["maximum"]) == tuple(bounds), field
