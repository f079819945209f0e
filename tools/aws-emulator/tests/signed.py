"""A SigV4-signed raw HTTP request (for protocols boto3 1.35 cannot speak, e.g. rpc-v2-cbor)."""

from __future__ import annotations

import urllib.error
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def signed_request(url: str, *, service: str, region: str, method: str = "POST", body: bytes = b"",
                   headers: dict[str, str] | None = None, credentials: dict[str, str] | None = None,
                   timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    creds = credentials or {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    request = AWSRequest(method=method, url=url, data=body, headers=headers or {})
    SigV4Auth(Credentials(creds["aws_access_key_id"], creds["aws_secret_access_key"],
                          creds.get("aws_session_token")), service, region).add_auth(request)
    prepared = request.prepare()
    raw = urllib.request.Request(prepared.url, data=prepared.body or None, method=method,
                                 headers=dict(prepared.headers.items()))
    try:
        with urllib.request.urlopen(raw, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
