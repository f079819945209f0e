"""The launcher: moto's server app + the emulator's middleware, on 127.0.0.1 only."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading
import time
from typing import Any

HOST = "127.0.0.1"

# Read by moto at import time (moto.settings), so they are set before moto is imported.
MOTO_ENVIRONMENT = {
    # AWS managed policies (arn:aws:iam::aws:policy/...) exist only when moto loads them;
    # aws_iam_role_policy_attachment of e.g. AmazonECSTaskExecutionRolePolicy needs them.
    "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
    # moto issues an ACM certificate this many seconds after the request (default 60), which
    # would make aws_acm_certificate_validation wait a minute per certificate.
    "MOTO_ACM_VALIDATION_WAIT": "0",
}

BUCKET_SPEC = re.compile(r"^(?P<account>\d{12}):(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?::(?P<region>[a-z0-9-]+))?$")
DEFAULT_BUCKET_REGION = "eu-central-1"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m lq3_aws_emulator",
        description="moto-based AWS emulator for Terraform on 127.0.0.1 (see tools/aws-emulator/README.md).",
    )
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1; 0 (default) picks a free one")
    parser.add_argument(
        "--create-bucket", action="append", default=[], metavar="ACCOUNT:BUCKET[:REGION]",
        help="create an S3 bucket owned by ACCOUNT before serving (e.g. Terraform state buckets; "
             f"region defaults to {DEFAULT_BUCKET_REGION}); repeatable",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be 0..65535 (got {args.port})")
    buckets = []
    for spec in args.create_bucket:
        match = BUCKET_SPEC.match(spec)
        if not match:
            parser.error(f"--create-bucket wants ACCOUNT:BUCKET[:REGION] with a 12-digit account id (got {spec!r})")
        buckets.append((match["account"], match["bucket"], match["region"] or DEFAULT_BUCKET_REGION))
    args.buckets = buckets
    return args


def build_app() -> Any:
    """moto's DomainDispatcherApplication wrapped in the emulator's WSGI middleware."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from .account_host import AccountHostProxy
    from .rpcv2cbor import RpcV2CborTranslator

    return AccountHostProxy(RpcV2CborTranslator(DomainDispatcherApplication(create_backend_app)))


def create_bucket(account_id: str, bucket: str, region: str) -> None:
    """Create ``bucket`` in moto's S3, owned by ``account_id`` (no-op if that account owns it)."""
    from moto.s3.models import s3_backends

    # moto keeps a global bucket name -> (partition, account id) registry
    owner = (s3_backends.bucket_accounts.get(bucket) or (None, None))[1]
    if owner == account_id:
        return
    if owner is not None:
        raise SystemExit(f"lq3-aws-emulator: bucket {bucket} already exists in account {owner}, not {account_id}")
    s3_backends[account_id]["aws"].create_bucket(bucket, region)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    for key, value in MOTO_ENVIRONMENT.items():
        os.environ.setdefault(key, value)

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from werkzeug.serving import make_server
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    from . import patches

    applied = patches.apply()
    app = build_app()
    for account_id, bucket, region in args.buckets:
        create_bucket(account_id, bucket, region)

    server = make_server(HOST, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    port = server.server_port

    stopping = threading.Event()

    def stop(signum: int, _frame: Any) -> None:
        if not stopping.is_set():
            stopping.set()
            # shutdown() waits for serve_forever() to return, so it must not run on the
            # thread that is inside serve_forever (the main thread, where signals land).
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print(f"lq3-aws-emulator: moto patches {', '.join(applied)}; buckets "
          f"{', '.join(f'{a}:{b}' for a, b, _ in args.buckets) or 'none'}; "
          f"ready in {time.monotonic() - started:.1f}s", file=sys.stderr, flush=True)
    print(f"listening on http://{HOST}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    print("lq3-aws-emulator: stopped", file=sys.stderr, flush=True)
    return 0
