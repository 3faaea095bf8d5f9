"""Forms of the review: the reviewers' decisions (the contributors report with forms.progress.EntryForm)."""

from __future__ import annotations

from .base import FlaskForm


class DecisionForm(FlaskForm):
    """The inbox's buttons: approve or return one entry, or the ones ticked (a form for its CSRF token).

    The view reads the ticked ids and comments itself: the rows vary with what waits.
    """
