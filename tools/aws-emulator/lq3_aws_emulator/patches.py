"""Small, documented fixes to moto behaviour, applied in-process at start-up.

Each patch wraps one moto method (no file in site-packages is edited) and is listed in
README.md with the Terraform diff it removes. ``apply()`` is idempotent.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import xmltodict

log = logging.getLogger(__name__)
_applied = False


def apply() -> list[str]:
    """Apply every patch; returns their names (for the start-up log)."""
    global _applied
    names = [patch_s3_create_bucket_tags.__name__]
    if _applied:
        return names
    patch_s3_create_bucket_tags()
    _applied = True
    return names


def patch_s3_create_bucket_tags() -> None:
    """CreateBucket: honour ``CreateBucketConfiguration/Tags``.

    The provider tags a new bucket in CreateBucket itself (tag-on-create) and reads tags
    back through S3 Control ListTagsForResource. moto parses only LocationConstraint from
    CreateBucketConfiguration, so the tags were lost and every re-plan wanted to add them.
    After a successful create, the tags in the body are stored like PutBucketTagging does
    (moto's S3 tagger, which S3 Control and GetBucketTagging both read).
    """
    from moto.s3.responses import S3Response

    original = S3Response._bucket_response_put

    @functools.wraps(original)
    def _bucket_response_put(self: Any, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        result = original(self, request, bucket_name, querystring)
        if not querystring and self.body:
            tags = _create_bucket_tags(self.body)
            if tags:
                self.backend.put_bucket_tagging(bucket_name, tags)
        return result

    S3Response._bucket_response_put = _bucket_response_put


def _create_bucket_tags(body: Any) -> dict[str, str]:
    try:
        parsed = xmltodict.parse(body, force_list={"Tag": True})
    except Exception:
        return {}
    config = parsed.get("CreateBucketConfiguration") or {}
    tags = (config.get("Tags") or {}).get("Tag") or []
    return {t["Key"]: t.get("Value") or "" for t in tags if isinstance(t, dict) and t.get("Key")}
