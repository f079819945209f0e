/**
 * Stack order across states: plans that would read outputs an upstream plan
 * creates or changes are deferred; `up` converges in rounds; stacks that only
 * remove things are applied dependents first.
 */
import { apply } from '../src/apply';
import { plan } from '../src/plan';
import { up } from '../src/up';
import { Sandbox, type StackSpec } from './helpers';

/** A stack reading `outputs` of `upstream` through cdktf's cross-stack remote state. */
function reading(name: string, upstream: string, outputs: string[]): StackSpec {
  const remoteState = `cross-stack-reference-input-${upstream}`;
  return {
    name,
    dependencies: [upstream],
    body: {
      data: { terraform_remote_state: { [remoteState]: { backend: 's3', config: { bucket: 'lq3-tfstate', key: `staging01/${upstream.split('-').pop()}.tfstate` } } } },
      resource: {
        terraform_data: Object.fromEntries(outputs.map((output) => [`uses_${output}`, { input: `\${data.terraform_remote_state.${remoteState}.outputs.${output}}` }])),
      },
    },
  };
}

/** Plan JSON: `resources` changed with `actions`, and root outputs with their actions. */
function planJson(actions: string[], resources: string[], outputs: Record<string, string[]> = {}) {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: resources.map((name) => ({
      address: `terraform_data.${name}`,
      mode: 'managed',
      type: 'terraform_data',
      name,
      change: { actions, before: actions.includes('create') && actions.length === 1 ? null : {}, after: actions.includes('delete') && actions.length === 1 ? null : {}, after_unknown: {} },
    })),
    output_changes: Object.fromEntries(Object.entries(outputs).map(([output, outputActions]) => [output, { actions: outputActions, before: null, after: 'x', after_unknown: false }])),
    errored: false,
    complete: true,
  };
}

const FRESH_ENV: StackSpec[] = [
  { name: 'staging01-network' },
  reading('staging01-data', 'staging01-network', ['vpc_id']),
  reading('staging01-services', 'staging01-data', ['writer_address']),
];

const calls = (sandbox: Sandbox, command: string) => sandbox.calls().filter((call) => call.command === command).map((call) => call.stack);

describe('stack order across states', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = new Sandbox();
    sandbox.now = new Date('2026-12-03T02:00:00Z');
  });
  afterEach(() => sandbox.cleanup());
  // Each test spawns a few dozen fake-terraform processes: generous for a busy machine.
  jest.setTimeout(60_000);

  it('defers the stacks that read outputs an upstream plan creates, and applies only what was planned', async () => {
    sandbox.setScenario({
      stacks: {
        'staging01-network': { plan: { planJson: planJson(['create'], ['vpc'], { vpc_id: ['create'] }) } },
        'staging01-data': { plan: { planJson: planJson(['create'], ['db'], { writer_address: ['create'] }) } },
      },
    });
    const projectDir = sandbox.project('staging01', FRESH_ENV);
    const run = await plan(sandbox.context(projectDir));

    expect(run.ok).toBe(true);
    expect(run.summary.stacks.map((stack) => [stack.stack, stack.status, stack.deferredBy])).toEqual([
      ['staging01-network', 'changes', undefined],
      ['staging01-data', 'deferred', ['staging01-network: outputs vpc_id']],
      ['staging01-services', 'deferred', ['staging01-data: deferred itself']],
    ]);
    expect(calls(sandbox, 'plan')).toEqual(['staging01-network']);

    expect(await apply(sandbox.context(projectDir), { autoApprove: true })).toBe(true);
    expect(calls(sandbox, 'apply')).toEqual(['staging01-network']);
    expect(sandbox.printed.at(-1)).toBe(
      'apply: staging01-data, staging01-services deferred (they read outputs this apply created or changed); plan and apply again for them, or run nx run staging01:up',
    );
  });

  it('plans a dependent normally when the upstream plan changes only outputs it does not read', async () => {
    sandbox.setScenario({
      default: { plan: { planJson: planJson(['update'], ['thing'], { alarm_topic_arn: ['update'] }) } },
    });
    const projectDir = sandbox.project('staging01', FRESH_ENV);
    const run = await plan(sandbox.context(projectDir));
    expect(run.summary.stacks.map((stack) => stack.status)).toEqual(['changes', 'changes', 'changes']);
  });

  it('up brings a new environment up in rounds, each stack planned once, after what it reads is applied', async () => {
    sandbox.setScenario({
      stacks: {
        'staging01-network': { plan: { planJson: planJson(['create'], ['vpc'], { vpc_id: ['create'] }) } },
        'staging01-data': { plan: { planJson: planJson(['create'], ['db'], { writer_address: ['create'] }) } },
        'staging01-services': { plan: { planJson: planJson(['create'], ['api']) } },
      },
    });
    const projectDir = sandbox.project('staging01', FRESH_ENV);
    expect(await up(sandbox.context(projectDir), { autoApprove: true })).toBe(true);

    expect(calls(sandbox, 'plan')).toEqual(['staging01-network', 'staging01-data', 'staging01-services']);
    expect(calls(sandbox, 'apply')).toEqual(['staging01-network', 'staging01-data', 'staging01-services']);
    const planOf = (stack: string) => sandbox.calls().findIndex((call) => call.command === 'plan' && call.stack === stack);
    const applyOf = (stack: string) => sandbox.calls().findIndex((call) => call.command === 'apply' && call.stack === stack);
    expect(planOf('staging01-data')).toBeGreaterThan(applyOf('staging01-network'));
    expect(planOf('staging01-services')).toBeGreaterThan(applyOf('staging01-data'));
    expect(sandbox.printed.filter((line) => line.startsWith('up staging01, round'))).toEqual([
      'up staging01, round 1: staging01-network, staging01-data, staging01-services',
      'up staging01, round 2: staging01-data, staging01-services',
      'up staging01, round 3: staging01-services',
    ]);
  });

  it('up stops at a failed plan without applying anything of that round', async () => {
    sandbox.setScenario({
      stacks: {
        'staging01-network': { plan: { planJson: planJson(['create'], ['vpc'], { vpc_id: ['create'] }) } },
        'staging01-data': { plan: { exitCode: 1, stderr: 'Error: invalid engine version\n' } },
      },
    });
    const projectDir = sandbox.project('staging01', FRESH_ENV);
    expect(await up(sandbox.context(projectDir), { autoApprove: true })).toBe(false);
    expect(calls(sandbox, 'apply')).toEqual(['staging01-network']);
    expect(sandbox.errors.at(-1)).toBe('up stopped in round 2: the plan failed for staging01-data; nothing more was applied.');
  });

  it('applies stacks that only remove things first, dependents before their dependencies, then the rest in order', async () => {
    // Switching an env off: services and edge lose everything, network changes a tag.
    const stacks: StackSpec[] = [
      { name: 'staging01-network' },
      { name: 'staging01-edge', dependencies: ['staging01-network'] },
      { name: 'staging01-services', dependencies: ['staging01-network', 'staging01-edge'] },
    ];
    sandbox.setScenario({
      stacks: {
        'staging01-network': { plan: { planJson: planJson(['update'], ['vpc']) }, apply: { delayMs: 30 } },
        'staging01-edge': { plan: { planJson: planJson(['delete'], ['alb', 'alb_security_group']) }, apply: { delayMs: 30 } },
        'staging01-services': { plan: { planJson: planJson(['delete'], ['api', 'ingress_from_alb']) }, apply: { delayMs: 30 } },
      },
    });
    const projectDir = sandbox.project('staging01', stacks);
    await plan(sandbox.context(projectDir));
    expect(await apply(sandbox.context(projectDir), { autoApprove: true })).toBe(true);
    expect(calls(sandbox, 'apply')).toEqual(['staging01-services', 'staging01-edge', 'staging01-network']);
  });
});
