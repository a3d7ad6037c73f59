"""The fake Web API's file uploads, driven by slack-sdk's own `files_upload_v2`."""

import pytest
from slack_sdk.errors import SlackApiError

from tests.bots.slack.conftest import build_client
from tests.fakes.slack import FakeSlackApi


async def test_files_upload_v2_shares_the_bytes_in_the_channel_with_the_comment(
    fake_slack_api: FakeSlackApi,
) -> None:
    client = build_client(fake_slack_api)
    data = ("é" * 300_000).encode()

    answer = await client.files_upload_v2(
        channel="D0001", filename="data.json", content=data, initial_comment="Yours."
    )

    [shared] = fake_slack_api.uploads.shared
    assert (shared.channel, shared.filename, shared.data) == ("D0001", "data.json", data)
    assert shared.initial_comment == "Yours."
    assert answer["file"]["id"] == shared.file_id
    methods = [call.method for call in fake_slack_api.calls]
    assert methods == ["files.getUploadURLExternal", "files.completeUploadExternal"]


async def test_completing_a_file_whose_bytes_never_came_is_refused(
    fake_slack_api: FakeSlackApi,
) -> None:
    client = build_client(fake_slack_api)
    started = await client.files_getUploadURLExternal(filename="data.json", length=10)

    with pytest.raises(SlackApiError) as refused:
        await client.files_completeUploadExternal(files=[{"id": started["file_id"]}])

    assert refused.value.response["error"] == "file_not_found"
    assert fake_slack_api.uploads.shared == []
