"""This process among the workers that share one store: the name it signs its claims with (a scheduled
job's run, a lease on outbox deliveries)."""

from __future__ import annotations

import os
import secrets
import socket
from functools import cache


@cache
def this_worker() -> str:
    """Host and pid say which process it was; the random part keeps a restarted process (a container's
    pid 1 again) from taking the claims of the one that died for its own."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
