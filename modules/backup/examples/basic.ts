/**
 * Production's database and exports bucket: daily snapshots kept 35 days,
 * 35 days of point-in-time recovery, a compliance-mode vault lock, copies in
 * eu-west-1 and failed jobs in the alarm topic. Type-checked by the module's
 * `typecheck` target.
 */
import { App, TerraformStack } from 'cdktf';
import { DailyBackup } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'backup-example');

new DailyBackup(stack, 'backup', {
  name: 'lq3-production01',
  accountId: '222222222222',
  region: 'eu-central-1',
  rdsInstanceArns: ['arn:aws:rds:eu-central-1:222222222222:db:lq3-production01-mysql'],
  s3BucketArns: ['arn:aws:s3:::lq3-production01-exports-222222222222'],
  retentionDays: 35,
  continuousBackupDays: 35,
  vaultLock: { minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
  copyTo: { region: 'eu-west-1', retentionDays: 14 },
  notifications: { topicArn: 'arn:aws:sns:eu-central-1:222222222222:lq3-production01-alarms' },
});

app.synth();
