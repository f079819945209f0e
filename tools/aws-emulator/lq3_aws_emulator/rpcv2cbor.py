"""Smithy RPC v2 CBOR -> AWS query protocol translator (WSGI middleware).

aws-sdk-go-v2's CloudWatch client (and so the Terraform AWS provider) speaks the Smithy
RPC v2 CBOR protocol: ``POST /service/GraniteServiceVersion20100801/operation/<Op>`` with
``smithy-protocol: rpc-v2-cbor`` and a CBOR body. moto only understands CloudWatch's older
query protocol (getmoto/moto#9195). This middleware sits in front of moto in the same
process and, for such requests only:

1. decodes the CBOR body (``cbor2``) and conforms it to the operation's input shape taken
   from botocore's service model (members the model does not know are dropped and logged),
2. serializes it with botocore's own query serializer and calls moto with that
   ``application/x-www-form-urlencoded`` request (the SigV4 ``Authorization`` header is kept,
   so moto still picks the account and region from it),
3. parses moto's XML answer with botocore's query parser against the output shape, and
4. encodes the result as a CBOR response with the types the protocol requires (timestamps
   as tag 1 epoch seconds, integers as integers, doubles as floats, blobs as byte strings),
   or, for errors, the rpcv2-cbor error shape ``{"__type": ..., "message": ...}`` plus the
   ``x-amzn-query-error: <Code>;<Sender|Receiver>`` header that awsQueryCompatible clients
   read the error code from.

Nothing here is per operation: every operation in botocore's model for the service works.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import io
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

import botocore.session
import cbor2
from botocore import parsers, serialize
from botocore.model import OperationModel, ServiceModel, Shape

log = logging.getLogger(__name__)

PATH_RE = re.compile(r"^/service/(?P<service>[^/]+)/operation/(?P<operation>[^/]+)/?$")

# Smithy service shape name (the path segment) -> (botocore service name, Smithy namespace).
# botocore's bundled CloudWatch model is query-only and carries no Smithy target prefix, so
# the mapping is explicit. Newer botocore models name the prefix in metadata.targetPrefix;
# those are discovered automatically (see RpcV2CborTranslator._service_for).
KNOWN_SERVICES: dict[str, tuple[str, str]] = {
    "GraniteServiceVersion20100801": ("cloudwatch", "com.amazonaws.cloudwatch"),
}

CBOR_CONTENT_TYPE = "application/cbor"
StartResponse = Callable[..., Any]


class RpcV2CborTranslator:
    """WSGI middleware: answers rpc-v2-cbor requests by translating them to moto's query API."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self._session = botocore.session.get_session()
        self._models: dict[str, tuple[ServiceModel, str] | None] = {}
        self._serializer = serialize.create_serializer("query", include_validation=False)

    # -- WSGI ---------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_SMITHY_PROTOCOL", "").strip().lower() != "rpc-v2-cbor":
            return self.app(environ, start_response)
        match = PATH_RE.match(environ.get("PATH_INFO", ""))
        if not match:
            return self.app(environ, start_response)
        resolved = self._service_for(match["service"])
        if resolved is None:
            return _respond(start_response, 404, _error_body("UnknownOperationException",
                f"rpc-v2-cbor service {match['service']} is not emulated", None),
                {"x-amzn-query-error": "UnknownOperationException;Sender"})
        service_model, namespace = resolved
        try:
            operation = service_model.operation_model(match["operation"])
        except Exception:  # botocore raises OperationNotFoundError
            return _respond(start_response, 404, _error_body("UnknownOperationException",
                f"{match['operation']} is not an operation of {service_model.service_name}", None),
                {"x-amzn-query-error": "UnknownOperationException;Sender"})
        try:
            return self._translate(environ, start_response, operation, namespace)
        except Exception as exc:  # a translator bug must still give the client a CBOR error
            log.exception("rpc-v2-cbor translation of %s failed", operation.name)
            return _respond(start_response, 500, _error_body("InternalFailure",
                f"emulator rpc-v2-cbor translation failed: {exc}", None),
                {"x-amzn-query-error": "InternalFailure;Receiver"})

    # -- service models -----------------------------------------------------------------
    def _service_for(self, smithy_service: str) -> tuple[ServiceModel, str] | None:
        if smithy_service in self._models:
            return self._models[smithy_service]
        found: tuple[ServiceModel, str] | None = None
        if smithy_service in KNOWN_SERVICES:
            name, namespace = KNOWN_SERVICES[smithy_service]
            found = (self._session.get_service_model(name), namespace)
        else:
            for name in self._session.get_available_services():
                model = self._session.get_service_model(name)
                if model.metadata.get("targetPrefix") == smithy_service:
                    found = (model, f"com.amazonaws.{model.endpoint_prefix}")
                    break
        self._models[smithy_service] = found  # misses too: the scan loads every model
        return found

    # -- one request --------------------------------------------------------------------
    def _translate(self, environ: dict[str, Any], start_response: StartResponse,
                   operation: OperationModel, namespace: str) -> Iterable[bytes]:
        raw = _read_body(environ)
        if environ.get("HTTP_CONTENT_ENCODING", "").strip().lower() == "gzip":
            raw = gzip.decompress(raw)  # the SDK compresses large PutMetricData bodies
        decoded = cbor2.loads(raw) if raw else {}
        if decoded is None:
            decoded = {}
        if not isinstance(decoded, dict):
            return _respond(start_response, 400, _error_body("SerializationException",
                "rpc-v2-cbor request body must be a CBOR map", None),
                {"x-amzn-query-error": "SerializationException;Sender"})
        params = _conform(decoded, operation.input_shape, operation.name) if operation.input_shape else {}

        request = self._serializer.serialize_to_request(params, operation)
        body = request["body"]
        if isinstance(body, dict):
            body = urlencode(list(body.items()), doseq=True)
        if isinstance(body, str):
            body = body.encode("utf-8")

        inner = dict(environ)
        for key in ("HTTP_SMITHY_PROTOCOL", "HTTP_ACCEPT", "HTTP_X_AMZN_QUERY_MODE",
                    "HTTP_CONTENT_ENCODING", "HTTP_TRANSFER_ENCODING"):
            inner.pop(key, None)
        inner.update({
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "QUERY_STRING": "",
            "REQUEST_URI": "/",
            "RAW_URI": "/",
            "CONTENT_TYPE": "application/x-www-form-urlencoded; charset=utf-8",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        })
        status, headers, payload = _call(self.app, inner)

        http = {"status_code": status, "headers": {k.lower(): v for k, v in headers}, "body": payload}
        out_headers = {}
        request_id = _header(headers, "x-amzn-requestid") or _header(headers, "x-amz-request-id")
        if request_id:
            out_headers["x-amzn-RequestId"] = request_id

        if status >= 300:
            code, message, fault = _parse_query_error(payload, status)
            shape = _error_shape(operation, code)
            type_name = f"{namespace}#{shape.name}" if shape else code
            # Modeled errors carry their message in the shape's own member, spelt "Message"
            # or "message" depending on the shape (and botocore's older model does not always
            # list it); typed clients read that member, so both spellings are sent.
            extra = {"Message": message}
            out_headers["x-amzn-query-error"] = f"{code};{fault}"
            return _respond(start_response, status, _error_body(type_name, message, extra), out_headers)

        output_shape = operation.output_shape
        if output_shape is None:
            return _respond(start_response, 200, b"", out_headers)
        parsed = parsers.create_parser("query").parse(http, output_shape)
        parsed.pop("ResponseMetadata", None)
        encoded = cbor2.dumps(_to_cbor(parsed, output_shape))
        return _respond(start_response, 200, encoded, out_headers)


# -- request side ------------------------------------------------------------------------

def _conform(value: Any, shape: Shape, path: str) -> Any:
    """Coerce a decoded CBOR value to what botocore's query serializer expects for ``shape``."""
    if value is None:
        return None
    type_name = shape.type_name
    if type_name == "structure":
        if not isinstance(value, dict):
            raise ValueError(f"{path}: expected a map, got {type(value).__name__}")
        out = {}
        for key, member_value in value.items():
            member = shape.members.get(key)
            if member is None:
                log.warning("rpc-v2-cbor: dropping %s.%s (not in botocore's model)", path, key)
                continue
            if member_value is None:
                continue
            out[key] = _conform(member_value, member, f"{path}.{key}")
        return out
    if type_name == "list":
        return [_conform(v, shape.member, f"{path}[]") for v in value if v is not None]
    if type_name == "map":
        return {k: _conform(v, shape.value, f"{path}{{}}") for k, v in value.items() if v is not None}
    if type_name == "timestamp":
        if isinstance(value, _dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)
        if isinstance(value, (int, float)):
            return _dt.datetime.fromtimestamp(value, tz=_dt.timezone.utc)
        return value
    if type_name in ("integer", "long"):
        return int(value)
    if type_name in ("double", "float"):
        return float(value)
    if type_name == "boolean":
        return bool(value)
    if type_name == "blob":
        return bytes(value) if isinstance(value, (bytes, bytearray)) else value
    return value


# -- response side -----------------------------------------------------------------------

def _to_cbor(value: Any, shape: Shape | None) -> Any:
    """Turn botocore-parsed output into CBOR-ready Python values of the protocol's types."""
    if value is None or shape is None:
        return value
    type_name = shape.type_name
    if type_name == "structure":
        return {k: _to_cbor(v, shape.members.get(k)) for k, v in value.items()
                if v is not None and k in shape.members}
    if type_name == "list":
        return [_to_cbor(v, shape.member) for v in value]
    if type_name == "map":
        return {k: _to_cbor(v, shape.value) for k, v in value.items()}
    if type_name == "timestamp":
        if isinstance(value, _dt.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=_dt.timezone.utc)
            return cbor2.CBORTag(1, value.timestamp())
        return cbor2.CBORTag(1, float(value))
    if type_name in ("integer", "long"):
        return int(value)
    if type_name in ("double", "float"):
        return float(value)
    if type_name == "boolean":
        return bool(value)
    if type_name == "blob":
        return value if isinstance(value, bytes) else str(value).encode("utf-8")
    return value


def _parse_query_error(payload: bytes, status: int) -> tuple[str, str, str]:
    fault = "Receiver" if status >= 500 else "Sender"
    try:
        parsed = parsers.create_parser("query").parse(
            {"status_code": status, "headers": {}, "body": payload}, None)
        error = parsed.get("Error", {})
        code = error.get("Code") or ("InternalFailure" if status >= 500 else "UnknownError")
        message = error.get("Message") or ""
        fault = error.get("Type") or fault
        return str(code), str(message), str(fault)
    except Exception:  # not XML (e.g. a werkzeug HTML error page)
        text = payload.decode("utf-8", "replace").strip()
        return ("InternalFailure" if status >= 500 else "UnknownError"), text[:2000], fault


def _error_shape(operation: OperationModel, code: str) -> Shape | None:
    """The modeled error shape whose query error code (or name) is ``code``, if any."""
    candidates = list(operation.error_shapes)
    service = operation.service_model
    for name in service.shape_names:
        shape = service.shape_for(name)
        if shape.metadata.get("exception"):
            candidates.append(shape)
    for shape in candidates:
        if shape.metadata.get("error", {}).get("code") == code:
            return shape
    for shape in candidates:
        if shape.name == code:
            return shape
    return None


def _error_body(type_name: str, message: str, extra: dict[str, Any] | None) -> bytes:
    body: dict[str, Any] = {"__type": type_name, "message": message}
    if extra:
        body.update(extra)
    return cbor2.dumps(body)


# -- WSGI plumbing -----------------------------------------------------------------------

def _read_body(environ: dict[str, Any]) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    if length:
        return stream.read(int(length))
    if environ.get("wsgi.input_terminated") or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return stream.read()
    return b""


def _call(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = headers
        return lambda _data: None

    result = app(environ, start_response)
    try:
        payload = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    return captured["status"], captured["headers"], payload


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
            409: "Conflict", 500: "Internal Server Error", 503: "Service Unavailable"}


def _respond(start_response: StartResponse, status: int, body: bytes,
             headers: dict[str, str]) -> list[bytes]:
    out = [("smithy-protocol", "rpc-v2-cbor"), ("Content-Length", str(len(body)))]
    if body:
        out.append(("Content-Type", CBOR_CONTENT_TYPE))
    out.extend(headers.items())
    start_response(f"{status} {_REASONS.get(status, 'Error')}", out)
    return [body]
