import { BackupPlan, type BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { validateDailyBackupProps, type VaultEvent } from './validation';

export interface DailyBackupVaultLock {
  /** Shortest retention a recovery point in the vault may have; every rule's retention must be at least this. */
  readonly minRetentionDays: number;
  /** Longest retention a recovery point in the vault may have. */
  readonly maxRetentionDays: number;
  /**
   * Days the lock can still be changed or removed; after them it is immutable (compliance
   * mode: nobody, root included, can delete a recovery point early or the vault while it
   * holds any). At least 3.
   * @default none: governance mode, removable by whoever may call DeleteBackupVaultLockConfiguration
   */
  readonly changeableForDays?: number;
}

export interface DailyBackupCopy {
  /** Region of the second vault (another than `region`); created through the AWS provider's per-resource `region` (provider 6). */
  readonly region: string;
  /**
   * Days the copies are kept.
   * @default retentionDays
   */
  readonly retentionDays?: number;
}

export interface DailyBackupNotifications {
  /** SNS topic of the vault's events; its policy must let `backup.amazonaws.com` publish (and its key, if any, be usable by it). */
  readonly topicArn: string;
  /**
   * Vault events sent to the topic.
   * @default BACKUP_JOB_COMPLETED (its state says FAILED, ABORTED or EXPIRED), COPY_JOB_FAILED, RESTORE_JOB_COMPLETED, S3_BACKUP_OBJECT_FAILED, S3_RESTORE_OBJECT_FAILED
   */
  readonly events?: readonly VaultEvent[];
}

export interface DailyBackupProps {
  /** Name prefix, e.g. `lq3-production01`: the vault and role are `<name>-backup`, the plan `<name>-daily`. */
  readonly name: string;
  /** 12-digit id of the account (key policy). */
  readonly accountId: string;
  /** Region of the vault, the key and the protected resources. */
  readonly region: string;
  /**
   * RDS DB instances to back up, by ARN.
   * @default none
   */
  readonly rdsInstanceArns?: readonly string[];
  /**
   * S3 buckets to back up, by ARN (they need versioning; AWS Backup's S3 policies are attached).
   * @default none
   */
  readonly s3BucketArns?: readonly string[];
  /**
   * When the daily backup starts: AWS Backup cron, UTC unless `scheduleTimezone`. Keep it an hour clear of the RDS backup window.
   * @default cron(0 3 * * ? *) (03:00 UTC)
   */
  readonly schedule?: string;
  /**
   * IANA time zone `schedule` is read in.
   * @default UTC
   */
  readonly scheduleTimezone?: string;
  /** @default 60 (minutes a job may wait to start; AWS Backup's minimum) */
  readonly startWindowMinutes?: number;
  /** @default 480 (minutes a job may run before it is cancelled) */
  readonly completionWindowMinutes?: number;
  /**
   * Days a daily snapshot is kept.
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * Continuous backup (point-in-time recovery) kept for this many days, 1-35. For RDS,
   * AWS Backup then manages the instance's automated backups: their retention becomes this.
   * @default none (daily snapshots only)
   */
  readonly continuousBackupDays?: number;
  /**
   * Vault lock (`aws_backup_vault_lock_configuration`).
   * @default none
   */
  readonly vaultLock?: DailyBackupVaultLock;
  /**
   * Copy each daily snapshot to a vault in a second region.
   * @default none
   */
  readonly copyTo?: DailyBackupCopy;
  /**
   * Vault notifications to an SNS topic.
   * @default none
   */
  readonly notifications?: DailyBackupNotifications;
}

/** AWS managed policies the selection role gets: backups and restores, S3's included. */
export const BACKUP_ROLE_POLICIES = [
  'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
  'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
  'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
  'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
] as const;

/**
 * AWS Backup for a set of RDS instances and S3 buckets: a vault encrypted with its own
 * rotating key, a daily plan (snapshots kept `retentionDays`, plus continuous backup for
 * point-in-time recovery when `continuousBackupDays` is set), the selection with a role
 * holding AWS's backup and restore policies, and optionally a vault lock, a copy to a
 * second region's vault and notifications of the vault's events.
 */
export class DailyBackup extends Construct {
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly planId: string;
  readonly roleArn: string;
  readonly kmsKeyArn: string;
  /** The second region's vault, when `copyTo` is set. */
  readonly copyVaultArn?: string;

  constructor(scope: Construct, id: string, props: DailyBackupProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const settings = validateDailyBackupProps(props);
    const vaultName = `${props.name}-backup`;

    const key = this.vaultKey('key', props, props.region, `AWS Backup vault ${vaultName}`);
    const vault = new BackupVault(this, 'vault', { name: vaultName, kmsKeyArn: key.arn, forceDestroy: false });
    if (props.vaultLock) {
      new BackupVaultLockConfiguration(this, 'vault-lock', {
        backupVaultName: vault.name,
        minRetentionDays: props.vaultLock.minRetentionDays,
        maxRetentionDays: props.vaultLock.maxRetentionDays,
        ...(props.vaultLock.changeableForDays !== undefined ? { changeableForDays: props.vaultLock.changeableForDays } : {}),
      });
    }

    let copyVault: BackupVault | undefined;
    if (props.copyTo) {
      const region = props.copyTo.region;
      const copyKey = this.vaultKey('copy-key', props, region, `AWS Backup vault ${vaultName} (copies from ${props.region})`);
      copyVault = new BackupVault(this, 'copy-vault', { region, name: vaultName, kmsKeyArn: copyKey.arn, forceDestroy: false });
    }

    const timing = {
      targetVaultName: vault.name,
      schedule: settings.schedule,
      ...(props.scheduleTimezone ? { scheduleExpressionTimezone: props.scheduleTimezone } : {}),
      startWindow: settings.startWindowMinutes,
      completionWindow: settings.completionWindowMinutes,
    };
    const rules: BackupPlanRule[] = [
      {
        ruleName: 'daily',
        ...timing,
        lifecycle: { deleteAfter: settings.retentionDays },
        ...(copyVault ? { copyAction: [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: settings.copyRetentionDays! } }] } : {}),
      },
    ];
    if (settings.continuousBackupDays !== undefined) {
      rules.push({ ruleName: 'continuous', ...timing, enableContinuousBackup: true, lifecycle: { deleteAfter: settings.continuousBackupDays } });
    }
    const plan = new BackupPlan(this, 'plan', { name: `${props.name}-daily`, rule: rules });

    const role = new IamRole(this, 'role', {
      name: vaultName,
      description: `AWS Backup backs up and restores the resources of ${props.name}-daily`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'backup.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
        ],
      }),
    });
    const attachments = BACKUP_ROLE_POLICIES.map(
      (policyArn) => new IamRolePolicyAttachment(this, `role-${policyArn.slice(policyArn.lastIndexOf('/') + 1)}`, { role: role.name, policyArn }),
    );
    new BackupSelection(this, 'selection', {
      name: `${props.name}-resources`,
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: [...(props.rdsInstanceArns ?? []), ...(props.s3BucketArns ?? [])],
      // AWS Backup checks the role's permissions when the selection is created.
      dependsOn: attachments,
    });

    if (props.notifications) {
      new BackupVaultNotifications(this, 'notifications', {
        backupVaultName: vault.name,
        snsTopicArn: props.notifications.topicArn,
        backupVaultEvents: [...settings.notificationEvents],
      });
    }

    this.vaultName = vault.name;
    this.vaultArn = vault.arn;
    this.planId = plan.id;
    this.roleArn = role.arn;
    this.kmsKeyArn = key.arn;
    if (copyVault) this.copyVaultArn = copyVault.arn;
  }

  /** A rotating key for a vault: the account administers it, AWS Backup uses it for this account only. */
  private vaultKey(id: string, props: DailyBackupProps, region: string, description: string): KmsKey {
    const inOtherRegion = region !== props.region ? { region } : {};
    const key = new KmsKey(this, id, {
      ...inOtherRegion,
      description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(vaultKeyPolicy(props.accountId)),
    });
    new KmsAlias(this, `${id}-alias`, { ...inOtherRegion, name: `alias/${props.name}-backup`, targetKeyId: key.keyId });
    return key;
  }
}

function vaultKeyPolicy(accountId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AwsBackupEncryptsRecoveryPoints',
        Effect: 'Allow',
        Principal: { Service: 'backup.amazonaws.com' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}
