"""WeChat's callback protocol, with wechatpy's own checks so we speak it as WeChat's SDKs do.

Every request WeChat posts to /wechat carries `signature` = sha1 of the sorted token, timestamp and nonce.
In safe mode (an EncodingAESKey set) the XML body is AES-encrypted and has its own `msg_signature` over
the token, timestamp, nonce and ciphertext. Anything that fails a check is refused before it is parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.utils import check_signature


class RefusedRequest(Exception):
    """A request that is not from WeChat (bad signature, broken ciphertext, wrong app id)."""


class CallbackProtocol:
    def __init__(self, token: str, app_id: str, aes_key: str | None) -> None:
        self._token = token
        self._crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    @property
    def safe_mode(self) -> bool:
        return self._crypto is not None

    def check(self, query: Mapping[str, str]) -> None:
        """The plain signature, which WeChat sends in every mode, safe mode included."""
        try:
            check_signature(
                self._token, query.get("signature", ""), query.get("timestamp", ""), query.get("nonce", "")
            )
        except InvalidSignatureException:
            raise RefusedRequest("bad signature") from None

    def verify_url(self, query: Mapping[str, str]) -> str:
        """GET /wechat when the URL is configured: echo `echostr` back after the signature checks."""
        self.check(query)
        return query.get("echostr", "")

    def open(self, query: Mapping[str, str], body: bytes) -> BaseMessage:
        """The message of a POST: signature checked, decrypted in safe mode, parsed by wechatpy."""
        self.check(query)
        xml: Any = body
        if self._crypto is not None and query.get("encrypt_type") == "aes":
            try:
                xml = self._crypto.decrypt_message(
                    body, query.get("msg_signature", ""), query.get("timestamp", ""), query.get("nonce", "")
                )
            except (InvalidSignatureException, InvalidAppIdException):
                raise RefusedRequest("bad message signature or app id") from None
            except Exception:  # broken base64, padding or XML: whatever it is, it is not WeChat's
                raise RefusedRequest("undecryptable body") from None
        elif self._crypto is not None:
            raise RefusedRequest("plain body in safe mode")
        try:
            message = parse_message(xml)
        except Exception:  # xmltodict's errors vary with the input
            raise RefusedRequest("unparsable body") from None
        if message is None:
            raise RefusedRequest("empty body")
        return message
