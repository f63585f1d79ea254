"""The real `python -m bot` process, started against the emulator, for end-to-end tests and benches."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.emulator.server import BotApiEmulator

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_TOKEN = "123456:TEST-token_e2e"
START_TIMEOUT = 60.0  # generous: CI machines are shared and a cold interpreter imports a lot


class BotProcess:
    """One bot process; `start` returns once the bot is polling, `stop` sends a signal and waits."""

    def __init__(
        self, emulator: BotApiEmulator, database: Path | str, env: Mapping[str, str] | None = None
    ) -> None:
        self.emulator = emulator
        self.database = database
        self.extra_env = dict(env or {})
        self.process: asyncio.subprocess.Process | None = None
        self.stderr = b""

    def environment(self) -> dict[str, str]:
        base = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
        return {
            **base,
            "BOT_TOKEN": TEST_TOKEN,
            "BOT_API_BASE_URL": self.emulator.base_url,
            "BOT_DATABASE": str(self.database),
            "BOT_STATIONS_FILE": str(REPO_ROOT / "data" / "stations.yaml"),
            "BOT_HEAT_PROVIDER": "none",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    async def start(self, *, wait_until_polling: bool = True) -> None:
        """Returns once the bot asks for updates: its first getUpdates, or its setWebhook."""
        polls_before = self._polls()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=REPO_ROOT,
            env=self.environment(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        if wait_until_polling:
            await self.emulator.wait_until(
                lambda: self._polls() > polls_before or self._exited(), START_TIMEOUT
            )
            if self._exited():
                raise RuntimeError(f"the bot exited at start: {await self.read_stderr()}")

    def _polls(self) -> int:
        return sum(1 for call in self.emulator.requests if call.method in ("getUpdates", "setWebhook"))

    def _exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    async def wait(self, timeout: float = START_TIMEOUT) -> int:  # noqa: ASYNC109
        assert self.process is not None
        async with asyncio.timeout(timeout):
            stderr = await self.process.stderr.read() if self.process.stderr else b""
            self.stderr += stderr
            return await self.process.wait()

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        return await self.wait()

    async def kill(self) -> None:
        """kill -9: no graceful stop, as in a crash or an OOM kill."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.kill()
        await self.wait()

    async def read_stderr(self) -> str:
        if self.process is not None and self.process.returncode is not None and self.process.stderr:
            self.stderr += await self.process.stderr.read()
        return self.stderr.decode(errors="replace")
