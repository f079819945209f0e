import { Testing, TerraformStack } from 'cdktf';
import { DailyBackup, type DailyBackupProps } from '../src';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

export const ACCOUNT = '222222222222';
export const DATABASE = `arn:aws:rds:eu-central-1:${ACCOUNT}:db:lq3-production01-mysql`;
export const BUCKET = `arn:aws:s3:::lq3-production01-exports-${ACCOUNT}`;
export const TOPIC = `arn:aws:sns:eu-central-1:${ACCOUNT}:lq3-production01-alarms`;
export const PROPS: DailyBackupProps = { name: 'lq3-production01', accountId: ACCOUNT, region: 'eu-central-1', rdsInstanceArns: [DATABASE], s3BucketArns: [BUCKET] };

/** The resources of a stack with one DailyBackup of PROPS overridden by `props`. */
export function synthBackup(props: Partial<DailyBackupProps> = {}): Resources {
  const stack = new TerraformStack(Testing.app(), 'test');
  new DailyBackup(stack, 'backup', { ...PROPS, ...props });
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}

export function all(resources: Resources, type: string): Record<string, unknown>[] {
  return Object.values(resources[type] ?? {});
}

/** The single resource of a type; fails when there are none or several. */
export function only(resources: Resources, type: string): Record<string, unknown> {
  const bodies = all(resources, type);
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
}
