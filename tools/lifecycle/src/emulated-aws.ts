/**
 * What an operator does by hand in AWS during an environment's life, done
 * against the emulator with boto3 (installed with moto in the emulator's venv):
 * take a manual snapshot of a base env's database before a parallel env restores it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SNAPSHOT = `
import boto3, sys
endpoint, account, instance, snapshot, region = sys.argv[1:6]
sts = boto3.client("sts", endpoint_url=endpoint, region_name=region, aws_access_key_id="lq3-emulator", aws_secret_access_key="lq3-emulator-secret")
credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/lq3-terraform", RoleSessionName="lq3-lifecycle")["Credentials"]
rds = boto3.client("rds", endpoint_url=endpoint, region_name=region, aws_access_key_id=credentials["AccessKeyId"],
                   aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
created = rds.create_db_snapshot(DBInstanceIdentifier=instance, DBSnapshotIdentifier=snapshot)["DBSnapshot"]
print(created["DBSnapshotArn"])
`;

/** Creates snapshot `snapshot` of `instance` in `account` (assuming the account's Terraform role); returns its ARN. */
export function createDbSnapshot(workspaceRoot: string, endpoint: string, account: string, instance: string, snapshot: string, region = 'eu-central-1'): string {
  const python = join(workspaceRoot, 'tools', 'aws-emulator', '.venv', 'bin', 'python');
  return execFileSync(python, ['-c', SNAPSHOT, endpoint, account, instance, snapshot, region], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}
