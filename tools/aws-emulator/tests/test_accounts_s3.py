"""Multi-account STS, the Terraform state bucket (use_lockfile), S3 Control tags, CreateBucket tags."""

from __future__ import annotations

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import PRODUCTION, REGION, STAGING, STAGING_ROLE, STATE_BUCKET, Emulator, assume, client
from signed import signed_request


def test_assume_role_yields_the_role_account(emulator: Emulator):
    assert client(emulator, "sts").get_caller_identity()["Account"] == "123456789012"
    for account in (STAGING, PRODUCTION):
        creds = assume(emulator, f"arn:aws:iam::{account}:role/lq3-terraform", "lq3-test")
        identity = client(emulator, "sts", creds).get_caller_identity()
        assert identity["Account"] == account
        assert identity["Arn"] == f"arn:aws:sts::{account}:assumed-role/lq3-terraform/lq3-test"


def test_resources_land_in_the_assumed_account(emulator: Emulator, staging_credentials):
    topic = client(emulator, "sns", staging_credentials).create_topic(Name="lq3-account-check")["TopicArn"]
    assert topic == f"arn:aws:sns:{REGION}:{STAGING}:lq3-account-check"
    default_topics = client(emulator, "sns").list_topics()["Topics"]
    assert topic not in [t["TopicArn"] for t in default_topics]


def test_state_and_lock_files(emulator: Emulator, staging_credentials):
    """What the S3 backend does with use_lockfile: conditional lock put, state put/get, lock delete."""
    s3 = client(emulator, "s3", staging_credentials, s3={"addressing_style": "path"})
    lock_key = "staging01/network.tfstate.tflock"
    s3.put_object(Bucket=STATE_BUCKET, Key=lock_key, Body=b'{"ID":"1"}', IfNoneMatch="*") \
        if "IfNoneMatch" in s3.meta.service_model.operation_model("PutObject").input_shape.members \
        else _put_if_none_match(emulator, staging_credentials, lock_key, b'{"ID":"1"}', expect=200)
    _put_if_none_match(emulator, staging_credentials, lock_key, b'{"ID":"2"}', expect=412)
    s3.put_object(Bucket=STATE_BUCKET, Key="staging01/network.tfstate", Body=b'{"version":4}',
                  ServerSideEncryption="AES256")
    assert s3.get_object(Bucket=STATE_BUCKET, Key="staging01/network.tfstate")["Body"].read() == b'{"version":4}'
    s3.delete_object(Bucket=STATE_BUCKET, Key=lock_key)
    _put_if_none_match(emulator, staging_credentials, lock_key, b'{"ID":"3"}', expect=200)
    s3.delete_object(Bucket=STATE_BUCKET, Key=lock_key)


def _put_if_none_match(emu: Emulator, creds, key: str, body: bytes, expect: int) -> None:
    status, _, payload = signed_request(f"{emu.url}/{STATE_BUCKET}/{key}", service="s3", region=REGION,
                                        method="PUT", body=body, credentials=creds,
                                        headers={"If-None-Match": "*", "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
                                                 "Content-Type": "application/octet-stream"})
    assert status == expect, payload


def test_s3_control_tags_through_the_account_host(emulator: Emulator, staging_credentials):
    """The provider's S3 Control client calls http://<account>.127.0.0.1:PORT via http_proxy = the emulator."""
    s3 = client(emulator, "s3", staging_credentials, s3={"addressing_style": "path"})
    s3.create_bucket(Bucket="lq3-tagged-bucket", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3control = client(emulator, "s3control", staging_credentials, proxies={"http": emulator.url})
    arn = "arn:aws:s3:::lq3-tagged-bucket"
    s3control.tag_resource(AccountId=STAGING, ResourceArn=arn,
                           Tags=[{"Key": "Environment", "Value": "staging01"}, {"Key": "Owner", "Value": "x"}])
    tags = s3control.list_tags_for_resource(AccountId=STAGING, ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("Environment", "staging01"), ("Owner", "x")]
    s3control.untag_resource(AccountId=STAGING, ResourceArn=arn, TagKeys=["Owner"])
    assert s3.get_bucket_tagging(Bucket="lq3-tagged-bucket")["TagSet"] == [{"Key": "Environment", "Value": "staging01"}]


def test_s3_control_host_is_the_account_prefixed_one(emulator: Emulator, staging_credentials):
    """Without the proxy the account-prefixed host does not resolve: the proxy setting is necessary."""
    s3control = client(emulator, "s3control", staging_credentials, connect_timeout=10)
    with pytest.raises(Exception) as error:
        s3control.list_tags_for_resource(AccountId=STAGING, ResourceArn="arn:aws:s3:::lq3-tagged-bucket")
    assert f"{STAGING}.127.0.0.1" in str(error.value)


def test_create_bucket_keeps_its_tags(emulator: Emulator, staging_credentials):
    """The provider tags buckets in CreateBucket (CreateBucketConfiguration/Tags); moto is patched to keep them."""
    body = (b'<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            b"<LocationConstraint>eu-central-1</LocationConstraint>"
            b"<Tags><Tag><Key>Name</Key><Value>lq3-born-tagged</Value></Tag><Tag><Key>Project</Key><Value>LQ3</Value></Tag></Tags>"
            b"</CreateBucketConfiguration>")
    status, _, payload = signed_request(f"{emulator.url}/lq3-born-tagged", service="s3", region=REGION, method="PUT",
                                        body=body, credentials=staging_credentials,
                                        headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD",
                                                 "Content-Type": "application/xml"})
    assert status == 200, payload
    s3 = client(emulator, "s3", staging_credentials, s3={"addressing_style": "path"})
    assert sorted((t["Key"], t["Value"]) for t in s3.get_bucket_tagging(Bucket="lq3-born-tagged")["TagSet"]) == [
        ("Name", "lq3-born-tagged"), ("Project", "LQ3")]
    with pytest.raises(ClientError):
        client(emulator, "s3").get_bucket_tagging(Bucket="no-such-bucket-lq3")
