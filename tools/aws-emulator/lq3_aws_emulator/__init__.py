"""LQ3 AWS emulator: moto on 127.0.0.1 made fit for the Terraform AWS provider.

Run ``python -m lq3_aws_emulator --port 0`` from tools/aws-emulator (or bin/lq3-aws-emulator).
"""
