"""The terminal chat's runner: one person's chat with one consultation over a pair of streams.

Each typed line is read into an intent against what the screen shows (bots.terminal.events),
handled by the core, and its screen drawn as text (bots.terminal.rendering).
"""

import asyncio
from pathlib import Path
from typing import TextIO

from bots.chat.grammar import Usage
from bots.reports.charts import first_agreement_chart
from bots.terminal.events import OnScreen, read_line
from bots.terminal.hints import say
from bots.terminal.lines import LineReader
from bots.terminal.rendering import render
from bots.terminal.saving import save_private
from core.app import ConsultationApp
from core.intents import Intent, Join, Resume
from core.model import Actor
from core.screens import PersonalDataFile, Screen, StatisticsReport, Welcome


class TerminalChat:
    """One person's chat with one consultation over a pair of text streams."""

    def __init__(
        self,
        app: ConsultationApp,
        actor: Actor,
        *,
        input: TextIO,
        output: TextIO,
        interactive: bool | None = None,
        files: Path | None = None,
    ) -> None:
        self._app = app
        self._actor = actor
        self._input = input
        self._output = output
        self._interactive = input.isatty() if interactive is None else interactive
        self._shown = OnScreen()
        self._files = files  # where a file the person asks for is written (default: cwd)

    async def run(self, payload: str) -> bool:
        """Join by slug or invitation token and chat until quit or end of input.

        Returns False, after printing the core's notice, if the consultation cannot be joined.
        """
        welcome = await self._send(Join(payload=payload))
        if not isinstance(welcome, Welcome):
            return False
        self._shown.consultation_id = welcome.consultation.consultation_id
        await self._send(Resume(consultation_id=self._shown.consultation_id))
        reader = LineReader(self._input)
        while True:
            if self._interactive:
                self._output.write("> ")
                self._output.flush()
            line = await reader.readline()
            if line is None or not await self.handle_line(line):
                return True

    async def handle_line(self, line: str) -> bool:
        """Carry out one typed line; False when the person asked to quit."""
        intent = read_line(line, self._shown)
        if intent is None:
            return False
        if isinstance(intent, Usage):
            if intent.text:
                self._write(say(intent.text))
            return True
        await self._send(intent)
        return True

    async def _send(self, intent: Intent) -> Screen:
        screen = await self._app.handle(self._actor, intent)
        rendering = render(screen)
        self._shown.remember(intent, screen, rendering.buttons)
        self._write(rendering.text)
        if isinstance(screen, PersonalDataFile):
            await self._save(screen.filename, screen.content)
        elif isinstance(screen, StatisticsReport) and screen.every_paragraph:
            await self._save_chart(screen)  # an organiser's `stats SLUG`
        return screen

    async def _save_chart(self, screen: StatisticsReport) -> None:
        drawn = await asyncio.to_thread(
            first_agreement_chart, screen.title, screen.statistics, simulated=screen.simulated
        )
        if drawn is None:
            return  # no votes yet: the figures above say so
        page, chart = drawn
        await self._save(f"townhall-{chart.file_name}", chart.png)
        if page.pages > 1:
            labels = f"{page.bars[0].label}–{page.bars[-1].label}"
            self._write(f"The chart shows {labels}; `townhall chart` draws every paragraph.")

    async def _save(self, filename: str, content: bytes) -> None:
        directory = self._files if self._files is not None else Path.cwd()
        try:
            path = await asyncio.to_thread(save_private, directory, filename, content)
        except OSError as error:
            self._write(f"The file could not be written in {directory}: {error.strerror}.")
            return
        self._write(f"Saved to {path} (readable by you only).")

    def _write(self, text: str) -> None:
        self._output.write(f"{text}\n\n")
        self._output.flush()
