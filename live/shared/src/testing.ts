/**
 * Test support for live projects: synthesizes a project's environments into a
 * temporary directory (never its cdktf.out) and reads back each stack's JSON.
 * Import it as `@lq3/live-shared/src/testing`; nothing in synth uses it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeEnvironment } from './compose';
import { RDS_START_TARGET, RDS_STOP_TARGET } from './constructs/database-schedule';
import { synthesizeInto } from './synth';
import { readSynthOutput } from './synth-output';

export type StackJson = {
  '//'?: { lq3?: { environment: string; account: string; unit: string; stateKey: string; modules: Record<string, string> } };
  terraform: { backend: { s3: Record<string, unknown> } } & Record<string, unknown>;
  provider: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};

export interface SynthesizedProject {
  /** Stack JSON by stack name (`<env>-<unit>`). */
  readonly stacks: Record<string, StackJson>;
  /** Stack names each stack depends on, from manifest.json. */
  readonly dependencies: Record<string, string[]>;
}

export function synthesizeProject(projectDir: string): SynthesizedProject {
  const outdir = mkdtempSync(join(tmpdir(), 'lq3-synth-'));
  try {
    synthesizeInto(outdir, projectDir, composeEnvironment);
    const stacks = readSynthOutput<StackJson>(outdir);
    return {
      stacks: Object.fromEntries(stacks.map((stack) => [stack.name, stack.json])),
      dependencies: Object.fromEntries(stacks.map((stack) => [stack.name, stack.dependencies])),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The bodies of every resource of a type in a stack (empty when none). */
export function resourcesOf(stack: StackJson, type: string): Record<string, unknown>[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** The bodies of every data source of a type in a stack (empty when none). */
export function dataSourcesOf(stack: StackJson, type: string): Record<string, unknown>[] {
  return Object.values(stack.data?.[type] ?? {});
}

/** What a parallel environment of a project must look like. */
export interface ParallelEnvironmentExpectation {
  readonly env: string;
  readonly accountId: string;
  /** The base env whose VPC it reuses and whose database it copies. */
  readonly base: string;
  /** Hostname of the web app, without the zone; the others add -admin and -api. */
  readonly hostPrefix: string;
  /** Image tag per app name. */
  readonly imageTags: Record<string, string>;
}

/**
 * The Jest tests every parallel environment shares (VPC reuse, snapshot copy,
 * scale-to-zero, the base's ALB, a database stopped outside office hours); call inside a `describe`.
 */
export function testParallelEnvironment(stacks: Record<string, StackJson>, expected: ParallelEnvironmentExpectation): void {
  const { env, accountId, base, hostPrefix } = expected;
  const images = (name: string) =>
    Object.fromEntries(
      resourcesOf(stacks[`${name}-services`], 'aws_ecs_task_definition').map((task) => {
        const [container] = JSON.parse(task.container_definitions as string);
        return [String(task.family).replace(`lq3-${name}-`, ''), container.image.split(':')[1]];
      }),
    );
  const stack = (unit: string) => stacks[`${env}-${unit}`];

  it(`lives in account ${accountId} with its own state`, () => {
    for (const unit of ['network', 'data', 'edge', 'services', 'jobs', 'dns']) {
      expect(stack(unit).terraform.backend.s3).toMatchObject({ key: `${env}/${unit}.tfstate`, bucket: `lq3-terraform-state-${accountId}` });
      expect(stack(unit).provider['aws'][0]).toMatchObject({ allowed_account_ids: [accountId] });
    }
  });

  it(`reuses ${base}'s VPC by lookup, creating no VPC and no NAT gateway`, () => {
    expect(resourcesOf(stack('network'), 'aws_vpc')).toEqual([]);
    expect(resourcesOf(stack('network'), 'aws_nat_gateway')).toEqual([]);
    expect(resourcesOf(stack('network'), 'aws_eip')).toEqual([]);
    expect(dataSourcesOf(stack('network'), 'aws_vpc')).toEqual([expect.objectContaining({ tags: { Name: `lq3-${base}` } })]);
  });

  it('runs the configured images, one task each, rolling', () => {
    expect(images(env)).toEqual(expected.imageTags);
    for (const service of resourcesOf(stack('services'), 'aws_ecs_service')) {
      expect(service).toMatchObject({ desired_count: 1, deployment_configuration: { strategy: 'ROLLING' } });
    }
  });

  it('scales every service to zero outside office hours and back in the morning', () => {
    const actions = resourcesOf(stack('services'), 'aws_appautoscaling_scheduled_action');
    expect(actions).toHaveLength(6);
    const end = actions.filter((action) => String(action.name).endsWith('office-hours-end'));
    const start = actions.filter((action) => String(action.name).endsWith('office-hours-start'));
    for (const action of end) expect(action).toMatchObject({ schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'Europe/Berlin', scalable_target_action: { min_capacity: '0', max_capacity: '0' } });
    for (const action of start) expect(action).toMatchObject({ schedule: 'cron(0 7 ? * MON-FRI *)', scalable_target_action: { min_capacity: '1', max_capacity: '1' } });
  });

  it('stops its database outside office hours and starts it before them (ADR 0013)', () => {
    const calls = Object.fromEntries(resourcesOf(stack('data'), 'aws_scheduler_schedule').map((schedule) => [(schedule.target as { arn: string }).arn, schedule.schedule_expression]));
    expect(calls).toEqual({ [RDS_STOP_TARGET]: 'cron(0 20 ? * * *)', [RDS_START_TARGET]: 'cron(45 6 ? * MON-FRI *)' });
  });

  it(`restores its database from the latest snapshot of ${base}'s and never replaces it for a newer one`, () => {
    expect(dataSourcesOf(stack('data'), 'aws_db_snapshot')).toEqual([expect.objectContaining({ db_instance_identifier: `lq3-${base}-mysql`, most_recent: true })]);
    const [writer] = resourcesOf(stack('data'), 'aws_db_instance');
    expect(writer.identifier).toBe(`lq3-${env}-mysql`);
    // Through its own re-encrypted copy of that snapshot (the base's key never reaches the copy).
    const [snapshotCopy] = resourcesOf(stack('data'), 'aws_db_snapshot_copy');
    expect(snapshotCopy.kms_key_id).toMatch(/aws_kms_key\./);
    expect(writer.snapshot_identifier).toMatch(/^\$\{aws_db_snapshot_copy\./);
    expect((writer.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain('snapshot_identifier');
    expect((writer.lifecycle as { replace_triggered_by: string[] }).replace_triggered_by).toEqual([expect.stringMatching(/^terraform_data\./)]);
    expect(writer).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
  });

  it(`routes its hostnames through ${base}'s ALB, with no load balancer of its own (ADR 0013)`, () => {
    expect(resourcesOf(stack('edge'), 'aws_lb')).toEqual([]);
    expect(dataSourcesOf(stack('edge'), 'aws_lb')).toEqual([expect.objectContaining({ name: `lq3-${base}` })]);
    expect(resourcesOf(stack('edge'), 'aws_lb_listener_certificate')).toHaveLength(1);
    const names = resourcesOf(stack('dns'), 'cloudflare_dns_record').map((record) => record.name);
    expect(names.sort()).toEqual([`${hostPrefix}-admin.lq3.example.com`, `${hostPrefix}-api.lq3.example.com`, `${hostPrefix}.lq3.example.com`]);
  });
}
