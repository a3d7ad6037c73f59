"""What to show, described without any platform: front ends render these natively.

Texts from documents and people arrive here raw; escaping is the renderer's job because each
platform escapes differently. Buttons carry the intent they stand for, so a front end only has
to encode it (see core.callbacks) and lay the rows out.

The screens live in six modules, by who sees them: `elements` (notices, buttons, help),
`cards` (taking part), `reading` (filtered lists of paragraphs), `discussion` (comments),
`organising` (organisers only) and `rights` (a person's own data). This package names them
all, with `Screen`, the union every front end renders.
"""

from core.screens.amendments import AmendmentItem as AmendmentItem
from core.screens.amendments import AmendmentList as AmendmentList
from core.screens.amendments import WordingPrompt as WordingPrompt
from core.screens.amendments import WordingReview as WordingReview
from core.screens.cards import (
    CardClosed as CardClosed,
)
from core.screens.cards import (
    ConsultationList as ConsultationList,
)
from core.screens.cards import (
    ConsultationSummary as ConsultationSummary,
)
from core.screens.cards import (
    Finished as Finished,
)
from core.screens.cards import (
    Opened as Opened,
)
from core.screens.cards import (
    Overview as Overview,
)
from core.screens.cards import (
    ParagraphCard as ParagraphCard,
)
from core.screens.cards import (
    Progress as Progress,
)
from core.screens.cards import (
    Tally as Tally,
)
from core.screens.cards import (
    VoteRecorded as VoteRecorded,
)
from core.screens.cards import (
    Welcome as Welcome,
)
from core.screens.discussion import (
    CommentItem as CommentItem,
)
from core.screens.discussion import (
    CommentList as CommentList,
)
from core.screens.discussion import (
    CommentPosted as CommentPosted,
)
from core.screens.discussion import (
    CommentPrompt as CommentPrompt,
)
from core.screens.discussion import (
    CommentShown as CommentShown,
)
from core.screens.discussion import (
    CommentVoted as CommentVoted,
)
from core.screens.discussion import (
    ReplyReceived as ReplyReceived,
)
from core.screens.elements import (
    Button as Button,
)
from core.screens.elements import (
    ButtonRows as ButtonRows,
)
from core.screens.elements import (
    ButtonStyle as ButtonStyle,
)
from core.screens.elements import (
    Help as Help,
)
from core.screens.elements import (
    HelpEntry as HelpEntry,
)
from core.screens.elements import (
    Notice as Notice,
)
from core.screens.elements import (
    Tone as Tone,
)
from core.screens.moderation import ReportCount as ReportCount
from core.screens.moderation import ReviewItem as ReviewItem
from core.screens.organising import (
    ChannelPost as ChannelPost,
)
from core.screens.organising import (
    DraftReview as DraftReview,
)
from core.screens.organising import (
    InvitationCreated as InvitationCreated,
)
from core.screens.organising import (
    PostEdit as PostEdit,
)
from core.screens.organising import (
    Question as Question,
)
from core.screens.organising import (
    StatisticsReport as StatisticsReport,
)
from core.screens.reading import ListedParagraph as ListedParagraph
from core.screens.reading import ParagraphList as ParagraphList
from core.screens.rights import (
    PersonalDataFile as PersonalDataFile,
)

Screen = (
    Notice
    | ConsultationList
    | Welcome
    | Opened
    | ParagraphCard
    | Finished
    | VoteRecorded
    | CardClosed
    | CommentPrompt
    | CommentPosted
    | CommentVoted
    | CommentShown
    | CommentList
    | ReplyReceived
    | Progress
    | Overview
    | ParagraphList
    | StatisticsReport
    | Question
    | DraftReview
    | InvitationCreated
    | ChannelPost
    | PostEdit
    | Help
    | PersonalDataFile
    | ReviewItem
    | WordingPrompt
    | WordingReview
    | AmendmentList
)
