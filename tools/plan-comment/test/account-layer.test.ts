/**
 * The account layer (live/accounts) in the PR comment: its stacks are grouped
 * per account scope (`staging-global`, `production-global`) like an env's, and a
 * trail bucket or key it would delete is listed first like any stateful delete.
 */
import type { EnvPlanSummary, ResourceChangeSummary, StackPlanSummary } from '@lq3/terraform-runner/src/plan-summary';
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
