import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsDbSnapshot } from '@cdktf/provider-aws/lib/data-aws-db-snapshot';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSnapshotCopy } from '@cdktf/provider-aws/lib/db-snapshot-copy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { DataResource, Fn, Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { estimatedMaxConnections, isValidInstanceClass, supportsPerformanceInsights } from './instance-class';
import { durationMinutes, parseBackupWindow, parseMaintenanceWindow, windowsOverlap } from './windows';

/** Where a restored copy comes from. */
export type RestoreFrom =
  /** A specific DB snapshot (identifier or ARN). */
  | { snapshotIdentifier: string }
  /** The newest snapshot (automated or manual) of this DB instance identifier. */
  | { latestSnapshotOf: string };

/** Thresholds of the CloudWatch alarms; each alarm fires after sustained breach. */
export interface RdsAlarmThresholds {
  /**
   * Average CPU utilisation, percent, over 15 minutes.
   * @default 80
   */
  readonly cpuPercent?: number;
  /**
   * Free storage below this many GiB.
   * @default 10% of allocatedStorageGb, at least 2
   */
  readonly freeStorageGb?: number;
  /**
   * Replica lag above this many seconds for 5 minutes (each replica).
   * @default 60
   */
  readonly replicaLagSeconds?: number;
  /**
   * Database connections above this count for 15 minutes (writer).
   * @default 80% of the class's default max_connections (memory / 12582880); required for classes the module cannot size
   */
  readonly connections?: number;
}

export interface RdsReplicaPairProps {
  /** DB instance identifier of the writer; replicas are `<identifier>-replica-<n>`. Lowercase letters, digits, hyphens; at most 48 characters. */
  readonly identifier: string;
  /**
   * MySQL engine version, `8.0`/`8.4` or a full `8.0.x`/`8.4.x`. Prefer the
   * major.minor form with auto minor upgrades, so RDS's upgrades do not show
   * as drift. The parameter group family (mysql8.0 / mysql8.4) follows it.
   */
  readonly engineVersion: string;
  /** Instance class of the writer, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  /**
   * Instance class of the read replicas.
   * @default instanceClass
   */
  readonly replicaInstanceClass?: string;
  /** Initial gp3 storage in GiB (at least 20). */
  readonly allocatedStorageGb: number;
  /**
   * Upper bound for storage autoscaling in GiB; must exceed allocatedStorageGb.
   * @default no storage autoscaling
   */
  readonly maxAllocatedStorageGb?: number;
  /** VPC of the DB subnet group; the security groups are created in it. */
  readonly vpcId: string;
  /** Existing DB subnet group (private subnets). */
  readonly dbSubnetGroupName: string;
  /**
   * Further security groups admitted on 3306, besides `clientSecurityGroup`.
   * @default none
   */
  readonly allowedSecurityGroupIds?: string[];
  /** Standby in a second AZ for the writer. */
  readonly multiAz: boolean;
  /** Number of same-region read replicas (0 or more). */
  readonly readReplicas: number;
  /** Days of automated backups (point-in-time restore), 0..35; at least 1 when there are replicas. */
  readonly backupRetentionDays: number;
  /** Daily backup window, UTC, `hh24:mi-hh24:mi`, at least 30 minutes. */
  readonly backupWindow: string;
  /** Weekly maintenance window, UTC, `ddd:hh24:mi-ddd:hh24:mi`; must not overlap the backup window. */
  readonly maintenanceWindow: string;
  /** Refuse deletion of the writer and replicas until switched off. */
  readonly deletionProtection: boolean;
  /**
   * Take a final snapshot when the writer is deleted.
   * @default true
   */
  readonly finalSnapshot?: boolean;
  /**
   * Performance Insights (7 days, free tier), encrypted with the module's key.
   * Not available on db.t*.micro/small; enabling it there is an error.
   * @default true where the instance class supports it
   */
  readonly performanceInsights?: boolean;
  /**
   * Enhanced monitoring interval: 0 (off), 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Retention of the error and slow query log groups, in days (a CloudWatch Logs value).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Let RDS apply minor engine upgrades in the maintenance window. Needs the
   * major.minor `engineVersion` (`8.0`): a full version would be downgraded by the
   * next plan after each of RDS's upgrades.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Enrol the writer in RDS Extended Support (`engine_lifecycle_support`), which AWS
   * bills per vCPU-hour once the major version is past standard support. Off, RDS
   * upgrades the major version at the end of standard support instead; a version
   * already past it (MySQL 8.0 since 2026-07-31) cannot be created without it.
   * @default false
   */
  readonly extendedSupport?: boolean;
  /**
   * Accept IAM database authentication tokens besides passwords, so apps and people
   * can connect with short-lived credentials instead of the master secret.
   * @default true
   */
  readonly iamAuthentication?: boolean;
  /**
   * Certificate authority of the instances' server certificates, pinned so a change of
   * AWS's default CA never rotates it unannounced; clients verify against the RDS
   * global bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem).
   * @default 'rds-ca-rsa2048-g1'
   */
  readonly caCertIdentifier?: string;
  /**
   * Allow changing engineVersion across majors (8.0 -> 8.4).
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Apply modifications now instead of in the next maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Master user name of a new database (the password is generated and kept
   * in Secrets Manager by RDS). Not allowed with restoreFrom: a copy keeps the
   * snapshot's user.
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
  /**
   * Initial database (schema) of a new database. Not allowed with restoreFrom.
   * @default none
   */
  readonly databaseName?: string;
  /**
   * Extra or overriding DB parameters (name -> value), applied `pending-reboot`
   * (safe for static and dynamic parameters).
   * @default none
   */
  readonly parameters?: Record<string, string>;
  /**
   * Backup retention of each replica, in days (replicas of MySQL can keep their own backups).
   * @default 0
   */
  readonly replicaBackupRetentionDays?: number;
  /**
   * SNS topic for CPU, free storage, connections and replica lag alarms.
   * @default no alarms
   */
  readonly alarmTopicArn?: string;
  /**
   * Alarm thresholds.
   * @default see RdsAlarmThresholds
   */
  readonly alarmThresholds?: RdsAlarmThresholds;
  /**
   * Restore mode: create the writer from a snapshot. A newer snapshot
   * appearing never replaces the database; change refreshToken to do so.
   * @default a new, empty database
   */
  readonly restoreFrom?: RestoreFrom;
  /**
   * Restore mode only: any change of this value replaces the writer and its
   * replicas with a fresh restore of the (then) selected snapshot.
   * @default '' (no refresh requested yet)
   */
  readonly refreshToken?: string;
  /**
   * Delete the writer's automated backups (point-in-time restore) with it. Off, they
   * stay until their retention ends, so a deleted database can still be restored.
   * @default false
   */
  readonly deleteAutomatedBackups?: boolean;
}

const PORT = 3306;
const MAX_STORAGE_GB = 65536;
const LOG_EXPORTS = ['error', 'slowquery'];
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,47}(?<!-)$/;
const ENGINE_VERSION = /^8\.(0|4)(\.\d+)?$/;
// MySQL 8.x: the slow query log is only exported when written to a file, and
// clients must use TLS.
const DEFAULT_PARAMETERS: Record<string, string> = {
  slow_query_log: '1',
  long_query_time: '2',
  log_output: 'FILE',
  require_secure_transport: '1',
};

/**
 * A MySQL writer and 0..n same-region read replicas on RDS: security groups,
 * parameter group, KMS key, RDS-managed master secret, backups, monitoring,
 * log groups with retention, alarms, and a restore-from-snapshot mode for
 * disposable copies.
 */
export class RdsReplicaPair extends Construct {
  /** `address:port` of the writer. */
  readonly writerEndpoint: string;
  /** Host name of the writer. */
  readonly writerAddress: string;
  /** `address:port` of each replica, in replica order. */
  readonly readerEndpoints: string[];
  /** Host names of the replicas, in replica order. */
  readonly readerAddresses: string[];
  /** The first replica's `address:port`, or the writer's when there are no replicas. */
  readonly readerEndpoint: string;
  /** The first replica's host name, or the writer's when there are no replicas. */
  readonly readerAddress: string;
  /** ARN of the RDS-managed master user secret (encrypted with kmsKeyArn). */
  readonly secretArn: string;
  /** Security group of the DB instances. */
  readonly securityGroupId: string;
  /** Attach this (rule-less) group to clients; the database admits it on 3306. */
  readonly clientSecurityGroupId: string;
  /** The module's customer-managed key (storage of new databases, secret, logs, Performance Insights). */
  readonly kmsKeyArn: string;
  /** Restore mode: ARN of the snapshot the copy was restored from (fixed until the next refresh). */
  readonly restoredFromSnapshotArn?: string;
  readonly port: number = PORT;
  readonly writer: DbInstance;
  readonly replicas: DbInstance[];
  private readonly arnPrefix: string;

  constructor(scope: Construct, id: string, props: RdsReplicaPairProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const settings = validate(props);
    const { identifier } = props;

    const partition = new DataAwsPartition(this, 'partition');
    const region = new DataAwsRegion(this, 'region');
    const account = new DataAwsCallerIdentity(this, 'account');
    this.arnPrefix = `arn:${partition.partition}:rds-db:${region.region}:${account.accountId}`;

    const key = new KmsKey(this, 'key', {
      description: `RDS ${identifier}: storage, master secret, logs, Performance Insights`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersKeyThroughIam',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition.partition}:iam::${account.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            // CloudWatch Logs encrypts this database's log groups only.
            Sid: 'CloudWatchLogsForThisDatabase',
            Effect: 'Allow',
            Principal: { Service: `logs.${region.region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': `arn:${partition.partition}:logs:${region.region}:${account.accountId}:log-group:/aws/rds/instance/${identifier}*`,
              },
            },
          },
        ],
      }),
    });
    new KmsAlias(this, 'key-alias', { name: `alias/rds/${identifier}`, targetKeyId: key.keyId });
    this.kmsKeyArn = key.arn;

    const securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${identifier}-db`,
      description: `RDS ${identifier}: MySQL from admitted security groups only`,
      vpcId: props.vpcId,
      tags: { Name: `${identifier}-db` },
    });
    const clientSecurityGroup = new SecurityGroup(this, 'client-security-group', {
      name: `${identifier}-db-client`,
      description: `Clients of RDS ${identifier}: attach to tasks that connect to it`,
      vpcId: props.vpcId,
      tags: { Name: `${identifier}-db-client` },
    });
    this.securityGroupId = securityGroup.id;
    this.clientSecurityGroupId = clientSecurityGroup.id;
    const admitted = [clientSecurityGroup.id, ...(props.allowedSecurityGroupIds ?? [])];
    admitted.forEach((sourceId, index) => {
      new VpcSecurityGroupIngressRule(this, `mysql-from-${index}`, {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: sourceId,
        ipProtocol: 'tcp',
        fromPort: PORT,
        toPort: PORT,
        description: index === 0 ? 'MySQL from the client security group' : 'MySQL from an admitted security group',
      });
    });

    const family = `mysql${settings.majorVersion}`;
    const parameterGroup = new DbParameterGroup(this, 'parameters', {
      namePrefix: `${identifier}-${family.replace('.', '')}-`,
      family,
      description: `RDS ${identifier} (${family})`,
      parameter: Object.entries({ ...DEFAULT_PARAMETERS, ...props.parameters }).map(([name, value]) => ({
        name,
        value,
        applyMethod: 'pending-reboot',
      })),
      // A family change (major upgrade) makes a new group the instance can
      // switch to before the old one is deleted.
      lifecycle: { createBeforeDestroy: true },
    });

    const monitoringRole = settings.monitoringInterval > 0 ? this.monitoringRole(identifier, partition) : undefined;

    const replicaIdentifiers = Array.from({ length: props.readReplicas }, (_, i) => `${identifier}-replica-${i + 1}`);
    const logGroups = [identifier, ...replicaIdentifiers].flatMap((instanceId) =>
      LOG_EXPORTS.map(
        (log) =>
          new CloudwatchLogGroup(this, `log-${instanceId}-${log}`, {
            // RDS writes to exactly this name; creating it first keeps RDS
            // from creating it without retention or encryption.
            name: `/aws/rds/instance/${instanceId}/${log}`,
            retentionInDays: settings.logRetentionDays,
            kmsKeyId: key.arn,
          }),
      ),
    );

    const restore = props.restoreFrom ? this.restoreSource(identifier, props.restoreFrom, props.refreshToken ?? '', key) : undefined;
    const storage = restore ? restoredStorage(props, restore.snapshot.allocatedStorage) : { allocated: props.allocatedStorageGb, max: props.maxAllocatedStorageGb };

    // Settings every instance (writer and replicas) shares.
    const common = {
      parameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      dbSubnetGroupName: props.dbSubnetGroupName,
      publiclyAccessible: false,
      port: PORT,
      storageType: 'gp3',
      storageEncrypted: true,
      maxAllocatedStorage: storage.max,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? true,
      caCertIdentifier: props.caCertIdentifier ?? 'rds-ca-rsa2048-g1',
      applyImmediately: props.applyImmediately ?? false,
      deletionProtection: props.deletionProtection,
      maintenanceWindow: props.maintenanceWindow,
      enabledCloudwatchLogsExports: LOG_EXPORTS,
      monitoringInterval: settings.monitoringInterval,
      monitoringRoleArn: monitoringRole?.arn,
      performanceInsightsEnabled: settings.performanceInsights,
      performanceInsightsKmsKeyId: settings.performanceInsights ? key.arn : undefined,
      performanceInsightsRetentionPeriod: settings.performanceInsights ? 7 : undefined,
      dependsOn: [...logGroups, ...(monitoringRole ? [monitoringRole.attachment] : [])],
    } satisfies Partial<DbInstanceConfig>;

    this.writer = new DbInstance(this, 'writer', {
      ...common,
      identifier,
      engine: 'mysql',
      engineVersion: props.engineVersion,
      // Said explicitly, so extended-support charges never start unnoticed.
      engineLifecycleSupport: props.extendedSupport ? 'open-source-rds-extended-support' : 'open-source-rds-extended-support-disabled',
      allowMajorVersionUpgrade: props.allowMajorVersionUpgrade ?? false,
      instanceClass: props.instanceClass,
      allocatedStorage: storage.allocated,
      multiAz: props.multiAz,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: props.backupWindow,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.arn,
      skipFinalSnapshot: !(props.finalSnapshot ?? true),
      deleteAutomatedBackups: props.deleteAutomatedBackups ?? false,
      // Unique per instance lifetime (fixed at create, then ignored), so a
      // re-created database never collides with an earlier final snapshot.
      finalSnapshotIdentifier: `${identifier}-final-${Fn.formatdate('YYYYMMDDhhmmss', Fn.timestamp())}`,
      // A restore keeps the snapshot's key and user: RestoreDBInstanceFromDBSnapshot
      // takes no KMS key, so the copy restores from a copy of the source snapshot
      // re-encrypted with this module's key; a configured user name would differ
      // from the restored one and force a replacement on every plan.
      ...(restore
        ? { snapshotIdentifier: restore.snapshot.id }
        : { kmsKeyId: key.arn, username: props.masterUsername ?? 'dbadmin', dbName: props.databaseName }),
      lifecycle: {
        // In restore mode the snapshot decides encryption too (an unencrypted
        // legacy snapshot gives an unencrypted copy): never a reason to replace.
        ignoreChanges: ['final_snapshot_identifier', ...(restore ? ['snapshot_identifier', 'storage_encrypted'] : [])],
        replaceTriggeredBy: restore ? [restore.refresh] : undefined,
      },
    });

    this.replicas = replicaIdentifiers.map(
      (replicaIdentifier, index) =>
        new DbInstance(this, `replica-${index + 1}`, {
          ...common,
          identifier: replicaIdentifier,
          // The writer's ARN, not its identifier: with db_subnet_group_name set, the
          // provider refuses an identifier even in the same region. A replica
          // inherits its engine version, storage, user, key and secret from the writer.
          replicateSourceDb: this.writer.arn,
          instanceClass: props.replicaInstanceClass ?? props.instanceClass,
          multiAz: false,
          backupRetentionPeriod: props.replicaBackupRetentionDays ?? 0,
          skipFinalSnapshot: true,
          // A refreshed writer is a new source: its replicas are rebuilt too
          // (RDS would otherwise promote them to stale standalone copies).
          lifecycle: restore ? { replaceTriggeredBy: [restore.refresh] } : undefined,
        }),
    );

    this.writerEndpoint = this.writer.endpoint;
    this.writerAddress = this.writer.address;
    this.readerEndpoints = this.replicas.map((replica) => replica.endpoint);
    this.readerAddresses = this.replicas.map((replica) => replica.address);
    this.readerEndpoint = this.readerEndpoints[0] ?? this.writerEndpoint;
    this.readerAddress = this.readerAddresses[0] ?? this.writerAddress;
    this.secretArn = this.writer.masterUserSecret.get(0).secretArn;
    this.restoredFromSnapshotArn = restore?.sourceSnapshot;

    if (props.alarmTopicArn) this.alarms(props, settings.alarms, props.alarmTopicArn);
  }

  /**
   * The IAM statement that lets a role log in as `dbUser` with IAM database
   * authentication tokens, on the writer and every replica (each has its own
   * resource id). Add it to the role's policy (e.g. `EcsService.grantPolicy`): the
   * role's credentials sign a 15-minute token per connection, so there is no
   * password to inject, leak or rotate. The MySQL user must exist with
   * `IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'` (README).
   */
  connectStatement(dbUser: string): { actions: string[]; resources: string[] } {
    if (!Token.isUnresolved(dbUser) && !/^[A-Za-z0-9_]{1,32}$/.test(dbUser)) {
      fail(this.node.id, `connectStatement: '${dbUser}' is not a MySQL user name (1-32 letters, digits, underscores).`);
    }
    const instances = [this.writer, ...this.replicas];
    return { actions: ['rds-db:connect'], resources: instances.map((instance) => `${this.arnPrefix}:dbuser:${instance.resourceId}/${dbUser}`) };
  }

  private monitoringRole(identifier: string, partition: DataAwsPartition): { arn: string; attachment: IamRolePolicyAttachment } {
    const role = new IamRole(this, 'monitoring-role', {
      name: `${identifier}-rds-monitoring`,
      description: `Enhanced monitoring of RDS ${identifier}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const attachment = new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: role.name,
      policyArn: `arn:${partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    return { arn: role.arn, attachment };
  }

  /**
   * The snapshot to restore and the deliberate refresh trigger. The source snapshot
   * is resolved on every plan but only copied (re-encrypted with this module's key,
   * so the copy never depends on the source database's key) when the copy is
   * created; only a change of the token (stored in a terraform_data) replaces it.
   */
  private restoreSource(identifier: string, restoreFrom: RestoreFrom, refreshToken: string, key: KmsKey): { snapshot: DbSnapshotCopy; refresh: string; sourceSnapshot: string } {
    const latest = 'latestSnapshotOf' in restoreFrom;
    const candidate = new DataAwsDbSnapshot(
      this,
      'source-snapshot',
      latest ? { dbInstanceIdentifier: restoreFrom.latestSnapshotOf, mostRecent: true } : { dbSnapshotIdentifier: restoreFrom.snapshotIdentifier },
    );
    const refreshData = new DataResource(this, 'refresh', { input: { refreshToken } });
    // A bare address: Terraform rejects the `${...}` form cdktf renders for
    // resource objects in replace_triggered_by (hashicorp/terraform-cdk#3196).
    const refresh = `${DataResource.tfResourceType}.${refreshData.friendlyUniqueId}`;
    // The snapshot chosen when the copy is (re)made, kept in state: a newer one
    // never moves it, the refresh token does, and it is what the copy reports.
    const chosen = new DataResource(this, 'restore-source-choice', {
      input: { snapshotArn: candidate.dbSnapshotArn },
      lifecycle: { ignoreChanges: ['input'], replaceTriggeredBy: [refresh] },
    });
    const sourceSnapshot = chosen.getStringAttribute('output.snapshotArn');
    const source = latest ? `the newest snapshot of ${restoreFrom.latestSnapshotOf}` : `snapshot ${restoreFrom.snapshotIdentifier}`;
    const snapshot = new DbSnapshotCopy(this, 'restore-source', {
      sourceDbSnapshotIdentifier: sourceSnapshot,
      targetDbSnapshotIdentifier: `${identifier}-restore-source`,
      kmsKeyId: key.arn,
      // A re-encrypting copy is a full copy: large databases take a while.
      timeouts: { create: '3h' },
      lifecycle: {
        // The provider cannot filter snapshots by status, so `most_recent` may pick
        // one still being created (the source's backup window). Checked only when
        // the chosen snapshot is about to be copied; an existing copy never fails on it.
        precondition: [
          {
            condition: `\${${candidate.fqn}.status == "available" || ${chosen.fqn}.output.snapshotArn != ${candidate.fqn}.db_snapshot_arn}`,
            errorMessage: `${identifier}: ${source} (\${${candidate.fqn}.id}) is \${${candidate.fqn}.status}, not available, so it cannot be copied yet; plan again when it is available (after the source's backup window) or restore a named snapshot.`,
          },
        ],
      },
    });
    return { snapshot, refresh, sourceSnapshot };
  }

  private alarms(props: RdsReplicaPairProps, thresholds: Required<RdsAlarmThresholds>, topicArn: string): void {
    const alarm = (id: string, instanceId: string, description: string, config: AlarmConfig) =>
      new CloudwatchMetricAlarm(this, id, {
        alarmName: `${instanceId}-${config.metricName.toLowerCase()}`,
        alarmDescription: description,
        namespace: 'AWS/RDS',
        dimensions: { DBInstanceIdentifier: instanceId },
        statistic: 'Average',
        alarmActions: [topicArn],
        okActions: [topicArn],
        ...config,
      });
    const instances = [props.identifier, ...this.replicas.map((_, i) => `${props.identifier}-replica-${i + 1}`)];
    instances.forEach((instanceId, index) => {
      const suffix = index === 0 ? 'writer' : `replica-${index}`;
      alarm(`alarm-cpu-${suffix}`, instanceId, `CPU of ${instanceId} above ${thresholds.cpuPercent}% for 15 minutes`, {
        metricName: 'CPUUtilization',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: thresholds.cpuPercent,
        period: 300,
        evaluationPeriods: 3,
      });
      alarm(`alarm-storage-${suffix}`, instanceId, `Free storage of ${instanceId} below ${thresholds.freeStorageGb} GiB`, {
        metricName: 'FreeStorageSpace',
        comparisonOperator: 'LessThanThreshold',
        threshold: thresholds.freeStorageGb * 1024 ** 3,
        period: 300,
        evaluationPeriods: 1,
      });
      if (index > 0) {
        alarm(`alarm-lag-${suffix}`, instanceId, `Replica lag of ${instanceId} above ${thresholds.replicaLagSeconds}s for 5 minutes`, {
          metricName: 'ReplicaLag',
          comparisonOperator: 'GreaterThanThreshold',
          threshold: thresholds.replicaLagSeconds,
          period: 60,
          evaluationPeriods: 5,
        });
      }
    });
    alarm('alarm-connections-writer', props.identifier, `Connections to ${props.identifier} above ${thresholds.connections} for 15 minutes`, {
      metricName: 'DatabaseConnections',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: thresholds.connections,
      period: 300,
      evaluationPeriods: 3,
    });
  }
}

interface AlarmConfig {
  metricName: string;
  comparisonOperator: string;
  threshold: number;
  period: number;
  evaluationPeriods: number;
}

interface Settings {
  majorVersion: string;
  performanceInsights: boolean;
  monitoringInterval: number;
  logRetentionDays: number;
  alarms: Required<RdsAlarmThresholds>;
}

/** When RDS standard support of each MySQL major version ends (extended support starts billing). */
export const END_OF_STANDARD_SUPPORT: Readonly<Record<string, string>> = { '8.0': '2026-07-31', '8.4': '2029-07-31' };
/** The date this module version was released: versions past standard support by then need extended support. */
const RELEASED = '2026-12-03';

/**
 * Why an engine version cannot be run as asked, or undefined: a full version with
 * automatic minor upgrades (every plan after an upgrade would try to downgrade), or
 * a major version past standard support without extended support.
 */
export function engineVersionProblem(engineVersion: string, autoMinorVersionUpgrade: boolean, extendedSupport: boolean): string | undefined {
  const version = ENGINE_VERSION.exec(engineVersion);
  if (!version) return undefined;
  const major = `8.${version[1]}`;
  if (version[2] && autoMinorVersionUpgrade) {
    return `engineVersion '${engineVersion}' pins a minor version while automatic minor upgrades are on, so the plan after RDS's next upgrade would try to downgrade; use '${major}' (RDS picks and upgrades the minor version) or turn autoMinorVersionUpgrade off`;
  }
  const end = END_OF_STANDARD_SUPPORT[major];
  if (!extendedSupport && end <= RELEASED) {
    return `MySQL ${major} is past RDS standard support (ended ${end}), so RDS Extended Support is billed per vCPU-hour; set extendedSupport to accept it, or upgrade to 8.4`;
  }
  return undefined;
}

function fail(identifier: string, message: string): never {
  throw new Error(`RdsReplicaPair '${identifier}': ${message}`);
}

/** Checks every prop the database would reject (or silently misuse) and derives defaults. */
function validate(props: RdsReplicaPairProps): Settings {
  const id = props.identifier;
  const literal = (value: string | undefined) => value !== undefined && !Token.isUnresolved(value);

  if (!IDENTIFIER.test(id)) {
    fail(id, 'identifier must be 1-48 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen.');
  }
  const version = ENGINE_VERSION.exec(props.engineVersion);
  if (!version) {
    fail(id, `engineVersion '${props.engineVersion}' is not supported; expected MySQL 8.0 or 8.4 ('8.0', '8.0.x', '8.4' or '8.4.x').`);
  }
  const engineProblem = engineVersionProblem(props.engineVersion, props.autoMinorVersionUpgrade ?? true, props.extendedSupport ?? false);
  if (engineProblem) fail(id, `${engineProblem}.`);
  for (const [name, value] of [['instanceClass', props.instanceClass], ['replicaInstanceClass', props.replicaInstanceClass]] as const) {
    if (literal(value) && !isValidInstanceClass(value!)) fail(id, `${name} '${value}' is not an RDS instance class like 'db.t4g.medium'.`);
  }
  if (!Number.isInteger(props.allocatedStorageGb) || props.allocatedStorageGb < 20 || props.allocatedStorageGb > MAX_STORAGE_GB) {
    fail(id, `allocatedStorageGb must be an integer from 20 to 65536 (gp3), got ${props.allocatedStorageGb}.`);
  }
  if (props.maxAllocatedStorageGb !== undefined && !(props.maxAllocatedStorageGb > props.allocatedStorageGb && props.maxAllocatedStorageGb <= MAX_STORAGE_GB)) {
    fail(id, `maxAllocatedStorageGb (${props.maxAllocatedStorageGb}) must be greater than allocatedStorageGb (${props.allocatedStorageGb}) and at most 65536; omit it to switch storage autoscaling off.`);
  }
  if (!Number.isInteger(props.readReplicas) || props.readReplicas < 0 || props.readReplicas > 15) {
    fail(id, `readReplicas must be an integer from 0 to 15, got ${props.readReplicas}.`);
  }
  if (!Number.isInteger(props.backupRetentionDays) || props.backupRetentionDays < 0 || props.backupRetentionDays > 35) {
    fail(id, `backupRetentionDays must be an integer from 0 to 35 (the RDS maximum), got ${props.backupRetentionDays}.`);
  }
  if (props.readReplicas > 0 && props.backupRetentionDays === 0) {
    fail(id, `readReplicas (${props.readReplicas}) need automated backups on the writer (MySQL replication uses its binary logs); set backupRetentionDays to 1 or more.`);
  }
  const replicaRetention = props.replicaBackupRetentionDays ?? 0;
  if (!Number.isInteger(replicaRetention) || replicaRetention < 0 || replicaRetention > 35) {
    fail(id, `replicaBackupRetentionDays must be an integer from 0 to 35, got ${replicaRetention}.`);
  }

  const backup = parseBackupWindow(props.backupWindow);
  if (!backup || durationMinutes(backup) < 30) {
    fail(id, `backupWindow '${props.backupWindow}' must be 'hh24:mi-hh24:mi' (UTC) and at least 30 minutes long, e.g. '02:00-03:00'.`);
  }
  const maintenance = parseMaintenanceWindow(props.maintenanceWindow);
  if (!maintenance || durationMinutes(maintenance) < 30) {
    fail(id, `maintenanceWindow '${props.maintenanceWindow}' must be 'ddd:hh24:mi-ddd:hh24:mi' (UTC) and at least 30 minutes long, e.g. 'sun:03:30-sun:04:30'.`);
  }
  if (windowsOverlap(backup, maintenance)) {
    fail(id, `backupWindow '${props.backupWindow}' overlaps maintenanceWindow '${props.maintenanceWindow}'; RDS requires them apart.`);
  }

  const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
  if (!MONITORING_INTERVALS.includes(monitoringInterval)) {
    fail(id, `monitoringIntervalSeconds must be one of ${MONITORING_INTERVALS.join(', ')}, got ${monitoringInterval}.`);
  }
  const logRetentionDays = props.logRetentionDays ?? 30;
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    fail(id, `logRetentionDays must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(', ')}), got ${logRetentionDays}.`);
  }

  const classes = [props.instanceClass, ...(props.readReplicas > 0 ? [props.replicaInstanceClass ?? props.instanceClass] : [])];
  const piSupported = classes.every((c) => Token.isUnresolved(c) || supportsPerformanceInsights(c));
  if (props.performanceInsights === true && !piSupported) {
    fail(id, `performanceInsights is not available for ${classes.join('/')} (db.t*.micro and small); use db.t4g.medium or larger, or set performanceInsights to false.`);
  }

  if (props.allowMajorVersionUpgrade && !props.applyImmediately) {
    fail(id, 'allowMajorVersionUpgrade needs applyImmediately: a major upgrade switches to a new parameter group and deletes the old one in the same apply, which RDS refuses while the upgrade waits for the maintenance window.');
  }
  validateRestore(props);

  const thresholds = props.alarmThresholds ?? {};
  const connections = thresholds.connections ?? estimatedDefaultConnections(props.instanceClass);
  if (props.alarmTopicArn && connections === undefined) {
    fail(id, `cannot estimate max_connections of '${props.instanceClass}'; set alarmThresholds.connections.`);
  }
  const alarms = {
    cpuPercent: thresholds.cpuPercent ?? 80,
    freeStorageGb: thresholds.freeStorageGb ?? Math.max(2, Math.round(props.allocatedStorageGb / 10)),
    replicaLagSeconds: thresholds.replicaLagSeconds ?? 60,
    connections: connections ?? 0,
  };
  if (!(alarms.cpuPercent > 0 && alarms.cpuPercent <= 100)) fail(id, `alarmThresholds.cpuPercent must be in (0, 100], got ${alarms.cpuPercent}.`);

  return {
    majorVersion: `8.${version[1]}`,
    performanceInsights: props.performanceInsights ?? piSupported,
    monitoringInterval,
    logRetentionDays,
    alarms,
  };
}

/**
 * RDS cannot restore a snapshot into less storage than it holds: a copy gets the
 * larger of the configured size and the snapshot's, and an autoscaling ceiling
 * that keeps the configured headroom ratio above it (gp3 stops at 64 TiB).
 * Read from the snapshot copy, which only changes on a refresh.
 */
function restoredStorage(props: RdsReplicaPairProps, snapshotGb: number): { allocated: number; max?: number } {
  const allocated = Fn.max([props.allocatedStorageGb, snapshotGb]);
  if (props.maxAllocatedStorageGb === undefined) return { allocated };
  const headroom = props.maxAllocatedStorageGb / props.allocatedStorageGb;
  return { allocated, max: Fn.min([MAX_STORAGE_GB, Fn.max([props.maxAllocatedStorageGb, Fn.ceil(Op.mul(allocated, headroom))])]) };
}

function estimatedDefaultConnections(instanceClass: string): number | undefined {
  const max = Token.isUnresolved(instanceClass) ? undefined : estimatedMaxConnections(instanceClass);
  return max === undefined ? undefined : Math.floor(max * 0.8);
}

function validateRestore(props: RdsReplicaPairProps): void {
  const id = props.identifier;
  const restore = props.restoreFrom as Partial<Record<'snapshotIdentifier' | 'latestSnapshotOf', string>> | undefined;
  if (!restore) {
    if (props.refreshToken !== undefined) {
      fail(id, 'refreshToken only applies in restore mode; set restoreFrom or remove refreshToken.');
    }
    return;
  }
  const sources = (['snapshotIdentifier', 'latestSnapshotOf'] as const).filter((k) => restore[k] !== undefined);
  if (sources.length !== 1) {
    fail(id, 'restoreFrom needs exactly one of { snapshotIdentifier } or { latestSnapshotOf }.');
  }
  const source = restore[sources[0]]!;
  if (source.trim() === '') fail(id, `restoreFrom.${sources[0]} must not be empty.`);
  if (restore.latestSnapshotOf === id) {
    fail(id, 'restoreFrom.latestSnapshotOf names this database itself; a copy restores from another instance (e.g. the staging writer).');
  }
  if (props.masterUsername !== undefined || props.databaseName !== undefined) {
    fail(id, 'masterUsername and databaseName come from the snapshot in restore mode; remove them (setting them would replace the copy on every plan).');
  }
}
