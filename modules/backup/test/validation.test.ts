import type { DailyBackupProps, VaultEvent } from '../src';
import { synthBackup } from './helpers';

const refused = (props: Partial<DailyBackupProps>) => () => synthBackup(props);

describe('DailyBackup validation', () => {
  test.each<[string, Partial<DailyBackupProps>, RegExp]>([
    ['a name too long for the vault', { name: 'x'.repeat(44) }, /name "x+" must be 2-43 lower-case/],
    ['an account id', { accountId: '1234' }, /accountId "1234" must be the 12-digit account id/],
    ['nothing to back up', { rdsInstanceArns: [], s3BucketArns: [] }, /nothing to back up/],
    ['a cluster ARN', { rdsInstanceArns: ['arn:aws:rds:eu-central-1:222222222222:cluster:x'] }, /rdsInstanceArns: .* is not an RDS instance ARN/],
    ['a bucket name for an ARN', { s3BucketArns: ['lq3-exports'] }, /s3BucketArns: "lq3-exports" is not an S3 bucket ARN/],
    ['a rate schedule', { schedule: 'rate(1 day)' }, /schedule "rate\(1 day\)" must be an AWS Backup cron expression/],
    ['a start window under an hour', { startWindowMinutes: 30 }, /startWindowMinutes must be a whole number from 60/],
    ['a completion window too close to the start', { completionWindowMinutes: 90 }, /completionWindowMinutes must be at least startWindowMinutes \+ 60 \(120\)/],
    ['zero retention', { retentionDays: 0 }, /retentionDays must be a whole number from 1/],
    ['point-in-time recovery over 35 days', { continuousBackupDays: 36 }, /continuousBackupDays must be a whole number from 1 to 35/],
    ['a lock shorter than a rule', { continuousBackupDays: 5, vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 } }, /continuousBackupDays 5 is outside vaultLock's 7-365 days/],
    ['a lock whose max is below the retention', { retentionDays: 400, vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 } }, /retentionDays 400 is outside vaultLock's 7-365 days/],
    ['a lock max below its min', { vaultLock: { minRetentionDays: 30, maxRetentionDays: 20 } }, /vaultLock.maxRetentionDays must be a whole number from minRetentionDays \(30\)/],
    ['a lock grace time under 3 days', { vaultLock: { minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 1 } }, /vaultLock.changeableForDays must be a whole number of at least 3/],
    ['a copy to the same region', { copyTo: { region: 'eu-central-1' } }, /copyTo.region must be another region than the vault's own \(eu-central-1\)/],
    ['a topic that is no SNS ARN', { notifications: { topicArn: 'lq3-alarms' } }, /notifications.topicArn "lq3-alarms" is not an SNS topic ARN/],
    ['a deprecated event', { notifications: { topicArn: 'arn:aws:sns:eu-central-1:222222222222:t', events: ['BACKUP_JOB_FAILED' as VaultEvent] } }, /BACKUP_JOB_FAILED is deprecated and never sent; use BACKUP_JOB_COMPLETED/],
  ])('refuses %s', (_what, props, message) => {
    expect(refused(props)).toThrow(message);
  });

  test('names the construct and lists every problem in one error', () => {
    expect(refused({ retentionDays: 0, continuousBackupDays: 40 })).toThrow(/^DailyBackup lq3-production01: retentionDays .*; continuousBackupDays /);
  });
});
