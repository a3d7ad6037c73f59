"""The in-place card flow: a vote turns the pressed card into what follows it.

One message of the bot's budget a press instead of two (see bots.telegram.settings.CardFlow): the
next paragraph, or the end of the consultation, takes the voted card's place, with "✓ P6: agree"
on top so that the vote stays in sight, and a button back to P6 (to change the vote) where the
new card has none. The confirmation itself is the press's toast, which is not a message.
"""

from dataclasses import replace

from bots.telegram.layout import Outgoing, escape
from bots.telegram.rendering import render_card, render_finished
from core.model import Choice
from core.screens import ParagraphCard, VoteRecorded

_CHOICES = {Choice.AGREE: "agree", Choice.DISAGREE: "disagree"}


def render_in_place(screen: VoteRecorded) -> list[Outgoing]:
    """What the voted card becomes; a long next paragraph still takes several parts."""
    line = voted_line(screen.card)
    back = () if screen.revisit is None else ((screen.revisit,),)
    follows = screen.next
    if isinstance(follows, ParagraphCard):
        return render_card(replace(follows, buttons=(*follows.buttons, *back)), above=line)
    finished = render_finished(replace(follows, buttons=(*follows.buttons, *back)))
    return [Outgoing(text=f"{line}\n{finished.text}", markup=finished.markup)]


def voted_line(card: ParagraphCard) -> str:
    """`✓ P6: agree`: the paragraph just voted on and the vote, as HTML."""
    choice = f": {_CHOICES[card.choice]}" if card.choice else ""
    return f"✓ {escape(card.label)}{choice}"
