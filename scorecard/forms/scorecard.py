"""The scorecard's GET form: as-of and compare-to dates and the grouping; it changes nothing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from scorecard.forms.fields import DayField, options

from .base import GetForm

GROUP_CHOICES = [
    ("theme", _l("Theme")),
    ("actor", _l("Actor")),
    ("source", _l("Source")),
    ("cycle", _l("Review cycle")),
]


class ScorecardForm(GetForm):
    """Which day the scorecard shows, which day it compares with, and how rows are grouped."""

    as_of = DayField(
        _l("As of"),
        validators=[Optional()],
        description=_l("The scorecard as it stood at the end of this day (default: today)."),
    )
    compare = DayField(
        _l("Compare with"),
        validators=[Optional()],
        description=_l("Changes are shown since this day (default: the end of the previous review cycle)."),
    )
    group = SelectField(
        _l("Group by"), choices=options(GROUP_CHOICES), default="theme", validate_choice=False
    )
