"""The fake Slack Web API's views: modals opened with a trigger, and each person's App Home.

A trigger_id is accepted once (`exchanged_trigger_id` the second time) unless a test expired it
with `expire_trigger` (`expired_trigger_id`); an absent one is `invalid_trigger_id`. Real triggers
also expire 3 s after the interaction; the fake does not time them, so tests stay deterministic.
"""

import itertools
from collections.abc import Mapping

from tests.fakes.slack_wire import Json, Params, SlackApiFailure, check_view, required
from tests.fakes.slack_workspace import APP_ID, BOT_ID, TEAM_ID

STACK_LIMIT = 3  # views.push refuses a fourth view: push_limit_reached


class FakeViews:
    """Views by id, the stacks of open modals, and the App Home published for each person."""

    def __init__(self) -> None:
        self.views: dict[str, Json] = {}
        self.homes: dict[str, Json] = {}
        self.expired: set[str] = set()
        self.exchanged: set[str] = set()
        self._stacks: dict[str, list[str]] = {}  # root view id -> the ids stacked on it
        self._numbers = itertools.count(1)

    def expire_trigger(self, trigger_id: str) -> None:
        self.expired.add(trigger_id)

    # --- Web API methods ---------------------------------------------------------------------

    def views_open(self, params: Params) -> Json:
        self._exchange(params)
        view = self._store(params, root_id=None)
        self._stacks[str(view["id"])] = [str(view["id"])]
        return {"view": dict(view)}

    def views_push(self, params: Params) -> Json:
        self._exchange(params)
        stack = self._stacks.get(next(reversed(self._stacks), ""), [])
        if len(stack) >= STACK_LIMIT:
            raise SlackApiFailure("push_limit_reached")
        view = self._store(params, root_id=stack[0] if stack else None)
        stack.append(str(view["id"]))
        return {"view": dict(view)}

    def views_update(self, params: Params) -> Json:
        current = self._existing(params)
        expected = params.get("hash")
        if isinstance(expected, str) and expected and expected != current["hash"]:
            raise SlackApiFailure("hash_conflict")
        view = self._full_view(params, root_id=_optional(current.get("root_view_id")))
        view["id"] = current["id"]
        self.views[str(current["id"])] = view
        return {"view": dict(view)}

    def views_publish(self, params: Params) -> Json:
        user_id = required(params, "user_id", "invalid_arguments")
        check_view(params.get("view"), home=True)
        previous = self.homes.get(user_id)
        expected = params.get("hash")
        if previous and isinstance(expected, str) and expected and expected != previous["hash"]:
            raise SlackApiFailure("hash_conflict")
        view = self._full_view(params, root_id=None)
        if previous is not None:
            view["id"] = previous["id"]
        self.homes[user_id] = self.views[str(view["id"])] = view
        return {"view": dict(view)}

    # --- helpers -----------------------------------------------------------------------------

    def _exchange(self, params: Params) -> None:
        trigger_id = params.get("trigger_id") or params.get("interactivity_pointer")
        if not isinstance(trigger_id, str) or not trigger_id:
            raise SlackApiFailure("invalid_trigger_id")
        if trigger_id in self.expired:
            raise SlackApiFailure("expired_trigger_id")
        if trigger_id in self.exchanged:
            raise SlackApiFailure("exchanged_trigger_id")
        check_view(params.get("view"))
        self.exchanged.add(trigger_id)

    def _existing(self, params: Params) -> Json:
        view_id, external_id = params.get("view_id"), params.get("external_id")
        if not view_id and not external_id:
            raise SlackApiFailure("invalid_arguments")
        check_view(params.get("view"))
        for view in self.views.values():
            if view["id"] == view_id or (external_id and view.get("external_id") == external_id):
                return view
        raise SlackApiFailure("not_found")

    def _store(self, params: Params, root_id: str | None) -> Json:
        view = self._full_view(params, root_id)
        external_id = view.get("external_id")
        if external_id and any(v.get("external_id") == external_id for v in self.views.values()):
            raise SlackApiFailure("duplicate_external_id")
        self.views[str(view["id"])] = view
        return view

    def _full_view(self, params: Params, root_id: str | None) -> Json:
        given = params.get("view")
        view: Json = dict(given) if isinstance(given, Mapping) else {}
        number = next(self._numbers)
        view_id = f"V{number:08d}"
        return {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": view.get("type"),
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"1700000000.{number:08d}",
            "clear_on_close": bool(view.get("clear_on_close")),
            "notify_on_close": bool(view.get("notify_on_close")),
            "root_view_id": root_id or view_id,
            "previous_view_id": None,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) else None
