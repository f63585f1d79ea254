"""QR codes as PNG bytes: a station's check-in link, printed by the admin task or sent to its staff."""

from __future__ import annotations

import io


def qr_png(text: str) -> bytes:
    import qrcode  # with Pillow: loaded only where a code is drawn (workers' memory adds up)

    buffer = io.BytesIO()
    qrcode.make(text).save(buffer)
    return buffer.getvalue()
