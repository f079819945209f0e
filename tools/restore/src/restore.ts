/**
 * The restore itself: read the source instance, check the requested point against
 * its recovery window, plan a NEW instance with the source's class, network and
 * parameter group, and (only when asked) restore and wait until it is available.
 * Never touches the source.
 */
import {
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
  type DBInstance,
  type RDSClient,
} from '@aws-sdk/client-rds';

export type RestorePoint = { readonly kind: 'time'; readonly time: Date } | { readonly kind: 'latest' } | { readonly kind: 'snapshot'; readonly snapshot: string };

export interface RestorePlan {
  readonly source: string;
  readonly target: string;
  readonly point: RestorePoint;
  /** What the point resolves to, for the plan: a time, "latest restorable (…)", or the snapshot and its time. */
  readonly pointText: string;
  readonly window?: { readonly earliest: Date; readonly latest: Date };
  readonly instanceClass: string;
  /** Undefined where the source has none of its own: RDS's default then, as for the source. */
  readonly subnetGroup?: string;
  readonly securityGroups: readonly string[];
  readonly parameterGroup?: string;
  readonly multiAz: boolean;
}

export class RestoreError extends Error {}

const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, 'Z');

async function describeInstance(rds: RDSClient, identifier: string): Promise<DBInstance | undefined> {
  try {
    return (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))).DBInstances?.[0];
  } catch (error) {
    if ((error as { name?: string }).name === 'DBInstanceNotFoundFault' || (error as { Code?: string }).Code === 'DBInstanceNotFound') return undefined;
    throw error;
  }
}

/** The point-in-time window: RDS's latest restorable time back to the automated backups' earliest (or creation + retention). */
export async function recoveryWindow(rds: RDSClient, instance: DBInstance, now: Date): Promise<{ earliest: Date; latest: Date }> {
  const latest = instance.LatestRestorableTime;
  if (!latest || !instance.BackupRetentionPeriod) throw new RestoreError(`${instance.DBInstanceIdentifier} has no automated backups (retention 0): it cannot be restored to a point in time; use --snapshot`);
  const automated = await rds.send(new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: instance.DBInstanceIdentifier }));
  const fromBackups = automated.DBInstanceAutomatedBackups?.map((backup) => backup.RestoreWindow?.EarliestTime).find((time): time is Date => time instanceof Date);
  const byRetention = new Date(Math.max(instance.InstanceCreateTime?.getTime() ?? 0, now.getTime() - instance.BackupRetentionPeriod * 86_400_000));
  return { earliest: fromBackups ?? byRetention, latest };
}

/** Reads the source and resolves the point; refuses what RDS could not restore. */
export async function planRestore(rds: RDSClient, source: string, target: string, point: RestorePoint, now: Date): Promise<RestorePlan> {
  const instance = await describeInstance(rds, source);
  if (!instance) throw new RestoreError(`--database: no DB instance ${source} in this account and region`);
  if (await describeInstance(rds, target)) throw new RestoreError(`--target: a DB instance ${target} exists already; choose another --target`);
  let pointText: string;
  let window: RestorePlan['window'];
  if (point.kind === 'snapshot') {
    const snapshots = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: point.snapshot })).catch((error: { name?: string }) => {
      if (error.name === 'DBSnapshotNotFoundFault') return { DBSnapshots: [] };
      throw error;
    });
    const snapshot = snapshots.DBSnapshots?.[0];
    if (!snapshot) throw new RestoreError(`--snapshot: no snapshot ${point.snapshot} in this account and region`);
    if (snapshot.Status !== 'available') throw new RestoreError(`--snapshot: ${point.snapshot} is ${snapshot.Status ?? 'not available'}, not available`);
    pointText = `snapshot ${point.snapshot} of ${snapshot.DBInstanceIdentifier ?? '?'}, taken ${snapshot.SnapshotCreateTime ? iso(snapshot.SnapshotCreateTime) : 'at an unknown time'}`;
  } else {
    window = await recoveryWindow(rds, instance, now);
    if (point.kind === 'time') {
      if (point.time < window.earliest || point.time > window.latest) {
        throw new RestoreError(`--to-time ${iso(point.time)} is outside the recovery window of ${source}: ${iso(window.earliest)} to ${iso(window.latest)}`);
      }
      pointText = iso(point.time);
    } else {
      pointText = `latest restorable time (now ${iso(window.latest)})`;
    }
  }
  return {
    source,
    target,
    point,
    pointText,
    ...(window ? { window } : {}),
    instanceClass: instance.DBInstanceClass ?? '?',
    ...(instance.DBSubnetGroup?.DBSubnetGroupName ? { subnetGroup: instance.DBSubnetGroup.DBSubnetGroupName } : {}),
    securityGroups: (instance.VpcSecurityGroups ?? []).flatMap((group) => (group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : [])),
    ...(instance.DBParameterGroups?.[0]?.DBParameterGroupName ? { parameterGroup: instance.DBParameterGroups[0].DBParameterGroupName } : {}),
    multiAz: instance.MultiAZ ?? false,
  };
}

export function renderPlan(plan: RestorePlan): string {
  return [
    `Restore plan (a NEW instance; ${plan.source} is not changed)`,
    `  source             ${plan.source}`,
    `  restore to         ${plan.pointText}`,
    ...(plan.window ? [`  recovery window    ${iso(plan.window.earliest)} to ${iso(plan.window.latest)}`] : []),
    `  new instance       ${plan.target}`,
    `  instance class     ${plan.instanceClass}  (from the source)`,
    `  subnet group       ${plan.subnetGroup ?? 'default'}  (from the source)`,
    `  security groups    ${plan.securityGroups.join(', ') || 'default'}  (from the source)`,
    `  parameter group    ${plan.parameterGroup ?? 'default'}  (from the source)`,
    `  multi-AZ           ${plan.multiAz ? 'yes' : 'no'}  (from the source)`,
    '',
  ].join('\n');
}

/** Starts the restore: the source's settings, deletion protection on, tagged with where it came from. */
export async function startRestore(rds: RDSClient, plan: RestorePlan): Promise<void> {
  const common = {
    TargetDBInstanceIdentifier: plan.target,
    DBInstanceClass: plan.instanceClass,
    ...(plan.subnetGroup ? { DBSubnetGroupName: plan.subnetGroup } : {}),
    ...(plan.securityGroups.length > 0 ? { VpcSecurityGroupIds: [...plan.securityGroups] } : {}),
    ...(plan.parameterGroup ? { DBParameterGroupName: plan.parameterGroup } : {}),
    MultiAZ: plan.multiAz,
    PubliclyAccessible: false,
    DeletionProtection: true,
    CopyTagsToSnapshot: true,
    Tags: [
      { Key: 'lq3:restored-from', Value: plan.source },
      { Key: 'lq3:restore-point', Value: plan.pointText.slice(0, 256) },
    ],
  };
  if (plan.point.kind === 'snapshot') {
    const { TargetDBInstanceIdentifier, ...rest } = common;
    await rds.send(new RestoreDBInstanceFromDBSnapshotCommand({ ...rest, DBInstanceIdentifier: TargetDBInstanceIdentifier, DBSnapshotIdentifier: plan.point.snapshot }));
  } else {
    await rds.send(
      new RestoreDBInstanceToPointInTimeCommand({
        ...common,
        SourceDBInstanceIdentifier: plan.source,
        ...(plan.point.kind === 'time' ? { RestoreTime: plan.point.time } : { UseLatestRestorableTime: true }),
      }),
    );
  }
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
}

/** Polls DescribeDBInstances until the new instance is available; its endpoint, or an error after the bounded wait. */
export async function waitUntilAvailable(rds: RDSClient, target: string, options: WaitOptions): Promise<string> {
  const started = options.now().getTime();
  let last = '';
  for (;;) {
    const instance = await describeInstance(rds, target);
    const status = instance?.DBInstanceStatus ?? 'not visible yet';
    const elapsed = Math.round((options.now().getTime() - started) / 1000);
    if (status !== last) options.log(`  ${String(Math.floor(elapsed / 60)).padStart(3)}m${String(elapsed % 60).padStart(2, '0')}s  ${target}: ${status}`);
    last = status;
    if (status === 'available') return `${instance?.Endpoint?.Address ?? '?'}:${instance?.Endpoint?.Port ?? 3306}`;
    if (['failed', 'incompatible-restore', 'incompatible-parameters', 'incompatible-network', 'storage-full'].includes(status)) {
      throw new RestoreError(`${target} ended in status ${status}; see the RDS events of ${target}`);
    }
    if (options.now().getTime() - started + options.pollMs > options.timeoutMs) {
      throw new RestoreError(`${target} is still ${status} after ${Math.round(options.timeoutMs / 60_000)} minutes (--wait-minutes); it keeps restoring: check with aws rds describe-db-instances --db-instance-identifier ${target}`);
    }
    await options.sleep(options.pollMs);
  }
}
