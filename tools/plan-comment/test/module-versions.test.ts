/**
 * The module versions section: per env, each package's version — and where the
 * runner knew the comparison base (`modulesBefore`, ADR 0011), the version
 * before and after, so a promotion or a module release reads `vpc 0.2.0 → 0.3.0`.
 */
import type { EnvPlanSummary, StackPlanSummary } from '@lq3/terraform-runner/src/plan-summary';
import { renderComment } from '../src/render';

function stack(name: string, modules: Record<string, string>, modulesBefore?: Record<string, string>): StackPlanSummary {
  const [environment, unit] = name.split('-');
  return {
    stack: name,
    environment,
    unit,
    status: 'no-changes',
    counts: { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0 },
    changes: [],
    drift: [],
    modules,
    ...(modulesBefore ? { modulesBefore } : {}),
    durationMs: 1,
    synthHash: 'x',
  };
}

function summary(project: string, stacks: StackPlanSummary[]): EnvPlanSummary {
  return { schemaVersion: 1, project, commit: 'abcdef1234567', generatedAt: '2026-12-03T05:39:00.000Z', terraform: { binary: 'terraform', version: '1.10.5' }, stacks };
}

const row = (body: string, env: string) => body.split('\n').find((line) => line.startsWith(`| ${env} |`));

describe('module versions', () => {
  const promoted = summary('production01', [
    stack('production01-network', { '@lq3/live-shared': '0.1.1', '@lq3/vpc': '0.2.0' }, { '@lq3/live-shared': '0.1.0', '@lq3/vpc': '0.1.0' }),
    stack('production01-data', { '@lq3/live-shared': '0.1.1', '@lq3/rds-replica-pair': '0.1.0' }, { '@lq3/live-shared': '0.1.0', '@lq3/rds-replica-pair': '0.1.0' }),
  ]);
  const tracking = summary('staging01', [stack('staging01-network', { '@lq3/live-shared': '0.1.1', '@lq3/vpc': '0.2.0' }, { '@lq3/live-shared': '0.1.1', '@lq3/vpc': '0.2.0' })]);

  it('shows before → after for each package whose version changed, and the version alone otherwise', () => {
    const body = renderComment([promoted, tracking], { flavour: 'bitbucket' }).body;
    expect(body).toContain('##### Module versions (2 changes)');
    expect(row(body, 'production01')).toBe('| production01 | `@lq3/live-shared` 0.1.0 → **0.1.1** `@lq3/rds-replica-pair@0.1.0` `@lq3/vpc` 0.1.0 → **0.2.0** |');
    expect(row(body, 'staging01')).toBe('| staging01 | `@lq3/live-shared@0.1.1` `@lq3/vpc@0.2.0` |');
  });

  it('shows the versions alone when the runner knew no base', () => {
    const body = renderComment([summary('staging01', [stack('staging01-network', { '@lq3/vpc': '0.2.0' })])], { flavour: 'github' }).body;
    expect(body).toContain('<summary>Module versions</summary>');
    expect(row(body, 'staging01')).toBe('| staging01 | `@lq3/vpc@0.2.0` |');
  });
});
