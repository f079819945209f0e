import { BACKUP_ROLE_POLICIES } from '../src';
import { ACCOUNT, all, BUCKET, DATABASE, only, synthBackup, TOPIC } from './helpers';

type Rule = { rule_name: string; schedule: string; lifecycle: { delete_after: number }; enable_continuous_backup?: boolean; copy_action?: unknown[] };
const rules = (resources: ReturnType<typeof synthBackup>) => (only(resources, 'aws_backup_plan') as { rule: Rule[] }).rule;

describe('DailyBackup', () => {
  const resources = synthBackup();

  test('a vault encrypted with its own rotating key, never force-destroyed', () => {
    const vault = only(resources, 'aws_backup_vault');
    expect(vault).toMatchObject({ name: 'lq3-production01-backup', force_destroy: false });
    expect(vault['kms_key_arn']).toMatch(/aws_kms_key\.backup_key_[0-9A-F]+\.arn/);
    expect(only(resources, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(only(resources, 'aws_kms_alias')).toMatchObject({ name: 'alias/lq3-production01-backup' });
  });

  test('the key policy lets AWS Backup of this account use the key', () => {
    const policy = JSON.parse(only(resources, 'aws_kms_key')['policy'] as string) as { Statement: { Sid: string; Principal: unknown; Condition?: unknown }[] };
    const backup = policy.Statement.find((statement) => statement.Sid === 'AwsBackupEncryptsRecoveryPoints');
    expect(backup).toMatchObject({ Principal: { Service: 'backup.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
  });

  test('a daily rule at 03:00 UTC keeping snapshots 35 days; no continuous backup unless asked', () => {
    expect(only(resources, 'aws_backup_plan')['name']).toBe('lq3-production01-daily');
    expect(rules(resources)).toEqual([
      { rule_name: 'daily', target_vault_name: expect.stringContaining('aws_backup_vault') as unknown, schedule: 'cron(0 3 * * ? *)', start_window: 60, completion_window: 480, lifecycle: { delete_after: 35 } },
    ]);
  });

  test('continuous backup for point-in-time recovery is a second rule', () => {
    const continuous = rules(synthBackup({ continuousBackupDays: 14 })).find((rule) => rule.rule_name === 'continuous');
    expect(continuous).toMatchObject({ enable_continuous_backup: true, lifecycle: { delete_after: 14 }, schedule: 'cron(0 3 * * ? *)' });
  });

  test('the selection names the database and the bucket, through a role with the backup and restore policies', () => {
    expect(only(resources, 'aws_backup_selection')).toMatchObject({ name: 'lq3-production01-resources', resources: [DATABASE, BUCKET] });
    expect(all(resources, 'aws_iam_role_policy_attachment').map((attachment) => attachment['policy_arn'])).toEqual([...BACKUP_ROLE_POLICIES]);
    const trust = JSON.parse(only(resources, 'aws_iam_role')['assume_role_policy'] as string) as { Statement: unknown[] };
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
    ]);
  });

  test('no lock, copy or notifications unless asked', () => {
    expect(resources['aws_backup_vault_lock_configuration']).toBeUndefined();
    expect(resources['aws_backup_vault_notifications']).toBeUndefined();
    expect(all(resources, 'aws_backup_vault')).toHaveLength(1);
  });

  test('vault lock in compliance mode', () => {
    const locked = synthBackup({ vaultLock: { minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 } });
    expect(only(locked, 'aws_backup_vault_lock_configuration')).toMatchObject({ min_retention_days: 7, max_retention_days: 365, changeable_for_days: 3 });
  });

  test('a copy to a vault with its own key in the second region, through the per-resource region', () => {
    const copied = synthBackup({ copyTo: { region: 'eu-west-1', retentionDays: 14 } });
    const vaults = all(copied, 'aws_backup_vault');
    expect(vaults.map((vault) => vault['region']).sort()).toEqual(['eu-west-1', undefined]);
    expect(all(copied, 'aws_kms_key').map((key) => key['region']).sort()).toEqual(['eu-west-1', undefined]);
    const [daily] = rules(copied);
    expect(daily.copy_action).toEqual([{ destination_vault_arn: expect.stringContaining('aws_backup_vault.backup_copy-vault') as unknown, lifecycle: { delete_after: 14 } }]);
  });

  test('vault events to the topic: every completed job (its state says whether it failed), failed copies and objects', () => {
    const notified = synthBackup({ notifications: { topicArn: TOPIC } });
    expect(only(notified, 'aws_backup_vault_notifications')).toMatchObject({
      sns_topic_arn: TOPIC,
      backup_vault_events: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'],
    });
  });
});
