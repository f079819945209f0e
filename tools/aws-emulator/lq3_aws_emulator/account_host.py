"""Serve S3 Control's account-prefixed host names by acting as the provider's HTTP proxy.

S3 Control puts the account id in front of the endpoint's host name: with the endpoint
``http://127.0.0.1:PORT`` the SDK calls ``http://111111111111.127.0.0.1:PORT/v20180820/...``,
a name no resolver knows (``*.localhost`` does not help either: Go resolves it to loopback only
when nsswitch.conf lists ``myhostname``, which minimal images and CI machines do not).

The provider's ``http_proxy`` setting points at the emulator itself. Go never proxies
loopback addresses (``127.0.0.1``, ``localhost``), so every other call still goes straight to
the emulator; only the account-prefixed S3 Control calls arrive here, in absolute form
(``POST http://111111111111.127.0.0.1:PORT/v20180820/tags/... HTTP/1.1``). moto routes them
to its S3 Control backend by signing name (``s3``) and path (``/v20180820/``).

This middleware makes sure the emulator is no general-purpose proxy: absolute-form requests
are served only for ``<12 digits>.127.0.0.1`` / ``<12 digits>.localhost`` hosts (answered
locally, never forwarded); any other proxied host and every CONNECT get 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

ACCOUNT_HOST = re.compile(r"^\d{12}\.(127\.0\.0\.1|localhost)$", re.IGNORECASE)


class AccountHostProxy:
    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "CONNECT":
            return _forbidden(start_response, "the AWS emulator is not an HTTPS proxy")
        uri = environ.get("REQUEST_URI") or environ.get("RAW_URI") or ""
        if uri[:7].lower() == "http://" or uri[:8].lower() == "https://":
            target = urlsplit(uri)
            if not ACCOUNT_HOST.match(target.hostname or ""):
                return _forbidden(start_response,
                                  f"the AWS emulator only answers proxied requests for <account>.127.0.0.1, not {target.hostname}")
            origin_form = target.path + (f"?{target.query}" if target.query else "")
            environ = dict(environ, REQUEST_URI=origin_form, RAW_URI=origin_form)
        return self.app(environ, start_response)


def _forbidden(start_response: Callable[..., Any], message: str) -> list[bytes]:
    body = (message + "\n").encode()
    start_response("403 Forbidden", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
