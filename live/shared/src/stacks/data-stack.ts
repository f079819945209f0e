import { DailyBackup } from '@lq3/backup';
import { RdsReplicaPair, type RdsAlarmThresholds } from '@lq3/rds-replica-pair';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { backupOf } from '../backup-config';
import { DatabaseSchedule } from '../constructs/database-schedule';
import { databaseStopsWhenIdle } from '../copy-environments';
import type { Environment } from '../environment';
import { databaseIdentifier } from '../environment-references';
import { EnvironmentStack } from '../environment-stack';
import { DATABASE_BACKUP_WINDOW, DATABASE_MAINTENANCE_WINDOW, extendedSupportOf } from '../environment-rules';
import { LOG_RETENTION_DAYS } from '../organisation';
import type { NetworkStack } from './network-stack';

/**
 * Data unit: the MySQL writer and its replicas, and a base env's AWS Backup plan of
 * them and the exports bucket (ADR 0016). Parallel envs restore theirs from the
 * latest snapshot of the base env's database; a newer snapshot never replaces the copy,
 * only a changed `database.refreshToken` does. Kept while the env is disabled.
 */
export class DataStack extends EnvironmentStack {
  readonly database: RdsReplicaPair;
  /** The env's backup plan; copies have none. */
  readonly backup?: DailyBackup;

  constructor(scope: Construct, environment: Environment, network: NetworkStack, exportsBucketName: string) {
    super(scope, environment, 'data');
    const db = environment.database;
    const backup = backupOf(environment);
    this.database = this.fromField('database', () => new RdsReplicaPair(this, 'mysql', {
      // `lq3-<env>-mysql`: copies name their source database this way in env.yaml.
      identifier: databaseIdentifier(environment.name),
      engineVersion: db.engineVersion,
      autoMinorVersionUpgrade: db.autoMinorVersionUpgrade,
      extendedSupport: extendedSupportOf(db),
      instanceClass: db.instanceClass,
      allocatedStorageGb: db.allocatedStorageGb,
      maxAllocatedStorageGb: db.allocatedStorageGb * 4,
      vpcId: network.network.vpcId,
      dbSubnetGroupName: network.network.dbSubnetGroupName,
      multiAz: db.multiAz,
      readReplicas: db.readReplicas,
      // With continuous backup AWS Backup sets the retention to its own; the same value keeps plans clean.
      backupRetentionDays: backup?.continuousBackupDays ?? db.backupRetentionDays,
      backupWindow: DATABASE_BACKUP_WINDOW,
      maintenanceWindow: DATABASE_MAINTENANCE_WINDOW,
      deletionProtection: db.deletionProtection,
      // A copy that may be thrown away needs no final snapshot; everything else keeps one.
      finalSnapshot: !environment.disposable.data,
      // Point-in-time backups outlive a deleted database, except a disposable copy's.
      deleteAutomatedBackups: environment.disposable.data,
      // A restored copy starts at the snapshot's version; upgrading it is what parallel-back is for.
      allowMajorVersionUpgrade: db.allowMajorVersionUpgrade || db.restoreFromLatestSnapshotOf !== undefined,
      // Copies change at once (nobody waits for their maintenance window), and so does a major
      // upgrade: its old parameter group is deleted in the same apply.
      applyImmediately: environment.role === 'copy' || db.allowMajorVersionUpgrade,
      alarmTopicArn: network.alarmTopic.topicArn,
      alarmThresholds: databaseAlarmThresholds(environment),
      logRetentionDays: LOG_RETENTION_DAYS,
      // Replicas keep backups of their own, so a promoted replica has point-in-time restore too.
      replicaBackupRetentionDays: db.readReplicas > 0 ? Math.min(db.backupRetentionDays, 7) : 0,
      ...(db.restoreFromLatestSnapshotOf ? { restoreFrom: { latestSnapshotOf: db.restoreFromLatestSnapshotOf } } : {}),
      ...(db.refreshToken ? { refreshToken: db.refreshToken } : {}),
    }));
    if (backup) {
      const { awsAccount, region } = environment;
      this.backup = this.fromField('backup', () => new DailyBackup(this, 'backup', {
        name: this.name(),
        accountId: awsAccount.id,
        region,
        // The writer: replicas are rebuilt from it, and a restore starts from it.
        rdsInstanceArns: [this.database.writer.arn],
        s3BucketArns: [`arn:aws:s3:::${exportsBucketName}`],
        schedule: backup.schedule,
        ...(backup.timezone !== 'UTC' ? { scheduleTimezone: backup.timezone } : {}),
        retentionDays: backup.retentionDays,
        continuousBackupDays: backup.continuousBackupDays,
        ...(backup.vaultLock ? { vaultLock: backup.vaultLock } : {}),
        ...(backup.copyToRegion ? { copyTo: { region: backup.copyToRegion } } : {}),
        notifications: { topicArn: network.alarmTopic.topicArn },
      }));
    }
    if (this.database.restoredFromSnapshotArn) {
      // Which snapshot of the base this copy holds: fixed until the next refresh.
      new TerraformOutput(this, 'restored-from-snapshot', { value: this.database.restoredFromSnapshotArn, description: 'Snapshot of the base env this copy was restored from' });
    }
    if (databaseStopsWhenIdle(environment)) {
      // A copy's database runs in office hours only, and stays stopped while the env is off (ADR 0013).
      new DatabaseSchedule(this, 'mysql-schedule', {
        name: databaseIdentifier(environment.name),
        dbInstanceIdentifier: databaseIdentifier(environment.name),
        dbInstanceArn: this.database.writer.arn,
        accountId: environment.awsAccount.id,
        kmsKeyArn: network.key.keyArn,
        ...(environment.enabled && environment.officeHours ? { officeHours: environment.officeHours } : {}),
      });
    }
  }
}

/** The thresholds of env.yaml's `monitoring.alarms`; the module's own defaults where env.yaml leaves them out. */
function databaseAlarmThresholds(environment: Environment): RdsAlarmThresholds {
  const alarms = environment.monitoring.alarms;
  return {
    cpuPercent: alarms.databaseCpu.threshold,
    replicaLagSeconds: alarms.replicaLag.threshold,
    ...(alarms.databaseFreeStorage.threshold !== undefined ? { freeStorageGb: alarms.databaseFreeStorage.threshold } : {}),
    ...(alarms.databaseConnections.threshold !== undefined ? { connections: alarms.databaseConnections.threshold } : {}),
  };
}
