"""Identities as the CLI and config spell them, and the refs every front end builds."""

import pytest

from bots.chat.identities import (
    InvalidIdentity,
    format_identity,
    parse_identity,
    slack_ref,
    telegram_ref,
    terminal_ref,
)
from core.model import ParticipantRef, Platform


def test_each_platform_has_one_documented_tenant() -> None:
    assert telegram_ref(42) == ParticipantRef(
        platform=Platform.TELEGRAM, tenant="telegram", external_id="42"
    )
    assert slack_ref("T1", "U2") == ParticipantRef(
        platform=Platform.SLACK, tenant="T1", external_id="U2"
    )
    assert terminal_ref("ana") == ParticipantRef(
        platform=Platform.TERMINAL, tenant="local", external_id="ana"
    )


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("telegram:123456", telegram_ref(123456)),
        ("slack:T0123ABC:U0456DEF", slack_ref("T0123ABC", "U0456DEF")),
        ("terminal:ana", terminal_ref("ana")),
        ("terminal:josé.m-1", terminal_ref("josé.m-1")),
    ],
)
def test_a_well_formed_identity_parses_and_prints_back_the_same(
    text: str, ref: ParticipantRef
) -> None:
    assert parse_identity(text) == ref
    assert format_identity(ref) == text


@pytest.mark.parametrize(
    "text",
    [
        "telegram:abc",
        "telegram:-5",
        "telegram:0",
        "telegram:",
        "slack:T1",
        "slack:t1:u2",
        "slack:T1:U2:X3",
        "terminal:",
        "terminal:two words",
        "terminal:a/b",
        "discord:123",
        "123456",
    ],
)
def test_a_malformed_identity_is_refused_with_the_accepted_spellings(text: str) -> None:
    with pytest.raises(InvalidIdentity, match="expected telegram:123456, slack:TEAM:USER"):
        parse_identity(text)
