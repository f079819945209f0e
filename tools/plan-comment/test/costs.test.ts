/**
 * The monthly cost section: per env the estimate before and after the plan (the runner's
 * `costs`, tools/cost), the change and the drivers that move most, right under the counts.
 */
import type { PlanCost } from '@lq3/cost';
import type { EnvPlanSummary, StackPlanSummary } from '@lq3/terraform-runner/src/plan-summary';
import { renderComment } from '../src/render';

function stack(name: string): StackPlanSummary {
  const [environment, unit] = name.split(/-(?=[a-z]+$)/);
  return {
    stack: name,
    environment,
    unit,
    status: 'changes',
    counts: { create: 1, update: 0, delete: 0, replace: 0, import: 0, move: 0 },
    changes: [{ address: 'aws_db_instance.replica', type: 'aws_db_instance', actions: ['create'], action: 'create', changedAttributes: ['instance_class'], importing: false, moved: false, stateful: true }],
    drift: [],
    modules: {},
    durationMs: 1,
    synthHash: 'x',
  };
}

function summary(project: string, stacks: string[], costs?: PlanCost[]): EnvPlanSummary {
  return { schemaVersion: 1, project, commit: 'abcdef1234567', generatedAt: '2026-12-03T05:39:00.000Z', terraform: { binary: 'terraform', version: '1.10.5' }, stacks: stacks.map(stack), ...(costs ? { costs } : {}) };
}

const staging: PlanCost = {
  environment: 'staging01',
  currency: 'USD',
  before: 400.74,
  after: 441.2,
  drivers: [
    { driver: 'RDS instance', before: 27.01, after: 54.02 },
    { driver: 'RDS storage', before: 2.74, after: 5.48 },
    { driver: 'RDS extended support', before: 146, after: 146.01 },
    { driver: 'CloudWatch alarms', before: 0.6, after: 0.9 },
  ],
};
const copy: PlanCost = { environment: 'staging-front', currency: 'USD', before: 97.85, after: 97.85, drivers: [], afterRunning: 230.63, afterIdle: 11.95, unplanned: ['staging-front-dns'] };
const broken: PlanCost = { environment: 'production01', currency: 'USD', before: 0, after: 0, drivers: [], error: 'resource type aws_elasticache_cluster has no price rule and is not listed as free' };

describe('monthly cost section', () => {
  const body = renderComment([summary('staging01', ['staging01-data'], [staging]), summary('parallel-front', ['staging-front-data'], [copy]), summary('production01', ['production01-data'], [broken])], { flavour: 'github' }).body;
  const row = (env: string) => body.split('\n').find((line) => line.startsWith(`| ${env} |`) && line.includes('$'));

  it('comes right after the counts table, before the per-stack details', () => {
    expect(body.indexOf('#### Changes by environment and stack')).toBeLessThan(body.indexOf('#### Monthly cost (estimate)'));
    expect(body.indexOf('#### Monthly cost (estimate)')).toBeLessThan(body.indexOf('<details>'));
    expect(body).toContain('| Env | Before | After | Change | Largest changes |');
  });

  it('shows before → after, the change and the three drivers that move most', () => {
    expect(row('staging01')).toBe('| staging01 | $400.74 | $441.20 | +$40.46 | RDS instance +$27.01, RDS storage +$2.74, RDS extended support +$0.01, 1 more |');
  });

  it('says when stacks were not planned, and what an office-hours env costs running and idle', () => {
    expect(row('staging-front')).toBe('| staging-front | $97.85 | $97.85 | $0.00 | 1 stack not planned, counted as configured |');
    expect(body).toContain('Office hours, after the change — running all month / idle all month: staging-front $230.63 / $11.95 (5 %).');
  });

  it('names why an env has no estimate instead of showing zeros', () => {
    expect(row('production01')).toBeUndefined();
    expect(body).toContain('| production01 | — | — | — | ⚠️ no estimate: resource type aws_elasticache_cluster has no price rule and is not listed as free |');
  });

  it('is absent when no summary carries costs (older summaries)', () => {
    expect(renderComment([summary('staging01', ['staging01-data'])], { flavour: 'bitbucket' }).body).not.toContain('Monthly cost');
  });
});
