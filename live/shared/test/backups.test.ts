/**
 * Backups (ADR 0016): AWS Backup of a base env's database and exports bucket in the data
 * unit — production base envs daily + 35 days of point-in-time recovery + a compliance-mode
 * vault lock that cannot be weakened, staging cheaper, copies none.
 */
import { join } from 'node:path';
import { resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { baseEnv, copyEnv, envFile, productionEnv, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

type Json = Record<string, unknown>;

function synthAll(patch: { stage?: (env: Config) => void; prod?: (env: Config) => void } = {}): Record<string, StackJson> {
  const root = tempWorkspace({
    s: envFile({ stage: baseEnv('stage', patch.stage) }),
    p: envFile({ prod: productionEnv('prod', patch.prod) }),
    c: envFile({ copy: copyEnv('copy', 'stage') }),
  });
  return Object.assign({}, ...['s', 'p', 'c'].map((project) => synthesizeProject(join(root, 'live', project)).stacks));
}

const only = (stack: StackJson, type: string): Json => {
  const all = resourcesOf(stack, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
};
const rules = (stack: StackJson) => only(stack, 'aws_backup_plan').rule as Json[];
const publishers = (stack: StackJson) => {
  const policy = JSON.parse(String(only(stack, 'aws_kms_key').policy)) as { Statement: { Sid: string; Principal: { Service: string[] } }[] };
  return policy.Statement.find((statement) => statement.Sid === 'AlarmAndEventPublishers')!.Principal.Service;
};

describe('backups', () => {
  const stacks = synthAll();

  test('a production base env: daily snapshots kept 35 days, 35 days of point-in-time recovery, compliance-mode lock', () => {
    const data = stacks['prod-data'];
    expect(rules(data)).toEqual([
      expect.objectContaining({ rule_name: 'daily', schedule: 'cron(0 3 * * ? *)', lifecycle: { delete_after: 35 } }),
      expect.objectContaining({ rule_name: 'continuous', enable_continuous_backup: true, lifecycle: { delete_after: 35 } }),
    ]);
    expect(only(data, 'aws_backup_vault_lock_configuration')).toMatchObject({ min_retention_days: 7, max_retention_days: 365, changeable_for_days: 3 });
    // AWS Backup manages the automated backups: their retention is the continuous rule's.
    const writer = resourcesOf(data, 'aws_db_instance').find((db) => db.identifier === 'lq3-prod-mysql')!;
    expect(writer.backup_retention_period).toBe(35);
  });

  test('the selection holds the writer and the exports bucket; failed jobs go to the alarm topic', () => {
    const data = stacks['prod-data'];
    const selection = only(data, 'aws_backup_selection');
    expect(selection.resources).toEqual([expect.stringMatching(/aws_db_instance\.mysql_writer_[0-9A-F]+\.arn/), 'arn:aws:s3:::lq3-prod-exports-222222222222']);
    expect(String(only(data, 'aws_backup_vault_notifications').sns_topic_arn)).toMatch(/lq3-prod-alarms|remote_state|network/);
  });

  test('the alarm topic and its key let AWS Backup publish in envs with backups, not in copies', () => {
    expect(publishers(stacks['prod-network'])).toContain('backup.amazonaws.com');
    expect(publishers(stacks['stage-network'])).toContain('backup.amazonaws.com');
    const topic = JSON.stringify(only(stacks['stage-network'], 'aws_sns_topic_policy').policy);
    expect(topic).toContain('backup.amazonaws.com');
    expect(publishers(stacks['copy-network'])).not.toContain('backup.amazonaws.com');
  });

  test("a staging base env: a week of snapshots, point-in-time recovery as long as the database's own, no lock", () => {
    const data = stacks['stage-data'];
    expect(rules(data).map((rule) => [rule.rule_name, (rule.lifecycle as Json).delete_after])).toEqual([
      ['daily', 7],
      ['continuous', 7],
    ]);
    expect(resourcesOf(data, 'aws_backup_vault_lock_configuration')).toEqual([]);
  });

  test('a copy has no backup plan', () => {
    expect(resourcesOf(stacks['copy-data'], 'aws_backup_plan')).toEqual([]);
    expect(resourcesOf(stacks['copy-data'], 'aws_backup_vault')).toEqual([]);
  });

  test('settings from env.yaml: schedule in a time zone, longer retention, a copy to a second region; staging may switch it off', () => {
    const configured = synthAll({
      stage: (env) => (env.backup = { schedule: 'cron(30 5 * * ? *)', timezone: 'Europe/Berlin', retentionDays: 14, continuousBackupDays: 10, copyToRegion: 'eu-west-1' }),
    });
    const [daily, continuous] = rules(configured['stage-data']);
    expect(daily).toMatchObject({ schedule: 'cron(30 5 * * ? *)', schedule_expression_timezone: 'Europe/Berlin', lifecycle: { delete_after: 14 } });
    expect(daily.copy_action).toEqual([expect.objectContaining({ lifecycle: { delete_after: 14 } })]);
    expect(continuous.lifecycle).toEqual({ delete_after: 10 });
    expect(resourcesOf(configured['stage-data'], 'aws_backup_vault').map((vault) => vault.region ?? 'home').sort()).toEqual(['eu-west-1', 'home']);

    const off = synthAll({ stage: (env) => (env.backup = { enabled: false }) });
    expect(resourcesOf(off['stage-data'], 'aws_backup_plan')).toEqual([]);
    expect(publishers(off['stage-network'])).not.toContain('backup.amazonaws.com');
  });
});

const prod = (backup: Config) => ({ p: envFile({ prod: productionEnv('prod', (env) => (env.backup = backup)) }) });
const PRODUCTION = 'live/p/env.yaml: environments.prod.backup.';

describe('backup settings production cannot weaken, and settings AWS would refuse', () => {
  testRefusals([
    { name: 'production backups switched off', files: prod({ enabled: false }), project: 'p', prefix: `${PRODUCTION}enabled: `, message: 'production base env: its database is always backed up', subprocess: true },
    { name: 'production snapshots kept a week', files: prod({ retentionDays: 7 }), project: 'p', prefix: `${PRODUCTION}retentionDays: `, message: 'production base env: keeps daily backups at least 35 days, got 7' },
    { name: 'production point-in-time recovery shortened', files: prod({ continuousBackupDays: 14 }), project: 'p', prefix: `${PRODUCTION}continuousBackupDays: `, message: 'production base env: keeps 35 days of point-in-time recovery, got 14' },
    {
      name: 'a production vault lock in governance mode',
      files: prod({ vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 } }),
      project: 'p',
      prefix: `${PRODUCTION}vaultLock.changeableForDays: `,
      message: 'production base env: the vault lock is in compliance mode; set changeableForDays (at least 3)',
    },
    {
      name: 'a production vault lock that keeps less',
      files: prod({ vaultLock: { minRetentionDays: 1, maxRetentionDays: 365, changeableForDays: 3 } }),
      project: 'p',
      prefix: `${PRODUCTION}vaultLock.minRetentionDays: `,
      message: 'production base env: the vault lock keeps recovery points at least 7 days, got 1',
    },
    {
      name: 'point-in-time recovery over 35 days',
      files: prod({ continuousBackupDays: 36 }),
      project: 'p',
      prefix: `${PRODUCTION}continuousBackupDays: `,
      message: 'Too big: expected number to be <=35 (got 36)',
    },
    {
      name: 'a lock that would refuse the daily snapshots',
      files: prod({ retentionDays: 400 }),
      project: 'p',
      prefix: `${PRODUCTION}retentionDays: `,
      message: "400 is outside the vault lock's 7-365 days; the locked vault would refuse those backups",
    },
    {
      name: 'point-in-time recovery shorter than the database keeps backups',
      files: { s: envFile({ stage: baseEnv('stage', (env) => ((env.database as Config).backupRetentionDays = 14, (env.backup = { continuousBackupDays: 7 }))) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.backup.continuousBackupDays: ',
      message: "AWS Backup sets the database's backup retention to it, so it may not be shorter than database.backupRetentionDays (14), got 7",
    },
    {
      name: 'a schedule inside the RDS backup window',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.backup = { schedule: 'cron(30 1 * * ? *)' })) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.backup.schedule: ',
      message: 'starts at 01:30 (winter) UTC, inside the RDS backup window 01:00-02:00 UTC; AWS Backup skips or fails jobs there, so start it at least an hour later',
    },
    {
      name: 'a rate schedule',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.backup = { schedule: 'rate(1 day)' })) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.backup.schedule: ',
      message: 'must be a cron expression like cron(0 3 * * ? *) (got "rate(1 day)")',
    },
    {
      name: 'a copy to the env\'s own region',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.backup = { copyToRegion: 'eu-central-1' })) }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.backup.copyToRegion: ',
      message: "must be another region than the env's own (eu-central-1)",
    },
    {
      name: 'backups on a copy',
      files: { s: envFile({ stage: baseEnv('stage') }), c: envFile({ copy: copyEnv('copy', 'stage', (env) => (env.backup = { retentionDays: 7 })) }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.backup: ',
      message: 'a copy is not backed up: its data is a copy of lq3-stage-mysql, whose env is. Remove backup here',
    },
  ]);
});
