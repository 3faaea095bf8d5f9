"""What a progress import says when a row would rewrite an entry's history: whole sentences, one per case."""

from __future__ import annotations

from scorecard.errors import N_
from scorecard.rules.progress import HISTORY_STATUSES

ENTRY_STATUSES = HISTORY_STATUSES
# Whole sentences per stored status (%(id)s the entry, %(newer)s the entry that corrected it).
ENTRY_IS = {
    "counting": N_(
        "Entry %(id)s is counting; corrections and deletions are made on the recommendation's page, "
        "not by import."
    ),
    "corrected": N_(
        "Entry %(id)s is corrected; corrections and deletions are made on the recommendation's page, "
        "not by import."
    ),
    "deleted": N_(
        "Entry %(id)s is deleted; corrections and deletions are made on the recommendation's page, "
        "not by import."
    ),
    "submitted": N_(
        "Entry %(id)s is submitted and awaits review; it is approved or returned in the review inbox, "
        "not by import."
    ),
    "returned": N_(
        "Entry %(id)s was returned to its contributor; it is revised by the contributor, not by import."
    ),
}
# A row changing an entry under review, or another perspective's: import writes neither.
ENTRY_UNDER_REVIEW = N_(
    "Entry %(id)s is under review; a reviewer approves or returns it in the review inbox and its "
    "contributor revises it. Import does not change it."
)
ENTRY_OF_PERSPECTIVE = N_(
    "Entry %(id)s is another perspective's assessment; it is changed on the recommendation's page, "
    "not by import."
)
ENTRY_TO_PERSPECTIVE = N_(
    "Entry %(id)s is the monitoring team's assessment; import does not move an entry to another "
    "perspective. Add the other perspective's observation as a new row instead."
)
ENTRY_WAS = {
    ("corrected", False): N_(
        "Entry %(id)s was corrected; history is never rewritten. Change the row of the entry that counts now."
    ),
    ("corrected", True): N_(
        "Entry %(id)s was corrected (by entry %(newer)s); history is never rewritten. Change the row of the "
        "entry that counts now."
    ),
    ("deleted", False): N_(
        "Entry %(id)s was deleted; history is never rewritten. Change the row of the entry that counts now."
    ),
    ("deleted", True): N_(
        "Entry %(id)s was deleted (by entry %(newer)s); history is never rewritten. Change the row of the "
        "entry that counts now."
    ),
}
