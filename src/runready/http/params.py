"""Request parameters shared by the API and the pages, checked as the core checks them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from runready.core.errors import InvalidInput
from runready.core.model import check_year


def _training_day(day: date) -> date:
    """Refuse a day the core refuses, as a validation error (422), before any date arithmetic."""
    try:
        check_year(day, "")
    except InvalidInput as exc:
        raise PydanticCustomError("date_out_of_range", exc.problem) from None
    return day


#: A day given to the API or a page: a query, form or body field (``check_year``'s range).
Day = Annotated[date, AfterValidator(_training_day)]
