import { Token } from 'cdktf';
import type { DailyBackupProps } from './daily-backup';

/** AWS Backup keeps continuous backups (point-in-time recovery) for at most 35 days. */
export const MAX_CONTINUOUS_BACKUP_DAYS = 35;
/** AWS Backup's shortest grace time before a compliance-mode vault lock becomes immutable. */
export const MIN_CHANGEABLE_FOR_DAYS = 3;
/** Longest retention AWS Backup accepts (100 years). */
export const MAX_RETENTION_DAYS = 36500;

/**
 * Vault events AWS Backup still sends. `BACKUP_JOB_COMPLETED` carries the job's state
 * (COMPLETED, FAILED, ABORTED, EXPIRED) in the message; the older per-state events
 * (`BACKUP_JOB_FAILED`, ...) are deprecated and send nothing.
 */
export const VAULT_EVENTS = [
  'BACKUP_JOB_STARTED',
  'BACKUP_JOB_COMPLETED',
  'COPY_JOB_STARTED',
  'COPY_JOB_SUCCESSFUL',
  'COPY_JOB_FAILED',
  'RESTORE_JOB_STARTED',
  'RESTORE_JOB_COMPLETED',
  'RECOVERY_POINT_MODIFIED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
] as const;
export type VaultEvent = (typeof VAULT_EVENTS)[number];

const DEPRECATED_EVENTS = ['BACKUP_JOB_SUCCESSFUL', 'BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED', 'RESTORE_JOB_SUCCESSFUL', 'RESTORE_JOB_FAILED', 'BACKUP_PLAN_CREATED', 'BACKUP_PLAN_MODIFIED'];

/** Every job's end (failed or not), failed copies and per-object S3 failures, finished restores. */
export const DEFAULT_VAULT_EVENTS: readonly VaultEvent[] = ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'];

export interface DailyBackupSettings {
  readonly schedule: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly retentionDays: number;
  readonly continuousBackupDays?: number;
  readonly copyRetentionDays?: number;
  readonly notificationEvents: readonly string[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const RDS_INSTANCE_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:[a-z][a-z0-9-]{0,62}$/;
const S3_BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
/** AWS Backup's cron: six fields, `?` in day-of-month or day-of-week. */
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

const wholeIn = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
/** A literal the check can read (references to other resources are checked by AWS at apply). */
const literal = (value: string) => !Token.isUnresolved(value);

/** Defaults filled in; throws one error listing every problem. */
export function validateDailyBackupProps(props: DailyBackupProps): DailyBackupSettings {
  const retentionDays = props.retentionDays ?? 35;
  const startWindowMinutes = props.startWindowMinutes ?? 60;
  const settings: DailyBackupSettings = {
    schedule: props.schedule ?? 'cron(0 3 * * ? *)',
    startWindowMinutes,
    completionWindowMinutes: props.completionWindowMinutes ?? 480,
    retentionDays,
    ...(props.continuousBackupDays !== undefined ? { continuousBackupDays: props.continuousBackupDays } : {}),
    ...(props.copyTo ? { copyRetentionDays: props.copyTo.retentionDays ?? retentionDays } : {}),
    notificationEvents: props.notifications?.events ?? DEFAULT_VAULT_EVENTS,
  };
  const problems: string[] = [];
  // `<name>-backup` is the vault (2-50 characters) and the role (up to 64).
  if (!/^[a-z0-9][a-z0-9-]{0,41}[a-z0-9]$/.test(props.name)) problems.push(`name "${props.name}" must be 2-43 lower-case letters, digits or hyphens (the vault is <name>-backup, at most 50)`);
  if (!/^\d{12}$/.test(props.accountId)) problems.push(`accountId "${props.accountId}" must be the 12-digit account id`);
  if (!REGION.test(props.region)) problems.push(`region "${props.region}" must be a region name like eu-central-1`);

  const rds = props.rdsInstanceArns ?? [];
  const buckets = props.s3BucketArns ?? [];
  if (rds.length + buckets.length === 0) problems.push('nothing to back up: give rdsInstanceArns or s3BucketArns');
  for (const arn of rds.filter(literal)) {
    if (!RDS_INSTANCE_ARN.test(arn)) problems.push(`rdsInstanceArns: "${arn}" is not an RDS instance ARN (arn:aws:rds:<region>:<account>:db:<identifier>)`);
  }
  for (const arn of buckets.filter(literal)) {
    if (!S3_BUCKET_ARN.test(arn)) problems.push(`s3BucketArns: "${arn}" is not an S3 bucket ARN (arn:aws:s3:::<bucket>)`);
  }

  if (!CRON.test(settings.schedule)) problems.push(`schedule "${settings.schedule}" must be an AWS Backup cron expression with six fields, e.g. cron(0 3 * * ? *)`);
  if (!wholeIn(startWindowMinutes, 60, 10080)) problems.push(`startWindowMinutes must be a whole number from 60 (AWS Backup's minimum) to 10080, got ${startWindowMinutes}`);
  if (!wholeIn(settings.completionWindowMinutes, startWindowMinutes + 60, 99999)) {
    problems.push(`completionWindowMinutes must be at least startWindowMinutes + 60 (${startWindowMinutes + 60}), got ${settings.completionWindowMinutes}`);
  }
  if (!wholeIn(retentionDays, 1, MAX_RETENTION_DAYS)) problems.push(`retentionDays must be a whole number from 1 to ${MAX_RETENTION_DAYS}, got ${retentionDays}`);
  const continuous = settings.continuousBackupDays;
  if (continuous !== undefined && !wholeIn(continuous, 1, MAX_CONTINUOUS_BACKUP_DAYS)) {
    problems.push(`continuousBackupDays must be a whole number from 1 to ${MAX_CONTINUOUS_BACKUP_DAYS} (AWS Backup keeps point-in-time recovery at most ${MAX_CONTINUOUS_BACKUP_DAYS} days), got ${continuous}`);
  }

  const lock = props.vaultLock;
  if (lock) {
    const { minRetentionDays, maxRetentionDays, changeableForDays } = lock;
    if (!wholeIn(minRetentionDays, 1, MAX_RETENTION_DAYS)) problems.push(`vaultLock.minRetentionDays must be a whole number from 1, got ${minRetentionDays}`);
    if (!wholeIn(maxRetentionDays, minRetentionDays, MAX_RETENTION_DAYS)) problems.push(`vaultLock.maxRetentionDays must be a whole number from minRetentionDays (${minRetentionDays}) to ${MAX_RETENTION_DAYS}, got ${maxRetentionDays}`);
    // The vault refuses every recovery point whose retention is outside the lock's range.
    for (const [what, days] of [['retentionDays', retentionDays], ['continuousBackupDays', continuous]] as const) {
      if (days !== undefined && (days < minRetentionDays || days > maxRetentionDays)) {
        problems.push(`${what} ${days} is outside vaultLock's ${minRetentionDays}-${maxRetentionDays} days: the locked vault would refuse those backups`);
      }
    }
    if (changeableForDays !== undefined && !wholeIn(changeableForDays, MIN_CHANGEABLE_FOR_DAYS, 36500)) {
      problems.push(`vaultLock.changeableForDays must be a whole number of at least ${MIN_CHANGEABLE_FOR_DAYS} (AWS Backup's minimum grace time), got ${changeableForDays}`);
    }
  }

  if (props.copyTo) {
    if (!REGION.test(props.copyTo.region)) problems.push(`copyTo.region "${props.copyTo.region}" must be a region name like eu-west-1`);
    else if (props.copyTo.region === props.region) problems.push(`copyTo.region must be another region than the vault's own (${props.region})`);
    if (!wholeIn(settings.copyRetentionDays!, 1, MAX_RETENTION_DAYS)) problems.push(`copyTo.retentionDays must be a whole number from 1 to ${MAX_RETENTION_DAYS}, got ${settings.copyRetentionDays}`);
  }

  if (props.notifications) {
    if (literal(props.notifications.topicArn) && !SNS_TOPIC_ARN.test(props.notifications.topicArn)) problems.push(`notifications.topicArn "${props.notifications.topicArn}" is not an SNS topic ARN`);
    if (settings.notificationEvents.length === 0) problems.push('notifications.events is empty; leave notifications out instead');
    for (const event of settings.notificationEvents) {
      if (DEPRECATED_EVENTS.includes(event)) problems.push(`notifications.events: ${event} is deprecated and never sent; use BACKUP_JOB_COMPLETED (its message carries the state)`);
      else if (!(VAULT_EVENTS as readonly string[]).includes(event)) problems.push(`notifications.events: ${event} is not a vault event (${VAULT_EVENTS.join(', ')})`);
    }
  }
  if (problems.length > 0) throw new Error(`DailyBackup ${props.name}: ${problems.join('; ')}`);
  return settings;
}
