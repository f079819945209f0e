"""The launcher's contract: one ready line, loopback only, clean stop, bucket pre-creation."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys

import pytest

from conftest import EMULATOR_DIR, STATE_BUCKET, STAGING, Emulator, client, start_emulator, stop_emulator


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_prints_one_ready_line_and_stops_cleanly(session_tmp, sig):
    emu = start_emulator(tmp=session_tmp)
    try:
        assert client(emu, "sts").get_caller_identity()["Account"] == "123456789012"
    finally:
        code = stop_emulator(emu.process, sig)
    assert code == 0, emu.stderr()
    assert emu.stdout_lines == [f"listening on http://127.0.0.1:{emu.port}"]
    assert "stopped" in emu.stderr()


def test_listens_on_loopback_only(emulator: Emulator):
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=30):
        pass
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    for address in addresses:
        if address.startswith("127."):
            continue
        with pytest.raises(OSError):
            socket.create_connection((address, emulator.port), timeout=5).close()


def test_created_state_bucket_belongs_to_its_account(emulator: Emulator, staging_credentials):
    staging = [b["Name"] for b in client(emulator, "s3", staging_credentials).list_buckets()["Buckets"]]
    default = [b["Name"] for b in client(emulator, "s3").list_buckets()["Buckets"]]
    assert STATE_BUCKET in staging
    assert STATE_BUCKET not in default


def test_is_not_an_open_proxy(emulator: Emulator):
    """Absolute-form (proxied) requests are answered only for <account>.127.0.0.1 hosts."""
    conn = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=60)
    try:
        conn.request("GET", "http://example.com/", headers={"Host": "example.com"})
        response = conn.getresponse()
        assert response.status == 403
        assert b"not example.com" in response.read()
    finally:
        conn.close()


def test_rejects_bad_bucket_spec():
    result = subprocess.run([sys.executable, "-m", "lq3_aws_emulator", "--create-bucket", "nope"],
                            cwd=EMULATOR_DIR, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(EMULATOR_DIR), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "ACCOUNT:BUCKET[:REGION]" in result.stderr
    assert result.stdout == ""


def test_bucket_owned_by_another_account_is_an_error(session_tmp):
    result = subprocess.run(
        [sys.executable, "-m", "lq3_aws_emulator", "--create-bucket", f"{STAGING}:dup-bucket",
         "--create-bucket", "222222222222:dup-bucket"],
        cwd=EMULATOR_DIR, capture_output=True, text=True, timeout=180,
        env={"PYTHONPATH": str(EMULATOR_DIR), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "already exists in account 111111111111" in result.stderr
