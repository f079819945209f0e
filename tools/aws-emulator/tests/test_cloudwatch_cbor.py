"""CloudWatch over Smithy RPC v2 CBOR, the protocol the Terraform AWS provider's client speaks."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import cbor2
import pytest

from conftest import REGION, STAGING, Emulator
from signed import signed_request

CWCLIENT = Path(__file__).resolve().parent / "cwclient"
OPERATION_URL = "{url}/service/GraniteServiceVersion20100801/operation/{op}"
CBOR_HEADERS = {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "Accept": "application/cbor",
                "X-Amzn-Query-Mode": "true"}


def cbor_call(emu: Emulator, operation: str, body: dict | None, credentials: dict[str, str]):
    status, headers, payload = signed_request(
        OPERATION_URL.format(url=emu.url, op=operation), service="monitoring", region=REGION,
        body=cbor2.dumps(body) if body is not None else b"", headers=CBOR_HEADERS, credentials=credentials)
    assert headers.get("smithy-protocol") == "rpc-v2-cbor", (status, headers, payload)
    return status, headers, (cbor2.loads(payload) if payload else None)


@pytest.fixture(scope="module")
def cwclient_binary(tmp_path_factory) -> Path:
    """The Go client, built with the aws-sdk-go-v2 CloudWatch version the provider pins."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("go is not on PATH: cannot build the aws-sdk-go-v2 CloudWatch client (tests/cwclient)")
    out = tmp_path_factory.mktemp("cwclient") / "cwclient"
    env = dict(os.environ, GOFLAGS="-mod=readonly", CGO_ENABLED="0")
    subprocess.run([go, "build", "-o", str(out), "."], cwd=CWCLIENT, env=env, check=True, timeout=1800)
    return out


def test_go_sdk_client_round_trip(emulator: Emulator, staging_credentials, cwclient_binary: Path):
    """PutMetricAlarm, DescribeAlarms, tags, modeled errors and DeleteAlarms from aws-sdk-go-v2."""
    result = subprocess.run(
        [str(cwclient_binary), "-endpoint", emulator.url, "-region", REGION,
         "-access-key", staging_credentials["aws_access_key_id"],
         "-secret-key", staging_credentials["aws_secret_access_key"],
         "-session-token", staging_credentials["aws_session_token"], "-alarm", "lq3-go-alarm"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{result.stderr}\n--- emulator ---\n{emulator.stderr()}"
    out = json.loads(result.stdout)
    alarm = out["alarm"]
    assert alarm["AlarmArn"] == f"arn:aws:cloudwatch:{REGION}:{STAGING}:alarm:lq3-go-alarm"
    assert alarm["AlarmDescription"] == "5xx above threshold"
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert (alarm["EvaluationPeriods"], alarm["DatapointsToAlarm"], alarm["Period"]) == (3, 2, 60)
    assert alarm["Threshold"] == 80.5
    assert alarm["Statistic"] == "Sum"
    assert alarm["TreatMissingData"] == "notBreaching"
    assert alarm["ActionsEnabled"] is True
    assert alarm["AlarmActions"] == [f"arn:aws:sns:{REGION}:{STAGING}:alarms"]
    assert alarm["Dimensions"] == {"LoadBalancer": "app/lq3/0123456789abcdef"}
    assert abs(alarm["UpdatedUnix"] - dt.datetime.now(dt.timezone.utc).timestamp()) < 3600
    assert out["tagsAfterCreate"] == {"Environment": "staging01"}
    assert out["tagsAfterTag"] == {"Environment": "staging01", "Owner": "platform-team"}
    assert out["tagsAfterUntag"] == {"Owner": "platform-team"}
    assert out["tagMissingAlarmError"]["goType"] == "*types.ResourceNotFoundException"
    assert out["tagMissingAlarmError"]["code"] == "ResourceNotFoundException"
    assert out["setStateMissingAlarmError"]["goType"] == "*types.ResourceNotFound"
    assert out["setStateMissingAlarmError"]["code"] == "ResourceNotFound"
    assert out["alarmsAfterDelete"] == 0


def test_cbor_types_on_the_wire(emulator: Emulator, staging_credentials):
    """Numbers stay integers or floats, timestamps are tag-1 epoch seconds, lists are lists."""
    status, _, body = cbor_call(emulator, "PutMetricAlarm", {
        "AlarmName": "lq3-wire", "ComparisonOperator": "LessThanThreshold", "EvaluationPeriods": 1,
        "MetricName": "CPUUtilization", "Namespace": "AWS/ECS", "Period": 300, "Statistic": "Average",
        "Threshold": 10, "Dimensions": [{"Name": "ClusterName", "Value": "lq3"}],
        "Tags": [{"Key": "k", "Value": "v"}],
        "SomeFutureMember": "dropped, not an error",
    }, staging_credentials)
    assert status == 200 and body is None
    status, headers, body = cbor_call(emulator, "DescribeAlarms", {"AlarmNames": ["lq3-wire"]}, staging_credentials)
    assert status == 200 and headers["content-type"] == "application/cbor"
    [alarm] = body["MetricAlarms"]
    assert alarm["EvaluationPeriods"] == 1 and type(alarm["EvaluationPeriods"]) is int
    assert alarm["Period"] == 300 and type(alarm["Period"]) is int
    assert alarm["Threshold"] == 10.0 and type(alarm["Threshold"]) is float
    assert isinstance(alarm["AlarmConfigurationUpdatedTimestamp"], dt.datetime)  # cbor2 decodes tag 1
    assert isinstance(alarm["StateUpdatedTimestamp"], dt.datetime)
    assert alarm["Dimensions"] == [{"Name": "ClusterName", "Value": "lq3"}]
    assert "MetricAlarms" in body and body.get("CompositeAlarms", []) == []
    raw = signed_request(OPERATION_URL.format(url=emulator.url, op="DescribeAlarms"), service="monitoring",
                         region=REGION, body=cbor2.dumps({"AlarmNames": ["lq3-wire"]}), headers=CBOR_HEADERS,
                         credentials=staging_credentials)[2]
    assert b"\xc1\xfb" in raw  # tag 1 (epoch time) around a float64, as smithy-go's AsTime reads it

    status, _, body = cbor_call(emulator, "DeleteAlarms", {"AlarmNames": ["lq3-wire"]}, staging_credentials)
    assert status == 200
    status, _, body = cbor_call(emulator, "DescribeAlarms", {"AlarmNames": ["lq3-wire"]}, staging_credentials)
    assert body["MetricAlarms"] == []


def test_gzip_request_body(emulator: Emulator, staging_credentials):
    """aws-sdk-go-v2 gzips large PutMetricData bodies (Content-Encoding: gzip)."""
    import gzip

    body = gzip.compress(cbor2.dumps({"Namespace": "LQ3/Test", "MetricData": [
        {"MetricName": "Exports", "Value": 3.0, "Unit": "Count",
         "Timestamp": dt.datetime.now(dt.timezone.utc).replace(microsecond=0)}]}))
    status, headers, payload = signed_request(OPERATION_URL.format(url=emulator.url, op="PutMetricData"),
                                              service="monitoring", region=REGION, body=body,
                                              headers={**CBOR_HEADERS, "Content-Encoding": "gzip"},
                                              credentials=staging_credentials)
    assert status == 200, cbor2.loads(payload) if payload else payload
    status, _, listed = cbor_call(emulator, "ListMetrics", {"Namespace": "LQ3/Test"}, staging_credentials)
    assert [m["MetricName"] for m in listed["Metrics"]] == ["Exports"]


def test_cbor_errors(emulator: Emulator, staging_credentials):
    status, headers, body = cbor_call(emulator, "SetAlarmState", {
        "AlarmName": "nope", "StateValue": "ALARM", "StateReason": "test"}, staging_credentials)
    assert status == 404
    assert body["__type"] == "com.amazonaws.cloudwatch#ResourceNotFound"
    assert body["message"]
    assert headers["x-amzn-query-error"] == "ResourceNotFound;Sender"

    status, headers, body = cbor_call(emulator, "NoSuchOperation", {}, staging_credentials)
    assert status == 404 and body["__type"] == "UnknownOperationException"

    status, headers, body = signed_request(OPERATION_URL.format(url=emulator.url, op="DescribeAlarms"),
                                           service="monitoring", region=REGION, body=cbor2.dumps([1, 2]),
                                           headers=CBOR_HEADERS, credentials=staging_credentials)
    assert status == 400 and cbor2.loads(body)["__type"] == "SerializationException"


def test_botocore_cbor_serializer_and_parser(emulator: Emulator, staging_credentials):
    """A second, independent rpc-v2-cbor implementation: botocore's own serializer and parser.

    (boto3's CloudWatch client prefers the JSON protocol, which moto serves natively; the
    provider's Go client uses CBOR, so that path is driven here explicitly.)
    """
    import botocore.session
    from botocore import parsers, serialize

    model = botocore.session.get_session().get_service_model("cloudwatch")
    assert "smithy-rpc-v2-cbor" in model.metadata["protocols"]

    def call(operation: str, params: dict) -> dict:
        op = model.operation_model(operation)
        request = serialize.create_serializer("smithy-rpc-v2-cbor").serialize_to_request(params, op)
        status, headers, body = signed_request(emulator.url + request["url_path"], service="monitoring", region=REGION,
                                               body=request["body"], headers=dict(request["headers"]),
                                               credentials=staging_credentials)
        assert headers.get("smithy-protocol") == "rpc-v2-cbor"
        return parsers.create_parser("smithy-rpc-v2-cbor").parse(
            {"status_code": status, "headers": headers, "body": body}, op.output_shape)

    call("PutMetricAlarm", {"AlarmName": "lq3-botocore", "ComparisonOperator": "GreaterThanThreshold",
                            "EvaluationPeriods": 1, "MetricName": "m", "Namespace": "n", "Period": 60,
                            "Statistic": "Sum", "Threshold": 1.5, "Tags": [{"Key": "k", "Value": "v"}]})
    [alarm] = call("DescribeAlarms", {"AlarmNames": ["lq3-botocore"]})["MetricAlarms"]
    assert alarm["Threshold"] == 1.5 and alarm["EvaluationPeriods"] == 1
    assert alarm["AlarmConfigurationUpdatedTimestamp"].tzinfo is not None
    assert call("ListTagsForResource", {"ResourceARN": alarm["AlarmArn"]})["Tags"] == [{"Key": "k", "Value": "v"}]
    error = call("SetAlarmState", {"AlarmName": "nope", "StateValue": "OK", "StateReason": "r"})["Error"]
    assert error["Code"] == "ResourceNotFound"
    call("DeleteAlarms", {"AlarmNames": ["lq3-botocore"]})
    assert call("DescribeAlarms", {"AlarmNames": ["lq3-botocore"]})["MetricAlarms"] == []


def test_query_protocol_still_reaches_moto(emulator: Emulator, staging_credentials):
    """Clients on CloudWatch's query protocol are passed through to moto untouched."""
    status, _, body = signed_request(f"{emulator.url}/", service="monitoring", region=REGION,
                                     body=b"Action=DescribeAlarms&Version=2010-08-01",
                                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
                                     credentials=staging_credentials)
    assert status == 200, body
    assert b"<DescribeAlarmsResponse" in body
