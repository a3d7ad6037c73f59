"""How a suggested wording's state and the reader's vote on it are said, in every chat."""

from core.amendments import AmendmentState
from core.model import Choice

STATE_WORDS = {
    AmendmentState.PROPOSED: "open to votes",
    AmendmentState.ACCEPTED: "✅ accepted",
    AmendmentState.REJECTED: "rejected",
    AmendmentState.PENDING: "not published",
    AmendmentState.HIDDEN: "hidden",
}
YOUR_VOTE = {Choice.AGREE: "You agree", Choice.DISAGREE: "You disagree"}
