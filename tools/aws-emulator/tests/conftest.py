"""Fixtures: the emulator as a real subprocess on a free port, and AWS clients for it.

Run from the repo root:  tools/aws-emulator/.venv/bin/python -m pytest tools/aws-emulator/tests
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

EMULATOR_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(EMULATOR_DIR))  # lq3_aws_emulator (the tests import its terraform helpers)
READY = re.compile(r"^listening on http://127\.0\.0\.1:(\d+)$")
# The machine may be busy (parallel builds): generous, but bounded, waits.
START_TIMEOUT = float(os.environ.get("LQ3_EMULATOR_START_TIMEOUT", "180"))
STOP_GRACE = 20.0

STAGING = "111111111111"
PRODUCTION = "222222222222"
STAGING_ROLE = f"arn:aws:iam::{STAGING}:role/lq3-terraform"
STATE_BUCKET = f"lq3-terraform-state-{STAGING}"
REGION = "eu-central-1"


@dataclass
class Emulator:
    process: subprocess.Popen
    port: int
    stdout_lines: list[str] = field(default_factory=list)
    stderr_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path else ""


def start_emulator(*args: str, tmp: Path) -> Emulator:
    """Start ``python -m lq3_aws_emulator --port 0 ARGS`` and wait for its ready line."""
    env = dict(os.environ, PYTHONPATH=str(EMULATOR_DIR), PYTHONUNBUFFERED="1")
    stderr_path = tmp / f"emulator-{time.monotonic_ns()}.stderr"
    stderr_file = stderr_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "lq3_aws_emulator", "--port", "0", *args],
        cwd=EMULATOR_DIR, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=stderr_file, text=True, start_new_session=True,
    )
    stderr_file.close()
    lines: queue.Queue[str | None] = queue.Queue()
    collected: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            collected.append(line.rstrip("\n"))
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            stop_emulator(process)
            raise AssertionError(f"emulator not ready after {START_TIMEOUT:.0f}s; stderr:\n{stderr_path.read_text()}")
        try:
            line = lines.get(timeout=min(remaining, 1.0))
        except queue.Empty:
            continue
        if line is None:
            process.wait(timeout=STOP_GRACE)
            raise AssertionError(f"emulator exited ({process.returncode}) before ready; stderr:\n{stderr_path.read_text()}")
        match = READY.match(line)
        if match:
            return Emulator(process=process, port=int(match[1]), stdout_lines=collected, stderr_path=stderr_path)


def stop_emulator(process: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    """SIGTERM (or ``sig``), then SIGKILL after a grace period; returns the exit code."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_GRACE)
    if process.stdout:
        process.stdout.close()
    return process.returncode


@pytest.fixture(scope="session")
def session_tmp() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="lq3-aws-emulator-test-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def emulator(session_tmp: Path) -> Iterator[Emulator]:
    started = time.monotonic()
    emu = start_emulator("--create-bucket", f"{STAGING}:{STATE_BUCKET}:{REGION}", tmp=session_tmp)
    print(f"\nemulator ready on port {emu.port} in {time.monotonic() - started:.1f}s")
    try:
        yield emu
    finally:
        stop_emulator(emu.process)


def client(emu: Emulator, service: str, credentials: dict[str, str] | None = None, **config: object):
    creds = credentials or {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    return boto3.client(
        service, endpoint_url=emu.url, region_name=REGION,
        config=Config(**{"retries": {"max_attempts": 1}, "connect_timeout": 30, "read_timeout": 120, **config}),
        **creds,
    )


def assume(emu: Emulator, role_arn: str = STAGING_ROLE, session: str = "pytest") -> dict[str, str]:
    creds = client(emu, "sts").assume_role(RoleArn=role_arn, RoleSessionName=session)["Credentials"]
    return {
        "aws_access_key_id": creds["AccessKeyId"],
        "aws_secret_access_key": creds["SecretAccessKey"],
        "aws_session_token": creds["SessionToken"],
    }


@pytest.fixture(scope="session")
def staging_credentials(emulator: Emulator) -> dict[str, str]:
    return assume(emulator)
