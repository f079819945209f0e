/**
 * An environment's whole life, for real: Terraform 1.x with the hashicorp/aws
 * provider built from source and the Cloudflare stand-in, through `nx run` and
 * the runner in emulator mode, against moto (tools/aws-emulator) and the fake
 * Cloudflare API on 127.0.0.1. In a copy of the workspace, so env.yaml edits
 * never touch the checkout. Steps depend on each other and run in order; each
 * step's wall time is printed at the end and written to tools/lifecycle/results.json.
 *
 *   npx nx run lifecycle:e2e
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS } from '@lq3/live-shared';
import { ensureProviders } from '@lq3/terraform-providers';
import { destroysStatefulResource, EMULATOR_CLOUDFLARE_TOKEN } from '@lq3/terraform-runner';
import { createDbSnapshot } from '../src/emulated-aws';
import { emulatorRunEnvironment, nxRunner, type NxResult, type NxRunner } from '../src/nx';
import { changesOf, explainChanges, readSummary, reviewNoChanges } from '../src/plan-checks';
import { startServer, type RunningServer } from '../src/servers';
import { stateResources } from '../src/state';
import { copyWorkspace, type WorkspaceCopy } from '../src/workspace-copy';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const RESULTS_FILE = join(__dirname, '..', 'results.json');
const MINUTE = 60_000;

let copy: WorkspaceCopy;
let servers: RunningServer[] = [];
let nx: NxRunner;
let env: NodeJS.ProcessEnv;
let emulatorFlags: string[];
const timings: { step: string; seconds: number }[] = [];
/** Set when a step fails: later steps depend on it and are not attempted. */
let broken: string | undefined;

/** Runs one lifecycle step, timing it; after a failed step the rest fail at once, naming it. */
function step(name: string, body: () => Promise<void>, timeoutMinutes = 20): void {
  test(
    name,
    async () => {
      // A step started beside an earlier one ran on its own: report its outcome whatever happened since.
      const started = background.get(name);
      if (broken && !started) throw new Error(`not attempted: the earlier step "${broken}" failed`);
      try {
        await (started ?? timed(name, body));
      } catch (error) {
        broken = name;
        throw error;
      }
    },
    timeoutMinutes * MINUTE,
  );
}

/** Steps started early, beside another one, by name: their test awaits them. */
const background = new Map<string, Promise<void>>();

/** Starts step `name` now, beside the running one; its own test waits for it and reports it. */
function startAlongside(name: string, body: () => Promise<void>): void {
  const running = timed(name, body);
  running.catch(() => undefined); // reported by its own test
  background.set(name, running);
}

async function timed(name: string, body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
  } finally {
    timings.push({ step: name, seconds: Math.round((Date.now() - started) / 100) / 10 });
  }
}

/** `nx run <target>` and expect exit 0, showing the output otherwise. */
async function run(target: string, ...args: string[]): Promise<NxResult> {
  const result = await nx.run(target, args);
  if (result.exitCode !== 0) throw new Error(`nx run ${target} ${args.join(' ')} exited ${result.exitCode}:\n${result.output.slice(-12_000)}`);
  // The runner's progress (rounds, per-stack timings) for the CI log.
  const progress = result.output.split('\n').filter((line) => /\] (plan|apply|destroy|plan -destroy) finished|\] deferred|round \d|^\S+: (plan|apply|validate|destroy):/.test(line));
  console.log([`nx run ${target}: ${(result.durationMs / 1000).toFixed(1)} s`, ...progress.map((line) => `  ${line.trim()}`)].join('\n'));
  return result;
}

const runnerFlags = (...flags: string[]) => [...flags, ...emulatorFlags];

/** Plans `project` and expects every stack to have no changes but known emulator quirks. */
async function expectNoChanges(project: string): Promise<void> {
  await run(`${project}:plan`, ...runnerFlags());
  const summary = readSummary(copy.root, project);
  const review = reviewNoChanges(summary);
  for (const quirk of review.quirks) console.log(`emulator quirk, ${project}: ${quirk}`);
  if (review.unexpected.length > 0) console.log([`unexpected changes in ${project}:`, ...explainChanges(copy.root, summary)].join('\n  '));
  expect(review.unexpected).toEqual([]);
}

beforeAll(async () => {
  const logs = join(WORKSPACE_ROOT, 'tools', 'lifecycle', 'logs');
  mkdirSync(logs, { recursive: true });
  // Providers are built from the synthesized stacks' needs; the checkout's synth is current in CI.
  const mirror = await ensureProviders({ workspaceRoot: WORKSPACE_ROOT, log: (line) => console.log(line) });
  const fakeApi = mirror.providers.find((provider) => provider.companions['fake-cloudflare-api'])?.companions['fake-cloudflare-api'];
  if (!fakeApi) throw new Error('the Cloudflare stand-in build has no fake-cloudflare-api (tools/terraform-providers/src/sources.ts)');

  copy = copyWorkspace(WORKSPACE_ROOT);
  const stateBuckets = Object.values(ACCOUNTS).flatMap((account) => ['--create-bucket', `${account.id}:${account.stateBucket}:${account.stateRegion}`]);
  servers.push(
    await startServer({
      name: 'AWS emulator',
      command: join(WORKSPACE_ROOT, 'tools', 'aws-emulator', 'bin', 'lq3-aws-emulator'),
      args: ['--port', '0', ...stateBuckets],
      logFile: join(logs, 'aws-emulator.log'),
    }),
  );
  servers.push(
    await startServer({
      name: 'fake Cloudflare API',
      command: fakeApi,
      args: ['--listen', '127.0.0.1:0', '--token', EMULATOR_CLOUDFLARE_TOKEN, '--zone', 'lq3.example.com'],
      logFile: join(logs, 'fake-cloudflare-api.log'),
    }),
  );
  const [aws, cloudflare] = servers;
  emulatorFlags = [`--emulator-aws=${aws.url}`, `--emulator-cloudflare=${cloudflare.url}/client/v4`];
  env = emulatorRunEnvironment(process.env, { TF_CLI_CONFIG_FILE: mirror.cliConfigFile, TF_PLUGIN_CACHE_DIR: mirror.pluginCacheDir });
  nx = nxRunner(copy.root, env);
}, 60 * MINUTE);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  copy?.remove();
  const width = Math.max(...timings.map((timing) => timing.step.length));
  console.log(['lifecycle step wall times:', ...timings.map((timing) => `  ${timing.step.padEnd(width)}  ${timing.seconds.toFixed(1)} s`)].join('\n'));
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), timings }, null, 2)}\n`);
}, 2 * MINUTE);

describe('an environment’s life against the emulators', () => {
  // (a) and (b) are independent environments in different accounts: brought up side by side,
  // as CI would apply them, with each one's own wall time printed by run().
  step('(a) staging01 and (b) production01 from nothing to applied, writer and replica, then no changes', async () => {
    await Promise.all([run('staging01:up', ...runnerFlags('--auto-approve')), run('production01:up', ...runnerFlags('--auto-approve'))]);
    const databases = stateResources(copy.root, 'production01', 'production01-data', env).filter((resource) => resource.type === 'aws_db_instance');
    expect(databases.map((database) => [database.values['identifier'], database.values['replicate_source_db'] || null]).sort()).toEqual([
      ['lq3-production01-mysql', null],
      ['lq3-production01-mysql-replica-1', expect.stringMatching(/^arn:aws:rds:eu-central-1:222222222222:db:lq3-production01-mysql$/)],
    ]);
    await Promise.all([expectNoChanges('staging01'), expectNoChanges('production01')]);
  });

  const IMAGE_TAG_CHANGE =
    '(d) an image tag change is one new task definition revision, one service update and its four deployment messages and the dashboard naming the new tag; staging01 and production01 then plan no changes';

  step('(c) parallel-front restored from snapshots of its bases, then no changes', async () => {
    const snapshots = {
      'staging-front': createDbSnapshot(WORKSPACE_ROOT, servers[0].url, ACCOUNTS.staging.id, 'lq3-staging01-mysql', 'lq3-staging01-mysql-manual-1'),
      'production-front': createDbSnapshot(WORKSPACE_ROOT, servers[0].url, ACCOUNTS.production.id, 'lq3-production01-mysql', 'lq3-production01-mysql-manual-1'),
    };
    // (d) touches only staging01, which parallel-front does not read: it runs meanwhile.
    startAlongside(IMAGE_TAG_CHANGE, imageTagChange);
    await run('parallel-front:up', ...runnerFlags('--auto-approve'));
    for (const [environment, snapshotArn] of Object.entries(snapshots)) {
      // The base's snapshot, copied under the copy's own key, restored as the copy's writer.
      const data = stateResources(copy.root, 'parallel-front', `${environment}-data`, env);
      const [snapshotCopy] = data.filter((resource) => resource.type === 'aws_db_snapshot_copy');
      const [copyDb] = data.filter((resource) => resource.type === 'aws_db_instance');
      expect(snapshotArn).toContain(String(snapshotCopy.values['source_db_snapshot_identifier']).split(':').pop());
      expect(copyDb.values['identifier']).toBe(`lq3-${environment}-mysql`);
      expect(copyDb.values['snapshot_identifier']).toBe(snapshotCopy.values['target_db_snapshot_identifier']);
    }
    await expectNoChanges('parallel-front');
  });

  async function imageTagChange(): Promise<void> {
    copy.editEnv('staging01', (yaml) => yaml.replace(/(\n {6}web:\n(?: {8}.*\n)*? {8}tag: )"2026\.11\.3"/, '$1"2026.11.4"'));
    await run('staging01:plan', ...runnerFlags());
    const summary = readSummary(copy.root, 'staging01');
    expect(summary.stacks.filter((stack) => stack.status !== 'no-changes').map((stack) => stack.stack)).toEqual(['staging01-services']);
    expect(changesOf(summary).sort()).toEqual([
      'staging01-services: replace aws_ecs_task_definition.web_task-definition_5F540415',
      // The on-call dashboard's header names each app's deployed tag.
      'staging01-services: update aws_cloudwatch_dashboard.monitoring_dashboard_CB3271E2',
      'staging01-services: update aws_cloudwatch_event_target.monitoring_web-deployments_completed-notification_67E3F8E8',
      'staging01-services: update aws_cloudwatch_event_target.monitoring_web-deployments_failed-notification_9F05B62C',
      'staging01-services: update aws_cloudwatch_event_target.monitoring_web-deployments_rollback-notification_9370BF91',
      'staging01-services: update aws_cloudwatch_event_target.monitoring_web-deployments_started-notification_707EC30D',
      'staging01-services: update aws_ecs_service.web_service_10983F6A',
    ]);
    await run('staging01:apply', ...runnerFlags('--auto-approve'));
    await Promise.all(['staging01', 'production01'].map(expectNoChanges));
  }

  step(IMAGE_TAG_CHANGE, imageTagChange);

  step('(e) parallel-front switched off and on again', async () => {
    let original = '';
    copy.editEnv('parallel-front', (yaml) => {
      original = yaml;
      return yaml.replace(/enabled: true/g, 'enabled: false');
    });
    await run('parallel-front:plan', ...runnerFlags());
    // Switching off loses the apps' log groups (stateful): the guard refuses until the operator
    // names each one, as docs/environments.md says; the database copy is kept, so nothing else.
    const losses = readSummary(copy.root, 'parallel-front').stacks.flatMap((stack) =>
      stack.changes.filter(destroysStatefulResource).map((change) => `${stack.stack}:${change.address}`),
    );
    expect(losses.length).toBeGreaterThan(0);
    for (const loss of losses) expect(loss).toMatch(/^(staging|production)-front-services:aws_cloudwatch_log_group\./);
    await run('parallel-front:apply', ...runnerFlags('--auto-approve', ...losses.map((loss) => `--allow-destroy=${loss}`)));
    await expectNoChanges('parallel-front');
    for (const environment of ['staging-front', 'production-front']) {
      expect(stateResources(copy.root, 'parallel-front', `${environment}-edge`, env)).toEqual([]);
      expect(stateResources(copy.root, 'parallel-front', `${environment}-data`, env).some((resource) => resource.type === 'aws_db_instance')).toBe(true);
    }
    // Back to the file as it was: flipping every `enabled: false` would also switch on jobs that are off.
    copy.editEnv('parallel-front', () => original);
    await run('parallel-front:up', ...runnerFlags('--auto-approve'));
    await expectNoChanges('parallel-front');
  });

  step('(f) parallel-front destroyed to an empty state; production01 still refused', async () => {
    await run('parallel-front:destroy', ...runnerFlags('--auto-approve'));
    for (const environment of ['staging-front', 'production-front']) {
      for (const unit of ['network', 'data', 'edge', 'services', 'jobs', 'dns']) {
        expect([`${environment}-${unit}`, stateResources(copy.root, 'parallel-front', `${environment}-${unit}`, env)]).toEqual([`${environment}-${unit}`, []]);
      }
    }
    const refused = await nx.run('production01:destroy', runnerFlags('--auto-approve'));
    expect(refused.exitCode).not.toBe(0);
    expect(refused.output).toContain('destroy refused: production01');
  });
});
