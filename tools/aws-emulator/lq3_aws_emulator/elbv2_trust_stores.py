"""ELBv2 trust stores and listener mutual TLS, which moto 5.2.5 does not emulate.

Added to moto's own ELBv2 model in moto's style: a ``FakeTrustStore`` kept per account and
region on the ``ELBv2Backend`` (next to its load balancers and target groups), backend methods
that raise moto ``ELBClientError`` s with the error codes of botocore's model, and response
methods on ``ELBV2Response`` that return ``ActionResult`` s, so moto's query serializer writes
the responses from botocore's output shapes. Listener ``MutualAuthentication`` is kept on
moto's ``FakeListener`` and serialized with it.

What AWS does and this does too:

- CreateTrustStore / ModifyTrustStore read the CA bundle from S3 (the bucket, key and optional
  version in the request, from moto's S3 backend, in whichever account owns the bucket):
  ``CaCertificatesBundleNotFound`` if there is no such object, ``InvalidCaCertificatesBundle``
  unless it is PEM with at least one X.509 certificate. The store is ``ACTIVE`` at once
  (AWS: after a few seconds of ``CREATING``) with ``NumberOfCaCertificates`` from the bundle.
- Names are unique per account and region (``DuplicateTrustStoreName``), 1-32 characters.
- A listener with ``Mode = verify`` must name an existing trust store (``TrustStoreNotFound``);
  the store's associations are the load balancers of such listeners.
- DeleteTrustStore of a store a listener uses fails with ``TrustStoreInUse`` ("... is currently
  in use by a listener", the message the provider retries on).
- Tags: on create and with AddTags / RemoveTags / DescribeTags on the trust store ARN
  (moto's ELBv2 tagging service).
- GetTrustStoreCaCertificatesBundle returns where the bundle is (an emulator S3 URL; AWS gives a
  pre-signed URL of its own copy). No revocation lists: DescribeTrustStoreRevocations is empty,
  Add/RemoveTrustStoreRevocations are not implemented (501).
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from typing import Any

TRUST_STORE_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")
IN_USE_MESSAGE = "Trust store '{arn}' is currently in use by a listener"
VERIFY = "verify"
MODES = ("off", "passthrough", VERIFY)


def install() -> None:
    from moto.core.common_models import BaseModel
    from moto.core.responses import ActionResult, EmptyResult
    from moto.elbv2.exceptions import ELBClientError
    from moto.elbv2.models import ELBv2Backend
    from moto.elbv2.responses import ELBV2Response
    from moto.moto_api._internal import mock_random

    class TrustStoreNotFound(ELBClientError):
        def __init__(self, what: str = "One or more trust stores not found") -> None:
            super().__init__("TrustStoreNotFound", what)

    class FakeTrustStore(BaseModel):
        def __init__(self, name: str, arn: str, bundle: "CaBundle") -> None:
            self.name = name
            self.trust_store_arn = arn
            self.status = "ACTIVE"
            self.total_revoked_entries = 0
            self.bundle = bundle

        @property
        def number_of_ca_certificates(self) -> int:
            return self.bundle.count

    # -- backend -------------------------------------------------------------------------------

    def trust_stores(self: Any) -> "OrderedDict[str, FakeTrustStore]":
        stores = self.__dict__.get("_trust_stores")
        if stores is None:
            stores = self.__dict__["_trust_stores"] = OrderedDict()
        return stores

    def read_ca_bundle(self: Any, bucket: str, key: str, version: str | None) -> CaBundle:
        from moto.s3.exceptions import MissingBucket
        from moto.s3.models import s3_backends

        where = f"s3://{bucket}/{key}" + (f"?versionId={version}" if version else "")
        try:
            obj = s3_backends[self.account_id][self.partition].get_object(bucket, key, version_id=version)
        except MissingBucket:
            obj = None
        if obj is None:
            raise ELBClientError("CaCertificatesBundleNotFound", f"The specified CA certificates bundle '{where}' does not exist")
        count = pem_certificate_count(obj.value)
        if count == 0:
            raise ELBClientError("InvalidCaCertificatesBundle",
                                 f"The CA certificates bundle '{where}' is not a PEM file of X.509 certificates")
        return CaBundle(bucket=bucket, key=key, version=version, count=count)

    def create_trust_store(self: Any, name: str, bucket: str, key: str, version: str | None,
                           tags: list[dict[str, str]] | None) -> FakeTrustStore:
        if not TRUST_STORE_NAME.match(name or ""):
            raise ELBClientError("ValidationError", f"Trust store name '{name}' must be 1-32 alphanumeric characters or hyphens, "
                                 "and must not begin or end with a hyphen")
        if any(store.name == name for store in trust_stores(self).values()):
            raise ELBClientError("DuplicateTrustStoreName", f"A trust store with the name '{name}' already exists")
        bundle = read_ca_bundle(self, bucket, key, version)
        arn = f"arn:{self.partition}:elasticloadbalancing:{self.region_name}:{self.account_id}:truststore/{name}/{mock_random.get_random_hex(16)}"
        store = FakeTrustStore(name, arn, bundle)
        trust_stores(self)[arn] = store
        if tags:
            self.tagging_service.tag_resource(arn, tags)
        return store

    def get_trust_store(self: Any, arn: str) -> FakeTrustStore:
        store = trust_stores(self).get(arn)
        if store is None:
            raise TrustStoreNotFound()
        return store

    def describe_trust_stores(self: Any, arns: list[str], names: list[str]) -> list[FakeTrustStore]:
        stores = list(trust_stores(self).values())
        if arns:
            stores = [s for s in stores if s.trust_store_arn in arns]
        if names:
            stores = [s for s in stores if s.name in names]
        if (arns or names) and not stores:
            raise TrustStoreNotFound()
        return stores

    def modify_trust_store(self: Any, arn: str, bucket: str, key: str, version: str | None) -> FakeTrustStore:
        store = get_trust_store(self, arn)
        store.bundle = read_ca_bundle(self, bucket, key, version)
        return store

    def listeners_using(self: Any, arn: str) -> list[Any]:
        return [listener for balancer in self.load_balancers.values() for listener in balancer.listeners.values()
                if (getattr(listener, "mutual_authentication", None) or {}).get("TrustStoreArn") == arn]

    def describe_trust_store_associations(self: Any, arn: str) -> list[str]:
        get_trust_store(self, arn)
        return list(dict.fromkeys(listener.load_balancer_arn for listener in listeners_using(self, arn)))

    def delete_trust_store(self: Any, arn: str) -> None:
        get_trust_store(self, arn)
        if listeners_using(self, arn):
            raise ELBClientError("TrustStoreInUse", IN_USE_MESSAGE.format(arn=arn))
        del trust_stores(self)[arn]
        self.tagging_service.delete_all_tags_for_resource(arn)

    def mutual_authentication(self: Any, requested: dict[str, Any] | None) -> dict[str, Any] | None:
        """The listener's MutualAuthentication as AWS reports it; validated like AWS."""
        if not requested:
            return None
        mode = (requested.get("Mode") or "").lower()
        if mode not in MODES:
            raise ELBClientError("ValidationError", f"Mutual authentication mode '{requested.get('Mode')}' is not one of {', '.join(MODES)}")
        if mode != VERIFY:
            for member in ("TrustStoreArn", "AdvertiseTrustStoreCaNames"):
                if requested.get(member):
                    raise ELBClientError("ValidationError", f"{member} can be set only when the mutual authentication mode is verify")
            return {"Mode": mode}
        arn = requested.get("TrustStoreArn")
        if not arn:
            raise ELBClientError("ValidationError", "A trust store is required when the mutual authentication mode is verify")
        get_trust_store(self, arn)
        return {
            "Mode": mode,
            "TrustStoreArn": arn,
            "IgnoreClientCertificateExpiry": bool(requested.get("IgnoreClientCertificateExpiry") or False),
            "TrustStoreAssociationStatus": "active",
            "AdvertiseTrustStoreCaNames": requested.get("AdvertiseTrustStoreCaNames") or "off",
        }

    original_get_resource_by_arn = ELBv2Backend._get_resource_by_arn

    @functools.wraps(original_get_resource_by_arn)
    def _get_resource_by_arn(self: Any, arn: str) -> Any:
        if ":truststore/" in arn:
            return get_trust_store(self, arn)
        return original_get_resource_by_arn(self, arn)

    for function in (create_trust_store, get_trust_store, describe_trust_stores, modify_trust_store,
                     describe_trust_store_associations, delete_trust_store):
        setattr(ELBv2Backend, function.__name__, function)
    ELBv2Backend.trust_stores = property(trust_stores)
    ELBv2Backend._get_resource_by_arn = _get_resource_by_arn

    # -- responses -----------------------------------------------------------------------------

    def bundle_params(self: Any) -> dict[str, Any]:
        return {"bucket": self._get_param("CaCertificatesBundleS3Bucket"), "key": self._get_param("CaCertificatesBundleS3Key"),
                "version": self._get_param("CaCertificatesBundleS3ObjectVersion")}

    def create_trust_store_response(self: Any) -> ActionResult:
        store = self.elbv2_backend.create_trust_store(name=self._get_param("Name"), tags=self._get_param("Tags"), **bundle_params(self))
        return ActionResult({"TrustStores": [store]})

    def describe_trust_stores_response(self: Any) -> ActionResult:
        stores = self.elbv2_backend.describe_trust_stores(self._get_param("TrustStoreArns", []), self._get_param("Names", []))
        return ActionResult({"TrustStores": stores})

    def modify_trust_store_response(self: Any) -> ActionResult:
        store = self.elbv2_backend.modify_trust_store(arn=self._get_param("TrustStoreArn"), **bundle_params(self))
        return ActionResult({"TrustStores": [store]})

    def delete_trust_store_response(self: Any) -> EmptyResult:
        self.elbv2_backend.delete_trust_store(self._get_param("TrustStoreArn"))
        return EmptyResult()

    def describe_trust_store_associations_response(self: Any) -> ActionResult:
        arns = self.elbv2_backend.describe_trust_store_associations(self._get_param("TrustStoreArn"))
        return ActionResult({"TrustStoreAssociations": [{"ResourceArn": arn} for arn in arns]})

    def describe_trust_store_revocations_response(self: Any) -> ActionResult:
        self.elbv2_backend.get_trust_store(self._get_param("TrustStoreArn"))
        if self._get_param("RevocationIds"):
            raise ELBClientError("RevocationIdNotFound", "One or more revocation IDs not found")
        return ActionResult({"TrustStoreRevocations": []})

    def get_trust_store_ca_certificates_bundle_response(self: Any) -> ActionResult:
        bundle = self.elbv2_backend.get_trust_store(self._get_param("TrustStoreArn")).bundle
        host = self.headers.get("Host") or "127.0.0.1"
        location = f"http://{host}/{bundle.bucket}/{bundle.key}" + (f"?versionId={bundle.version}" if bundle.version else "")
        return ActionResult({"Location": location})

    for name, function in {
        "create_trust_store": create_trust_store_response,
        "describe_trust_stores": describe_trust_stores_response,
        "modify_trust_store": modify_trust_store_response,
        "delete_trust_store": delete_trust_store_response,
        "describe_trust_store_associations": describe_trust_store_associations_response,
        "describe_trust_store_revocations": describe_trust_store_revocations_response,
        "get_trust_store_ca_certificates_bundle": get_trust_store_ca_certificates_bundle_response,
    }.items():
        function.__name__ = name
        setattr(ELBV2Response, name, function)

    # -- listeners: MutualAuthentication ---------------------------------------------------------

    original_create_listener = ELBV2Response.create_listener
    original_modify_listener = ELBV2Response.modify_listener

    @functools.wraps(original_create_listener)
    def create_listener(self: Any) -> Any:
        settings = mutual_authentication(self.elbv2_backend, self._get_param("MutualAuthentication"))
        if settings and settings["Mode"] != "off" and (self._get_param("Protocol") or "").upper() != "HTTPS":
            raise ELBClientError("ValidationError", "Mutual authentication is supported only on HTTPS listeners")
        result = original_create_listener(self)
        for listener in result.result["Listeners"]:
            listener.mutual_authentication = settings
        return result

    @functools.wraps(original_modify_listener)
    def modify_listener(self: Any) -> Any:
        requested = self._get_param("MutualAuthentication")
        settings = mutual_authentication(self.elbv2_backend, requested)
        result = original_modify_listener(self)
        if requested:  # not sent: unchanged (AWS semantics of ModifyListener)
            for listener in result.result["Listeners"]:
                listener.mutual_authentication = settings
        return result

    ELBV2Response.create_listener = create_listener
    ELBV2Response.modify_listener = modify_listener


class CaBundle:
    """Where a trust store's CA bundle came from, and how many certificates it holds."""

    def __init__(self, bucket: str, key: str, version: str | None, count: int) -> None:
        self.bucket, self.key, self.version, self.count = bucket, key, version, count


def pem_certificate_count(data: bytes | str) -> int:
    """Number of X.509 certificates in a PEM bundle; 0 if it is not one (or any fails to parse)."""
    from cryptography import x509

    raw = data.encode() if isinstance(data, str) else bytes(data)
    if b"-----BEGIN CERTIFICATE-----" not in raw:
        return 0
    try:
        return len(x509.load_pem_x509_certificates(raw))
    except ValueError:
        return 0
