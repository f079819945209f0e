/**
 * The account layer (live/accounts) in the PR comment: its stacks are grouped
 * per account scope (`staging-global`, `production-global`) like an env's, and a
 * trail bucket or key it would delete is listed first like any stateful delete.
 * End to end: the real account layer synthesized, planned by the runner against
 * its fake Terraform, and rendered from the runner's summary with its costs.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { planFromSynth } from '@lq3/cost/scripts/synth-plans';
import { ACCOUNTS_CONFIG_FILE, readSynthOutput, synthAccountProject } from '@lq3/live-shared';
import { plan } from '@lq3/terraform-runner/src/plan';
import type { EnvPlanSummary, ResourceChangeSummary, StackPlanSummary } from '@lq3/terraform-runner/src/plan-summary';
import { Sandbox } from '@lq3/terraform-runner/test/helpers';
import { loadPlans } from '../src/load';
import { renderComment } from '../src/render';

function stack(scope: string, unit: string, changes: StackPlanSummary['changes'] = []): StackPlanSummary {
  const count = (action: string) => changes.filter((change) => change.action === action).length;
  return {
    stack: `${scope}-${unit}`,
    environment: scope,
    unit,
    status: changes.length > 0 ? 'changes' : 'no-changes',
    counts: { create: count('create'), update: count('update'), delete: count('delete'), replace: 0, import: 0, move: 0 },
    changes,
    drift: [],
    modules: { '@lq3/live-shared': '0.1.0', ...(unit === 'audit' ? { '@lq3/cloudtrail': '0.1.0' } : {}) },
    durationMs: 1,
    synthHash: 'x',
  };
}

const summary = (stacks: StackPlanSummary[]): EnvPlanSummary => ({
  schemaVersion: 1,
  project: 'accounts',
  commit: 'abcdef1234567',
  generatedAt: '2026-12-03T05:39:00.000Z',
  terraform: { binary: 'terraform', version: '1.10.5' },
  stacks,
});

describe('the account layer in the PR comment', () => {
  const created = (address: string, type: string): ResourceChangeSummary => ({ address, type, actions: ['create'], action: 'create', changedAttributes: [], importing: false, moved: false, stateful: false });

  it('gets a row per account scope with its units, and its module versions', () => {
    const body = renderComment(
      [
        summary([
          stack('staging-global', 'baseline', [created('aws_guardduty_detector.baseline_guardduty', 'aws_guardduty_detector')]),
          stack('staging-global', 'audit', [created('aws_cloudtrail.trail_trail', 'aws_cloudtrail')]),
          stack('staging-global', 'cost'),
          stack('staging-global', 'chat', [created('aws_chatbot_slack_channel_configuration.alerts_channel', 'aws_chatbot_slack_channel_configuration')]),
        ]),
      ],
      { flavour: 'github' },
    ).body;
    expect(body).toMatch(/\| staging-global \| .*audit/);
    expect(body).toContain('aws_cloudtrail.trail_trail');
    expect(body).toContain('aws_chatbot_slack_channel_configuration.alerts_channel');
    expect(body).toContain('`@lq3/cloudtrail@0.1.0`');
  });

  it('lists a trail bucket the plan would delete among the stateful deletes, first', () => {
    const deleted: ResourceChangeSummary = { address: 'aws_s3_bucket.trail_bucket', type: 'aws_s3_bucket', actions: ['delete'], action: 'delete', changedAttributes: [], importing: false, moved: false, stateful: true };
    const body = renderComment([summary([stack('production-global', 'audit', [deleted])])], { flavour: 'bitbucket' }).body;
    const danger = body.indexOf('aws_s3_bucket.trail_bucket');
    expect(danger).toBeGreaterThan(-1);
    expect(body.slice(0, danger)).toMatch(/production-global/);
  });
});

describe('the real account layer, planned through the runner, in the PR comment', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.cleanup());

  it('its first plan: every unit of both accounts with its creates, and each account\'s monthly cost from nothing', async () => {
    sandbox = new Sandbox();
    sandbox.copyRealEnvFiles();
    const projectDir = join(sandbox.liveDir, 'accounts');
    mkdirSync(projectDir, { recursive: true });
    cpSync(join(__dirname, '..', '..', '..', 'live', 'accounts', ACCOUNTS_CONFIG_FILE), join(projectDir, ACCOUNTS_CONFIG_FILE));
    synthAccountProject(projectDir);
    // Nothing applied yet: every synthesized resource is a create.
    const stacks = readSynthOutput<Parameters<typeof planFromSynth>[1]>(join(projectDir, 'cdktf.out'));
    sandbox.setScenario({ stacks: Object.fromEntries(stacks.map((stack) => [stack.name, { plan: { planJson: planFromSynth(undefined, stack.json) } }])) });
    const creates = new Map(stacks.map((stack) => [stack.name, Object.values(stack.json?.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0)]));

    const run = await plan(sandbox.context(projectDir));
    expect(run.ok).toBe(true);
    const [summary] = loadPlans([join(projectDir, 'tfplan')]);
    expect(summary.stacks.map((stack) => [stack.stack, stack.counts.create]).sort()).toEqual([...creates].sort());
    expect(summary.costs?.map((cost) => [cost.environment, cost.error, cost.before]).sort()).toEqual([
      ['production-global', undefined, 0],
      ['staging-global', undefined, 0],
    ]);
    for (const cost of summary.costs ?? []) expect(cost.drivers.map((driver) => driver.driver)).toEqual(expect.arrayContaining(['CloudTrail', 'GuardDuty', 'KMS keys']));

    const body = renderComment([summary], { flavour: 'github' }).body;
    for (const scope of ['staging-global', 'production-global']) {
      for (const unit of ['baseline', 'audit', 'cost', 'chat']) expect(body).toMatch(new RegExp(`\\| ${scope} \\| ${scope}-${unit} \\| ${creates.get(`${scope}-${unit}`)} \\|`));
      const after = summary.costs!.find((cost) => cost.environment === scope)!.after;
      expect(body).toContain(`| ${scope} | $0.00 | $${after.toFixed(2)} | +$${after.toFixed(2)} | `);
    }
    expect(body).not.toContain('no estimate');
  });
});
