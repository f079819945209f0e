import { loadPlans } from '../src/load';
import { BITBUCKET_SERVER_MAX_LENGTH, COMMENT_MARKERS, GITHUB_MAX_LENGTH, renderComment } from '../src/render';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizePlan, type EnvPlanSummary } from '@lq3/terraform-runner/src/plan-summary';
import { ERROR_FIXTURES, hugePlan, LIVE_FIXTURES, tempDir, TERRAFORM_LIVE_FIXTURES, writePlan } from './helpers';

const fixtures = loadPlans([LIVE_FIXTURES]);
const github = renderComment(fixtures, { flavour: 'github' }).body;
const bitbucket = renderComment(fixtures, { flavour: 'bitbucket' }).body;

/** Every code fence and <details> opened is closed again, in order. */
function expectWellFormed(body: string): void {
  let openFence: string | undefined;
  let openDetails = 0;
  for (const line of body.split('\n')) {
    const fence = line.match(/^(`{3,})/)?.[1];
    if (fence && (openFence === undefined || fence === openFence)) {
      openFence = openFence === undefined ? fence : undefined;
      continue;
    }
    if (openFence !== undefined) continue;
    openDetails += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
    expect(openDetails).toBeGreaterThanOrEqual(0);
  }
  expect(openFence).toBeUndefined();
  expect(openDetails).toBe(0);
}

function tableRow(body: string, stack: string): string[] {
  const line = body.split('\n').find((candidate) => candidate.startsWith('| ') && candidate.includes(`| ${stack} |`) && !candidate.includes('`'));
  if (!line) throw new Error(`no count row for ${stack}`);
  return line.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('renderComment on fixture plans (raw 1.2 + 0.1 plan JSON and a runner summary)', () => {
  it('starts with the sticky marker and a header with the commit and a one-line verdict', () => {
    expect(github.startsWith(`${COMMENT_MARKERS.github}\n`)).toBe(true);
    expect(bitbucket.startsWith(`${COMMENT_MARKERS.bitbucket}\n`)).toBe(true);
    expect(github).toContain('### Terraform plan for `4f2c9d1e8b7a`');
    expect(github).toContain('**⚠️ 4 stateful resources deleted or replaced · 2 to create, 2 to update, 2 to delete, 3 to replace, 1 to import, 1 to move in 1 of 2 environments**');
  });

  it('lists every stateful delete or replacement above everything else, uncollapsed, with env, stack, address and reason', () => {
    const danger = github.slice(github.indexOf('#### ⚠️ Stateful'), github.indexOf('#### Changes by'));
    expect(github.indexOf('#### ⚠️ Stateful')).toBeLessThan(github.indexOf('<details>'));
    expect(danger).toContain('| staging01 | staging01-data | `module.db.aws_db_instance.main` | `-/+` replace, delete before create | a changed attribute forces replacement `replace_because_cannot_update` (changed: ');
    expect(danger).toContain('| staging01 | staging01-data | `aws_s3_bucket.legacy_exports` | `-` delete | its configuration was removed `delete_because_no_resource_config` |');
    // An action_reason this tool does not know is shown as given, not dropped.
    expect(danger).toContain('`aws_secretsmanager_secret.app` | `+/-` replace, create before delete | unrecognised reason `replace_because_quantum_flux`');
    // Format 0.x plans carry no action_reason.
    expect(danger).toContain('| staging01 | staging01-network | `aws_kms_key.logs` | `-` delete | not given by this Terraform version |');
    expect(danger).not.toContain('aws_lb_target_group.blue'); // replaced, but not stateful
    expect(danger).not.toContain('aws_cloudwatch_log_group.app'); // imported, nothing lost
  });

  it('counts a replacement once, as replace, in the env x stack table', () => {
    expect(github).toContain('| Env | Stack | Create | Update | Delete | Replace | Import | Move | Forget | Outputs | Drift |');
    expect(tableRow(github, 'staging01-data')).toEqual(['staging01', 'staging01-data', '1', '1', '1', '3', '1', '1', '·', '·', '1']);
    expect(tableRow(github, 'staging01-network')).toEqual(['staging01', 'staging01-network', '1', '1', '1', '·', '·', '·', '·', '·', '·']);
  });

  it('shows each changed address with its action symbol and changed attribute names, telling -/+ from +/-', () => {
    const lines = github.split('\n');
    expect(lines).toContain('+   aws_s3_bucket.exports  (changed: arn, bucket, force_destroy, id, tags)');
    expect(lines).toContain('~   aws_ecs_service.api  (changed: desired_count)');
    expect(lines).toContain('-   aws_s3_bucket.legacy_exports  (STATEFUL)');
    expect(lines.find((line) => line.startsWith('-/+ module.db.aws_db_instance.main'))).toContain('replace, delete before create; STATEFUL; changed:');
    expect(lines.find((line) => line.startsWith('+/- aws_lb_target_group.blue'))).toContain('replace, create before delete; changed: arn, port');
    expect(lines).toContain('    aws_cloudwatch_log_group.app  (import)');
    expect(lines).toContain('    aws_security_group.database  (moved from aws_security_group.db)');
    expect(github).not.toContain('aws_iam_role.task'); // a plain no-op is noise
  });

  it('shows drift separately from planned changes', () => {
    const drift = github.slice(github.indexOf('Changed outside Terraform'));
    expect(drift).toContain('~   aws_security_group_rule.mysql_from_office  (changed: cidr_blocks)');
  });

  it('never prints attribute values, sensitive or not, only their names', () => {
    for (const body of [github, bitbucket]) {
      expect(body).not.toMatch(/s3cr3t|Passw0rd/);
      expect(body).not.toContain('lq3-staging01-legacy-exports');
      expect(body).toContain('password');
    }
  });

  it('folds environments without changes into one line and lists module versions per env', () => {
    expect(github).toContain('**No changes:** production01 (2 stacks)');
    expect(github).not.toContain('| production01 | production01-network |');
    expect(github).toContain('| production01 | `@lq3/alb@0.3.1` `@lq3/ecs-service@0.4.0` `@lq3/vpc@1.2.0` |');
  });

  it('uses <details> on GitHub and plain sections without any HTML on Bitbucket Cloud', () => {
    expect(github).toContain('<details><summary><b>staging01-data · 1 create, 1 update, 1 delete, 3 replace, 1 import, 1 move, 1 drifted</b></summary>');
    expect(bitbucket).toContain('##### staging01-data · 1 create, 1 update, 1 delete, 3 replace, 1 import, 1 move, 1 drifted');
    expect(bitbucket).not.toMatch(/<\/?[a-z]+[\s>]/i);
    expectWellFormed(github);
    expectWellFormed(bitbucket);
  });

  it('shows a failed stack with its error, in the verdict, the table and its own section', () => {
    const body = renderComment(loadPlans([ERROR_FIXTURES]), { flavour: 'github' }).body;
    expect(body).toContain('**❌ 1 stack failed to plan · 1 to create in 2 of 2 environments**');
    expect(body).toContain('#### ❌ Plan failed (1)\n\n**staging-front** · stack `staging-front-services`');
    expect(body).toContain('AccessDeniedException: User is not authorized to perform ecs:DescribeClusters');
    expect(tableRow(body, 'staging-front-services')).toEqual(['staging-front', 'staging-front-services', '❌ failed', '', '', '', '', '', '', '', '']);
    // Unchanged stacks of an env with changes stay out of the table.
    expect(body).not.toContain('| staging-front | staging-front-network |');
    expect(body).toContain('**No changes:** 1 other stack of staging-front');
    expectWellFormed(body);
  });

  it('shows stacks deferred behind an upstream plan in the verdict, the table and their own section with the reason', () => {
    const stack = (name: string, status: 'changes' | 'deferred', deferredBy?: string[]) => ({
      stack: name,
      environment: 'staging01',
      unit: name.split('-').pop() as string,
      status,
      ...(deferredBy ? { deferredBy } : {}),
      counts: { create: status === 'changes' ? 38 : 0, update: 0, delete: 0, replace: 0, import: 0, move: 0 },
      changes: [],
      drift: [],
      modules: {},
      durationMs: 0,
      synthHash: 'x',
    });
    const newEnv: EnvPlanSummary = {
      schemaVersion: 1,
      project: 'staging01',
      commit: '0123456789abcdef',
      generatedAt: '2026-12-03T06:00:00Z',
      terraform: { binary: 'terraform', version: '1.11.4' },
      stacks: [stack('staging01-network', 'changes'), stack('staging01-data', 'deferred', ['staging01-network: outputs vpc_id'])],
    };
    const body = renderComment([newEnv], { flavour: 'github' }).body;
    expect(body).toContain('**⏳ 1 stack planned after the others are applied · 38 to create in 1 of 1 environment**');
    expect(tableRow(body, 'staging01-data')).toEqual(['staging01', 'staging01-data', '⏳ deferred', '', '', '', '', '', '', '', '']);
    expect(body).toContain('#### ⏳ Deferred (1)');
    expect(body).toContain('- **staging01** · `staging01-data` waits for `staging01-network: outputs vpc_id`');
    expect(body).not.toContain('No changes');
    expectWellFormed(body);
  });

  it('says so when nothing changes, and when no environment was planned at all', () => {
    const quiet = renderComment(loadPlans([`${LIVE_FIXTURES}/production01`]), { flavour: 'github' }).body;
    expect(quiet).toContain('**✅ No changes in 1 environment.**');
    expect(quiet).not.toContain('#### Changes by');
    const empty = renderComment([], { flavour: 'bitbucket' }).body;
    expect(empty).toContain('**No live environment is affected by this change.**');
  });

  it('rejects a size limit too small to hold anything useful', () => {
    expect(() => renderComment(fixtures, { flavour: 'github', maxLength: 100 })).toThrow('maxLength must be an integer of at least 2000, got 100');
  });
});

describe('renderComment on plans made by real Terraform 1.11', () => {
  const edgePlan = join(TERRAFORM_LIVE_FIXTURES, 'staging02', 'tfplan', 'staging02-edge.plan.json');
  const outputValues = /api\.staging02\.lq3\.example|203\.0\.113\.10|2026\.11/;

  it('shows a plan whose only changes are root outputs (exit code 2, apply runs), never as "No changes"', () => {
    for (const flavour of ['github', 'bitbucket'] as const) {
      const body = renderComment(loadPlans([edgePlan]), { flavour }).body;
      expect(body).toContain('**3 outputs to change in 1 of 1 environment**');
      expect(body).not.toContain('No changes');
      expect(tableRow(body, 'staging02-edge')).toEqual(['staging02', 'staging02-edge', '·', '·', '·', '·', '·', '·', '·', '3', '·']);
      expect(body).toContain('staging02-edge · 3 outputs');
      expect(body).toContain('Changes to outputs (names only):\n\n```diff\n~   api_url\n-   legacy_origin\n+   release\n```');
      expect(body).not.toMatch(outputValues);
      expectWellFormed(body);
    }
  });

  it('gets the output changes from the summary the runner writes, too', () => {
    const plan = summarizePlan(JSON.parse(readFileSync(edgePlan, 'utf8')));
    expect(JSON.stringify(plan)).not.toMatch(outputValues);
    const summary: EnvPlanSummary = {
      schemaVersion: 1,
      project: 'staging02',
      commit: 'abcdef1234567',
      generatedAt: '2026-12-03T05:39:00.000Z',
      terraform: { binary: 'terraform', version: '1.11.4' },
      // What `plan` records: status from the exit code (2), details from summarizePlan.
      stacks: [{ stack: 'staging02-edge', environment: 'staging02', unit: 'edge', status: 'changes', ...plan, modules: {}, durationMs: 1, synthHash: 'x' }],
    };
    const dir = tempDir();
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const body = renderComment(loadPlans([dir]), { flavour: 'github' }).body;
    expect(body).toContain('**3 outputs to change in 1 of 1 environment**');
    expect(body).toContain('~   api_url');
    // Whatever status a summary carries, itemised output changes keep the stack in the table.
    const quiet = { ...summary, stacks: summary.stacks.map((stack) => ({ ...stack, status: 'no-changes' as const })) };
    expect(tableRow(renderComment([quiet], { flavour: 'github' }).body, 'staging02-edge')).toEqual(['staging02', 'staging02-edge', '·', '·', '·', '·', '·', '·', '·', '3', '·']);
  });

  it('shows a forget (`removed` with destroy = false) in its own column and in the details, not as a destroy', () => {
    const dataPlan = join(TERRAFORM_LIVE_FIXTURES, 'staging02', 'tfplan', 'staging02-data.plan.json');
    const body = renderComment(loadPlans([dataPlan]), { flavour: 'github' }).body;
    expect(body).toContain('**1 to forget in 1 of 1 environment**');
    expect(tableRow(body, 'staging02-data')).toEqual(['staging02', 'staging02-data', '·', '·', '·', '·', '·', '·', '1', '·', '·']);
    expect(body).toContain('<details><summary><b>staging02-data · 1 forget</b></summary>');
    expect(body.split('\n')).toContain('.   terraform_data.legacy_exports  (forget: stays in place, no longer managed by Terraform)');
    expect(body).not.toContain('lq3-staging02-legacy-exports');
    expectWellFormed(body);

    // A forgotten bucket keeps its data: not in the stateful danger list. A create-then-forget replacement says what happens to the old object.
    const plan = JSON.parse(readFileSync(dataPlan, 'utf8')) as { resource_changes: { address: string; type: string; change: { actions: string[] } }[] };
    const forgotten = plan.resource_changes.find((change) => change.change.actions.includes('forget'))!;
    Object.assign(forgotten, { address: 'aws_s3_bucket.legacy_exports', type: 'aws_s3_bucket' });
    plan.resource_changes.push({ ...forgotten, address: 'aws_s3_bucket.exports', change: { ...forgotten.change, actions: ['create', 'forget'] } });
    const dir = tempDir();
    writePlan(dir, 'staging02', 'staging02-data', plan);
    const stateful = renderComment(loadPlans([dir]), { flavour: 'bitbucket' }).body;
    expect(stateful).not.toContain('Stateful resources deleted or replaced');
    expect(stateful.split('\n')).toContain('.   aws_s3_bucket.legacy_exports  (forget: stays in place, no longer managed by Terraform)');
    expect(stateful).toContain('\n+   aws_s3_bucket.exports  (the old object is forgotten, not destroyed; changed: ');
    expect(tableRow(stateful, 'staging02-data')).toEqual(['staging02', 'staging02-data', '1', '·', '·', '·', '·', '·', '2', '·', '·']);
  });

  it('never calls a stack Terraform planned with changes "No changes", even when a summary itemises none', () => {
    const [summary] = loadPlans([`${LIVE_FIXTURES}/production01`]);
    const older = { ...summary, stacks: summary.stacks.map((stack, i) => (i === 0 ? { ...stack, status: 'changes' as const } : stack)) };
    const body = renderComment([older], { flavour: 'github' }).body;
    expect(body).toContain('**1 stack with changes the summary does not itemise (see the plan log)**');
    expect(body).not.toContain('✅ No changes');
  });
});

describe('renderComment on a huge plan (600 resources)', () => {
  const root = tempDir();
  writePlan(root, 'staging01', 'staging01-dns', hugePlan(600, 3));
  const summaries = [...loadPlans([`${root}/live`]), ...fixtures];

  it.each([
    ['github', GITHUB_MAX_LENGTH],
    ['bitbucket', BITBUCKET_SERVER_MAX_LENGTH],
  ] as const)('keeps header, danger list and table and trims details under the %s limit (%d)', (flavour, limit) => {
    const { body, trimmed } = renderComment(summaries, { flavour });
    expect(trimmed).toBe(true);
    expect(body.length).toBeLessThanOrEqual(limit);
    expect(body.length).toBeGreaterThan(limit * 0.9); // trimmed to fit, not emptied
    expect(body).toContain(`Trimmed to stay under the ${limit.toLocaleString('en-US')}-character comment limit`);
    expect(body).toContain('`aws_s3_bucket.old_export_2`'); // danger list intact
    expect(body).toContain('`module.db.aws_db_instance.main`');
    expect(tableRow(body, 'staging01-dns')).toEqual(['staging01', 'staging01-dns', '600', '·', '3', '·', '·', '·', '·', '·', '·']);
    expect(body).toMatch(/# … \d+ more changes not shown \(size limit\)/);
    expectWellFormed(body);
  });

  it('trims output lines like change lines, closing every block', () => {
    const outputs = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`endpoint_${String(i).padStart(3, '0')}`, { actions: ['update'], before: 'a', after: 'b' }]));
    const dir = tempDir();
    writePlan(dir, 'staging01', 'staging01-edge', { format_version: '1.2', resource_changes: [], output_changes: outputs });
    const { body } = renderComment(loadPlans([dir]), { flavour: 'bitbucket', maxLength: 4_000 });
    expect(body.length).toBeLessThanOrEqual(4_000);
    expect(body).toContain('Changes to outputs (names only):');
    expect(body).toMatch(/~ {3}endpoint_\d{3}\n# … \d+ more changes not shown \(size limit\)\n```/);
    expectWellFormed(body);
  });

  it('honours a custom limit', () => {
    const { body } = renderComment(summaries, { flavour: 'github', maxLength: 20_000 });
    expect(body.length).toBeLessThanOrEqual(20_000);
    expectWellFormed(body);
  });

  it('renders the compact fallback without any per-stack details', () => {
    const { body, trimmed } = renderComment(summaries, { flavour: 'github', compact: true });
    expect(trimmed).toBe(true);
    expect(body).not.toContain('<summary><b>');
    expect(body).toContain('rejected the full comment as too long');
    expect(body).toContain('<summary>Module versions</summary>');
  });

  it('caps even the danger list, with a visible note, when it alone passes the limit', () => {
    const dir = tempDir();
    writePlan(dir, 'staging01', 'staging01-data', hugePlan(0, 400));
    const { body } = renderComment(loadPlans([dir]), { flavour: 'bitbucket', maxLength: 5_000 });
    expect(body.length).toBeLessThanOrEqual(5_000);
    expect(body).toMatch(/_… \d+ more rows left out \(size limit\); see the plan step's log\._/);
    expectWellFormed(body);
  });
});
