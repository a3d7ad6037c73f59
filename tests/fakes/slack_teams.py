"""The fake Slack Web API's teams: one bot token per workspace, and OAuth's code exchange.

Team T0001 has the fake's default token from the start. A test that installs the app into
another team registers the app's credentials (`register_app`), grants a code for that team
(`grant`, what Slack does when a person approves the app) and lets the app exchange it with
oauth.v2.access, which issues the team's bot token (`xoxb-T2-1`). Teams share the fake's one
set of people, channels and messages; only the token, and what auth.test says, differ.
"""

import base64
import itertools
from dataclasses import dataclass

from tests.fakes.slack_wire import Json, Params, SlackApiFailure
from tests.fakes.slack_workspace import APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID, TEAM_NAME, TEAM_URL

GRANTED_SCOPES = "chat:write,commands,im:write,im:history,users:read"


@dataclass(frozen=True, slots=True, kw_only=True)
class FakeTeam:
    """A workspace the app is in, as its bot token identifies it."""

    team_id: str
    name: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    url: str

    def auth_test(self) -> Json:
        """What auth.test answers for this team's bot token."""
        return {
            "url": self.url,
            "team": self.name,
            "user": "townhall",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }


class FakeTeams:
    """Bot tokens by team, the app's client credentials and the codes granted but not used."""

    def __init__(self, default_token: str) -> None:
        self._by_token: dict[str, FakeTeam] = {}
        self._codes: dict[str, tuple[FakeTeam, str]] = {}
        self._credentials: tuple[str, str] | None = None
        self._numbers = itertools.count(1)
        self.add(
            FakeTeam(
                team_id=TEAM_ID,
                name=TEAM_NAME,
                bot_token=default_token,
                bot_user_id=BOT_USER_ID,
                bot_id=BOT_ID,
                url=TEAM_URL,
            )
        )

    def add(self, team: FakeTeam) -> FakeTeam:
        self._by_token[team.bot_token] = team
        return team

    def by_token(self, token: str) -> FakeTeam | None:
        return self._by_token.get(token)

    def revoke(self, team_id: str) -> None:
        """Every token of the team stops working (`invalid_auth`), as after an uninstall."""
        for token, team in list(self._by_token.items()):
            if team.team_id == team_id:
                del self._by_token[token]

    def register_app(self, client_id: str, client_secret: str) -> None:
        """The app's credentials, which oauth.v2.access checks."""
        self._credentials = (client_id, client_secret)

    def grant(self, team_id: str, name: str, *, installer: str = "U0ADMIN") -> str:
        """A person approved the app for `team_id`: returns the code Slack sends back with them."""
        number = next(self._numbers)
        team = FakeTeam(
            team_id=team_id,
            name=name,
            bot_token=f"xoxb-{team_id}-{number}",
            bot_user_id=f"U0BOT{team_id}",
            bot_id=f"B0BOT{team_id}",
            url=f"https://{team_id.lower()}.slack.com/",
        )
        code = f"code-{team_id}-{number}"
        self._codes[code] = (team, installer)
        return code

    def oauth_v2_access(self, params: Params, authorization: str) -> Json:
        """Exchange a code for the team's bot token; the client authenticates (Basic or form)."""
        if self._credentials is None or self._client(params, authorization) != self._credentials:
            raise SlackApiFailure("invalid_client_id")
        granted = self._codes.pop(str(params.get("code") or ""), None)
        if granted is None:
            raise SlackApiFailure("invalid_code")
        team, installer = granted
        self.add(team)
        return {
            "access_token": team.bot_token,
            "token_type": "bot",
            "scope": GRANTED_SCOPES,
            "bot_user_id": team.bot_user_id,
            "app_id": APP_ID,
            "team": {"id": team.team_id, "name": team.name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": installer},
        }

    @staticmethod
    def _client(params: Params, authorization: str) -> tuple[str, str]:
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization.removeprefix("Basic ")).decode()
            client_id, _, secret = decoded.partition(":")
            return client_id, secret
        return str(params.get("client_id") or ""), str(params.get("client_secret") or "")
