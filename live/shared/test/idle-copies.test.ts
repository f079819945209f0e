/** What keeps a copy cheap while idle (ADR 0013): a database stopped outside office hours, the base env's ALB. */
import { join } from 'node:path';
import { FIRST_COPY_PRIORITY, listenerRuleSlot, RDS_START_TARGET, RDS_STOP_TARGET } from '../src';
import { dataSourcesOf, resourcesOf, synthesizeProject, type StackJson } from '../src/testing';
import { baseEnv, copyEnv, envFile, type Config, tempWorkspace } from './helpers';
import { testRefusals } from './refusals';

type Json = Record<string, unknown>;

function synth(copy: Config, base: Config = baseEnv('stage')): Record<string, StackJson> {
  const root = tempWorkspace({ s: envFile({ stage: base }), c: envFile({ copy }) });
  return synthesizeProject(join(root, 'live', 'c')).stacks;
}

function schedules(stack: StackJson): Json[] {
  return resourcesOf(stack, 'aws_scheduler_schedule');
}

const target = (schedule: Json) => schedule.target as Json;

describe('a copy with office hours', () => {
  const stacks = synth(copyEnv('copy', 'stage'));

  it('stops its database every evening and starts it 15 minutes before office hours, through the RDS API', () => {
    const byTarget: Record<string, Json> = Object.fromEntries(schedules(stacks['copy-data']).map((schedule) => [String(target(schedule).arn), schedule]));
    expect(Object.keys(byTarget).sort()).toEqual([RDS_START_TARGET, RDS_STOP_TARGET].sort());
    // Every day, weekends too: RDS restarts a stopped instance after 7 days, and someone may start it by hand.
    expect(byTarget[RDS_STOP_TARGET]).toMatchObject({ name: 'lq3-copy-mysql-stop', schedule_expression: 'cron(0 20 ? * * *)', schedule_expression_timezone: 'Europe/Berlin' });
    expect(byTarget[RDS_START_TARGET]).toMatchObject({ name: 'lq3-copy-mysql-start', schedule_expression: 'cron(45 6 ? * MON-FRI *)', schedule_expression_timezone: 'Europe/Berlin' });
    for (const schedule of Object.values(byTarget)) {
      expect(JSON.parse(String(target(schedule).input))).toEqual({ DbInstanceIdentifier: 'lq3-copy-mysql' });
      expect(schedule.kms_key_arn).toMatch(/kms_key/);
      expect(schedule.flexible_time_window).toEqual({ mode: 'OFF' });
    }
  });

  it('gives the schedules a role that may stop and start this one instance only, for this account', () => {
    const [role] = resourcesOf(stacks['copy-data'], 'aws_iam_role').filter((candidate) => candidate.name === 'lq3-copy-mysql-schedule');
    const trust = JSON.parse(String(role.assume_role_policy));
    expect(trust.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })]);
    const [policy] = resourcesOf(stacks['copy-data'], 'aws_iam_role_policy');
    expect(JSON.parse(String(policy.policy)).Statement).toEqual([
      { Sid: 'ThisInstanceOnly', Effect: 'Allow', Action: ['rds:StopDBInstance', 'rds:StartDBInstance'], Resource: expect.stringMatching(/^\$\{aws_db_instance\.mysql_writer_[A-F0-9]{8}\.arn\}$/) },
    ]);
  });

  it("routes its hostnames through the base env's load balancer, in a rule priority block of its own", () => {
    expect(resourcesOf(stacks['copy-edge'], 'aws_lb')).toEqual([]);
    expect(dataSourcesOf(stacks['copy-edge'], 'aws_lb')).toEqual([expect.objectContaining({ name: 'lq3-stage' })]);
    expect(dataSourcesOf(stacks['copy-edge'], 'aws_lb_listener')).toEqual([expect.objectContaining({ port: 443 })]);
    const [certificate] = resourcesOf(stacks['copy-edge'], 'aws_lb_listener_certificate');
    expect(certificate.certificate_arn).toMatch(/aws_acm_certificate_validation/);
    const first = FIRST_COPY_PRIORITY + listenerRuleSlot('copy') * 100;
    expect(resourcesOf(stacks['copy-services'], 'aws_lb_listener_rule').map((rule) => Number(rule.priority)).sort((a, b) => a - b)).toEqual([first, first + 10]);
    const records = resourcesOf(stacks['copy-dns'], 'cloudflare_dns_record');
    expect(records.every((record) => /dns_name/.test(String(record.content)))).toBe(true);
  });

  it('runs without Container Insights (a test env idles most of the time)', () => {
    expect(resourcesOf(stacks['copy-services'], 'aws_ecs_cluster')[0].setting).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
  });
});

describe('other envs', () => {
  it('a switched-off copy keeps its database stopped with a stop call every hour', () => {
    const stacks = synth(copyEnv('copy', 'stage', (env) => (env.enabled = false)));
    expect(schedules(stacks['copy-data']).map((schedule) => [target(schedule).arn, schedule.schedule_expression])).toEqual([[RDS_STOP_TARGET, 'rate(1 hour)']]);
  });

  it('a copy without office hours runs its database around the clock', () => {
    const stacks = synth(copyEnv('copy', 'stage', (env) => delete env.officeHours));
    expect(schedules(stacks['copy-data'])).toEqual([]);
  });

  it('a copy with its own VPC has its own load balancer', () => {
    const stacks = synth(copyEnv('copy', 'stage', (env) => (env.network = { cidr: '10.60.0.0/16' })));
    expect(resourcesOf(stacks['copy-edge'], 'aws_lb')).toHaveLength(1);
    expect(resourcesOf(stacks['copy-services'], 'aws_lb_listener_rule').map((rule) => Number(rule.priority)).sort((a, b) => a - b)).toEqual([100, 110]);
  });

  it('a base env keeps its database running, its own load balancer and Container Insights', () => {
    const root = tempWorkspace({ s: envFile({ stage: baseEnv('stage') }) });
    const { stacks } = synthesizeProject(join(root, 'live', 's'));
    expect(schedules(stacks['stage-data'])).toEqual([]);
    expect(resourcesOf(stacks['stage-edge'], 'aws_lb')).toHaveLength(1);
    expect(resourcesOf(stacks['stage-services'], 'aws_lb_listener_rule').map((rule) => Number(rule.priority)).sort((a, b) => a - b)).toEqual([100, 110]);
    expect(resourcesOf(stacks['stage-services'], 'aws_ecs_cluster')[0].setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
  });
});

/** Two env names whose rules would land in the same slot on a shared listener. */
function collidingNames(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const name = `copy${i}`;
    const slot = listenerRuleSlot(name);
    const other = seen.get(slot);
    if (other) return [other, name];
    seen.set(slot, name);
  }
}

describe('refusals', () => {
  const [first, second] = collidingNames();
  const stage = { s: envFile({ stage: baseEnv('stage') }) };
  testRefusals([
    {
      name: 'read replicas on a copy with office hours',
      files: { ...stage, c: envFile({ copy: copyEnv('copy', 'stage', (env) => ((env.database as Config).readReplicas = 1)) }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.database.readReplicas: ',
      message: 'must be 0 for a copy with officeHours: its database is stopped outside them, and RDS cannot stop an instance that has read replicas',
    },
    {
      name: 'a job using the database at night on a copy with office hours',
      files: { ...stage, c: envFile({ copy: copyEnv('copy', 'stage', (env) => ((env.jobs as Record<string, Config>).nightly.schedule = 'cron(0 4 ? * MON-FRI *)')) }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.jobs.nightly.schedule: ',
      message:
        'cron(0 4 ? * MON-FRI *) runs at 04:00, outside 07:00-20:00; the database of a copy with officeHours is stopped outside them, so run the job inside office hours (e.g. cron(30 12 ? * MON-FRI *)) or set enabled: false',
      subprocess: true,
    },
    {
      name: 'a job using the database on weekends on a copy with office hours',
      files: { ...stage, c: envFile({ copy: copyEnv('copy', 'stage', (env) => ((env.jobs as Record<string, Config>).nightly.schedule = 'cron(0 12 * * ? *)')) }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.jobs.nightly.schedule: ',
      message: /^cron\(0 12 \* \* \? \*\) runs on SUN, outside the office days MON-FRI;/,
    },
    {
      name: 'an enabled copy on a switched-off base',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.enabled = false)) }), c: envFile({ copy: copyEnv('copy', 'stage') }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.enabled: ',
      message: "shares stage's load balancer (ADR 0013), but stage is switched off (live/s/env.yaml), so there is none; switch copy off too, or stage on",
    },
    {
      name: 'switching a base off under an enabled copy',
      files: { s: envFile({ stage: baseEnv('stage', (env) => (env.enabled = false)) }), c: envFile({ copy: copyEnv('copy', 'stage') }) },
      project: 's',
      prefix: 'live/s/env.yaml: environments.stage.enabled: ',
      message: 'switching stage off removes the load balancer that copy (live/c/env.yaml) share; switch them off first',
    },
    {
      name: 'two copies of one base in the same rule priority slot',
      files: { ...stage, c: envFile({ [first]: copyEnv(first, 'stage'), [second]: copyEnv(second, 'stage') }) },
      project: 'c',
      prefix: `live/c/env.yaml: environments.${first}: `,
      message: `its listener rules on stage's load balancer would take the priorities of ${second}'s (live/c/env.yaml; both names hash to slot ${listenerRuleSlot(first)}); rename one of them`,
    },
  ]);

  it('accepts a job of an app without the database at any time, and a switched-off job', () => {
    const stacks = synth(
      copyEnv('copy', 'stage', (env) => {
        (env.jobs as Record<string, Config>).nightly = { schedule: 'cron(0 4 * * ? *)', command: ['bin/export'], app: 'web' };
        (env.jobs as Record<string, Config>).later = { schedule: 'cron(0 23 * * ? *)', command: ['bin/console'], enabled: false };
      }),
    );
    expect(resourcesOf(stacks['copy-jobs'], 'aws_scheduler_schedule')).toHaveLength(2);
  });
});
