"""The real `python -m bot` process with only WeChat configured, against the WeChat emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from bot.emulator.wechat import APP_ID, APP_SECRET, WeChatEmulator
from tests.support.botprocess import REPO_ROOT, START_TIMEOUT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WeChatBotProcess:
    """`start` returns once the bot answers WeChat's URL check and has published its custom menu."""

    def __init__(self, emulator: WeChatEmulator, database: Path, env: dict[str, str] | None = None) -> None:
        self.emulator = emulator
        self.database = database
        self.port = free_port()
        self.extra_env = dict(env or {})
        self.process: asyncio.subprocess.Process | None = None
        self.stderr = b""
        emulator.bot_url = f"http://127.0.0.1:{self.port}/wechat"

    def environment(self) -> dict[str, str]:
        base = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
        wechat = {
            "BOT_WECHAT_TOKEN": self.emulator.token,
            "BOT_WECHAT_APP_ID": APP_ID,
            "BOT_WECHAT_APP_SECRET": APP_SECRET,
            "BOT_WECHAT_API_BASE_URL": self.emulator.base_url,
        }
        if self.emulator.aes_key is not None:
            wechat["BOT_WECHAT_AES_KEY"] = self.emulator.aes_key
        return {
            **base,
            **wechat,
            "BOT_WEB_PORT": str(self.port),
            "BOT_DATABASE": str(self.database),
            "BOT_STATIONS_FILE": str(REPO_ROOT / "data" / "stations.yaml"),
            "BOT_HEAT_PROVIDER": "none",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    async def start(self) -> None:
        self.emulator.menu = None  # a previous process's menu: wait for this one's
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=REPO_ROOT,
            env=self.environment(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        async with asyncio.timeout(START_TIMEOUT):
            while self.emulator.menu is None:
                if self.process.returncode is not None:
                    raise RuntimeError(f"the bot exited at start: {await self.read_stderr()}")
                await asyncio.sleep(0.1)
            assert await self.emulator.verify_url() == 200

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        async with asyncio.timeout(START_TIMEOUT):
            if self.process.stderr is not None:
                self.stderr += await self.process.stderr.read()
            return await self.process.wait()

    async def read_stderr(self) -> str:
        if self.process is not None and self.process.returncode is not None and self.process.stderr:
            self.stderr += await self.process.stderr.read()
        return self.stderr.decode(errors="replace")
