/**
 * `backup:` of an environment in env.yaml: AWS Backup of a base env's database and
 * exports bucket (`@lq3/backup`, in the data unit; ADR 0016). Defaults depend on what
 * the env is: a production base env gets daily snapshots kept 35 days, 35 days of
 * point-in-time recovery and a compliance-mode vault lock, and cannot weaken any of
 * them (ADR 0009's rule); other base envs get a cheaper plan (7 days, no lock);
 * copies get none — their data is a copy of a base env's, which is backed up.
 */
import { MAX_CONTINUOUS_BACKUP_DAYS, MIN_CHANGEABLE_FOR_DAYS } from '@lq3/backup';
import { scheduleExpressionProblem, timeZoneProblem } from '@lq3/cron-task';
import { z } from 'zod';
import { isAwsRegion } from './aws-regions';
import { isProductionBase } from './edge-config';
import type { EnvironmentConfig } from './environment';
import { DATABASE_BACKUP_WINDOW, startsInBackupWindow } from './environment-rules';

export const DEFAULT_BACKUP_SCHEDULE = 'cron(0 3 * * ? *)';
/** Production base envs: what they get and the least they may have. */
export const PRODUCTION_BACKUP = { retentionDays: 35, continuousBackupDays: 35, vaultLock: { minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 } } as const;
/** Other base envs (staging): daily snapshots kept a week, no lock. */
export const OTHER_BASE_RETENTION_DAYS = 7;

const vaultLockSchema = z
  .object({
    minRetentionDays: z.number().int().min(1).max(36500).default(PRODUCTION_BACKUP.vaultLock.minRetentionDays).meta({ description: 'Shortest retention a recovery point in the vault may have; at most `retentionDays` and `continuousBackupDays`.' }),
    maxRetentionDays: z.number().int().min(1).max(36500).default(PRODUCTION_BACKUP.vaultLock.maxRetentionDays).meta({ description: 'Longest retention a recovery point may have; at least `retentionDays`.' }),
    changeableForDays: z
      .number()
      .int()
      .min(MIN_CHANGEABLE_FOR_DAYS)
      .max(36500)
      .optional()
      .meta({
        description: `Days the lock may still be changed or removed after it is first applied; then it is immutable (compliance mode: nobody can delete a recovery point early or the vault while it holds any). At least ${MIN_CHANGEABLE_FOR_DAYS}. Without it: governance mode (removable). Production base envs: always set (default ${PRODUCTION_BACKUP.vaultLock.changeableForDays}).`,
      }),
  })
  .strict();

export const backupSchema = z
  .object({
    enabled: z.boolean().default(true).meta({ description: 'false: no backup plan (staging only; production base envs: always true).' }),
    schedule: z
      .string()
      .superRefine((value, ctx) => {
        const problem = scheduleExpressionProblem(value);
        if (problem || !value.startsWith('cron(')) ctx.addIssue({ code: 'custom', message: `must be a cron expression like ${DEFAULT_BACKUP_SCHEDULE}${problem ? `: ${problem}` : ''}`, input: value });
      })
      .default(DEFAULT_BACKUP_SCHEDULE)
      .meta({ description: `When the daily backup starts: AWS Backup cron (six fields) in \`timezone\`; not inside the RDS backup window ${DATABASE_BACKUP_WINDOW} UTC.` }),
    timezone: z
      .string()
      .superRefine((zone, ctx) => {
        if (timeZoneProblem(zone)) ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone name spelled exactly, e.g. Europe/Berlin or UTC', input: zone });
      })
      .default('UTC')
      .meta({ description: 'IANA time zone `schedule` is read in.' }),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(36500)
      .optional()
      .meta({ description: `Days a daily snapshot (database and exports bucket) is kept. Default: ${PRODUCTION_BACKUP.retentionDays} for a production base env (at least that), ${OTHER_BASE_RETENTION_DAYS} otherwise.` }),
    continuousBackupDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_CONTINUOUS_BACKUP_DAYS)
      .optional()
      .meta({
        description: `Point-in-time recovery window (AWS Backup continuous backup), 1-${MAX_CONTINUOUS_BACKUP_DAYS} days. AWS Backup then manages the database's automated backups, so it becomes their retention too and may not be shorter than \`database.backupRetentionDays\`. Default: ${PRODUCTION_BACKUP.continuousBackupDays} for a production base env (always), \`database.backupRetentionDays\` otherwise.`,
      }),
    vaultLock: vaultLockSchema
      .optional()
      .meta({
        description: `Vault lock (recovery points cannot be deleted or shortened before \`minRetentionDays\`). Default: none; production base envs always have one (${PRODUCTION_BACKUP.vaultLock.minRetentionDays}-${PRODUCTION_BACKUP.vaultLock.maxRetentionDays} days, compliance mode after ${PRODUCTION_BACKUP.vaultLock.changeableForDays} days) and may only make it stricter.`,
      }),
    copyToRegion: z
      .string()
      .superRefine((region, ctx) => {
        if (!isAwsRegion(region)) ctx.addIssue({ code: 'custom', message: 'must be an AWS region of the aws partition like eu-west-1 (list: live/shared/src/aws-regions.ts)', input: region });
      })
      .optional()
      .meta({ description: "Also copy each daily snapshot to a vault in this region (another than the env's), kept `retentionDays`. Default: no copy." }),
  })
  .strict()
  .meta({
    description:
      "AWS Backup of a base env's database and exports bucket (data unit, ADR 0016): daily snapshots, point-in-time recovery, vault lock, copy to a second region, failed jobs to the alarm topic. Copies (parallel envs) have none and may not set it. Restores: `nx run <project>:restore` (docs/operations.md).",
  });

export type BackupConfig = z.infer<typeof backupSchema>;

/** What the data unit builds, defaults filled in. */
export interface BackupSettings {
  readonly schedule: string;
  readonly timezone: string;
  readonly retentionDays: number;
  readonly continuousBackupDays: number;
  readonly vaultLock?: { readonly minRetentionDays: number; readonly maxRetentionDays: number; readonly changeableForDays?: number };
  readonly copyToRegion?: string;
}

type BackupFacts = Pick<EnvironmentConfig, 'account' | 'database' | 'backup'>;

/** The env's backup plan, or undefined: copies and envs with `enabled: false` have none. */
export function backupOf(env: BackupFacts): BackupSettings | undefined {
  if (env.database.restoreFromLatestSnapshotOf !== undefined) return undefined;
  const backup = env.backup ?? backupSchema.parse({});
  if (!backup.enabled) return undefined;
  const production = isProductionBase(env);
  const vaultLock = backup.vaultLock ?? (production ? PRODUCTION_BACKUP.vaultLock : undefined);
  return {
    schedule: backup.schedule,
    timezone: backup.timezone,
    retentionDays: backup.retentionDays ?? (production ? PRODUCTION_BACKUP.retentionDays : OTHER_BASE_RETENTION_DAYS),
    continuousBackupDays: backup.continuousBackupDays ?? (production ? PRODUCTION_BACKUP.continuousBackupDays : env.database.backupRetentionDays),
    ...(vaultLock ? { vaultLock } : {}),
    ...(backup.copyToRegion ? { copyToRegion: backup.copyToRegion } : {}),
  };
}

/** What `backup` may not say, as `[path below the env, problem]`. */
export function backupConfigProblems(env: BackupFacts & Pick<EnvironmentConfig, 'region'>): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  const backup = env.backup;
  if (env.database.restoreFromLatestSnapshotOf !== undefined) {
    if (backup !== undefined) problems.push([['backup'], `a copy is not backed up: its data is a copy of ${env.database.restoreFromLatestSnapshotOf}, whose env is. Remove backup here`]);
    return problems;
  }
  if (backup === undefined) return problems;
  const production = isProductionBase(env) ? 'production base env:' : undefined;
  if (production && !backup.enabled) problems.push([['backup', 'enabled'], `${production} its database is always backed up`]);
  const settings = backupOf(env);
  if (!settings) return problems;

  const during = startsInBackupWindow(settings.schedule, settings.timezone);
  if (during) problems.push([['backup', 'schedule'], `starts at ${during} UTC, inside the RDS backup window ${DATABASE_BACKUP_WINDOW} UTC; AWS Backup skips or fails jobs there, so start it at least an hour later`]);
  if (settings.continuousBackupDays < env.database.backupRetentionDays) {
    problems.push([['backup', 'continuousBackupDays'], `AWS Backup sets the database's backup retention to it, so it may not be shorter than database.backupRetentionDays (${env.database.backupRetentionDays}), got ${settings.continuousBackupDays}`]);
  }
  if (settings.copyToRegion === env.region) problems.push([['backup', 'copyToRegion'], `must be another region than the env's own (${env.region})`]);
  const lock = settings.vaultLock;
  if (lock) {
    if (lock.maxRetentionDays < lock.minRetentionDays) problems.push([['backup', 'vaultLock', 'maxRetentionDays'], `must be at least minRetentionDays (${lock.minRetentionDays})`]);
    for (const key of ['retentionDays', 'continuousBackupDays'] as const) {
      const days = settings[key];
      if (days < lock.minRetentionDays || days > lock.maxRetentionDays) problems.push([['backup', key], `${days} is outside the vault lock's ${lock.minRetentionDays}-${lock.maxRetentionDays} days; the locked vault would refuse those backups`]);
    }
  }
  if (production) {
    const least = PRODUCTION_BACKUP;
    if (settings.retentionDays < least.retentionDays) problems.push([['backup', 'retentionDays'], `${production} keeps daily backups at least ${least.retentionDays} days, got ${settings.retentionDays}`]);
    if (settings.continuousBackupDays < least.continuousBackupDays) problems.push([['backup', 'continuousBackupDays'], `${production} keeps ${least.continuousBackupDays} days of point-in-time recovery, got ${settings.continuousBackupDays}`]);
    if (lock && lock.minRetentionDays < least.vaultLock.minRetentionDays) problems.push([['backup', 'vaultLock', 'minRetentionDays'], `${production} the vault lock keeps recovery points at least ${least.vaultLock.minRetentionDays} days, got ${lock.minRetentionDays}`]);
    if (lock && lock.changeableForDays === undefined) problems.push([['backup', 'vaultLock', 'changeableForDays'], `${production} the vault lock is in compliance mode; set changeableForDays (at least ${MIN_CHANGEABLE_FOR_DAYS})`]);
  }
  return problems;
}
