import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apply } from '../src/apply';
import { main } from '../src/cli';
import { plan } from '../src/plan';
import { Sandbox, stackSpans, type StackSpec } from './helpers';

const STACKS: StackSpec[] = [
  { name: 'staging01-network' },
  { name: 'staging01-data', dependencies: ['staging01-network'] },
  { name: 'staging01-services', dependencies: ['staging01-data'] },
];

/** A plan JSON with one change to the database instance. */
function databasePlan(actions: string[]) {
  return {
    format_version: '1.2',
    terraform_version: '1.10.3',
    resource_changes: [
      {
        address: 'aws_db_instance.database',
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'database',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions,
          before: actions[0] === 'create' && actions.length === 1 ? null : { identifier: 'lq3-staging01-mysql', storage_encrypted: false },
          after: actions.length === 1 && actions[0] === 'delete' ? null : { identifier: 'lq3-staging01-mysql', storage_encrypted: true },
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
        },
      },
    ],
    errored: false,
    complete: true,
  };
}

const appliedStacks = (sandbox: Sandbox) => sandbox.calls().filter((call) => call.command === 'apply').map((call) => call.stack);

describe('apply', () => {
  let sandbox: Sandbox;
  let projectDir: string;
  const changesEverywhere = { default: { plan: { planJson: 'network-changes.json' } } };
  beforeEach(() => {
    sandbox = new Sandbox(changesEverywhere);
    sandbox.now = new Date('2026-11-22T02:00:00Z');
    projectDir = sandbox.project('staging01', STACKS);
  });
  afterEach(() => sandbox.cleanup());

  it('applies the saved plans in dependency order after init, and only stacks with changes', async () => {
    sandbox.setScenario({ default: { plan: { planJson: 'network-changes.json' }, apply: { delayMs: 50 } }, stacks: { 'staging01-data': { plan: { exitCode: 0 } } } });
    await plan(sandbox.context(projectDir));
    expect(await apply(sandbox.context(projectDir), { autoApprove: true })).toBe(true);

    expect(appliedStacks(sandbox)).toEqual(['staging01-network', 'staging01-services']);
    const spans = stackSpans(sandbox.calls(), ['apply']);
    expect(spans.get('staging01-services')!.start).toBeGreaterThanOrEqual(spans.get('staging01-network')!.end);
    const applyCall = sandbox.calls().find((call) => call.command === 'apply')!;
    expect(applyCall.args.at(-1)).toBe(join(projectDir, 'tfplan', 'staging01-network.tfplan'));
    expect(sandbox.printed).toContain('apply: 2 stack(s) done');
  });

  it('stops at the first failing stack and fails', async () => {
    sandbox.setScenario({ ...changesEverywhere, stacks: { 'staging01-data': { plan: { planJson: 'network-changes.json' }, apply: { exitCode: 1, stderr: 'Error: creating RDS DB Instance: InvalidParameterCombination\n' } } } });
    await plan(sandbox.context(projectDir));
    const exitCode = await main(['apply', '--auto-approve', '--project-dir', projectDir], sandbox.context(projectDir));

    expect(exitCode).toBe(1);
    expect(appliedStacks(sandbox)).toEqual(['staging01-network', 'staging01-data']);
    expect(sandbox.errors.join('\n')).toContain('Error: creating RDS DB Instance: InvalidParameterCombination');
    expect(sandbox.errors.at(-1)).toBe('apply failed for staging01-data; not started: staging01-services');
  });

  it('refuses when the synthesized JSON changed since the plan', async () => {
    await plan(sandbox.context(projectDir));
    writeFileSync(join(projectDir, 'cdktf.out', 'stacks', 'staging01-data', 'cdk.tf.json'), '{"//":{"lq3":{"environment":"staging01","account":"staging","unit":"data"}},"resource":{}}');
    await expect(apply(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow(
      'apply refused: the synthesized stacks changed since the plan (staging01-data); plan again so you apply what you reviewed.',
    );
    expect(appliedStacks(sandbox)).toEqual([]);
  });

  it('refuses when a stack was added or removed since the plan', async () => {
    await plan(sandbox.context(projectDir));
    sandbox.project('staging01', STACKS.slice(0, 2));
    await expect(apply(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow('(staging01-services)');
  });

  it('refuses a plan older than --max-plan-age', async () => {
    await plan(sandbox.context(projectDir));
    sandbox.now = new Date('2026-11-22T04:30:00Z');
    const exitCode = await main(['apply', '--auto-approve', '--project-dir', projectDir], sandbox.context(projectDir));
    expect(exitCode).toBe(1);
    expect(sandbox.errors).toEqual(['apply refused: the saved plan is 2h30m old, more than the 2h00m allowed (--max-plan-age); plan again.']);
    expect(await main(['apply', '--auto-approve', '--max-plan-age=3h', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(0);
  });

  it('refuses without a saved plan, and after a failed plan', async () => {
    await expect(apply(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow(
      `no saved plan in ${join(projectDir, 'tfplan')}; run nx run staging01:plan first.`,
    );
    sandbox.setScenario({ stacks: { 'staging01-services': { plan: { exitCode: 1 } } } });
    await plan(sandbox.context(projectDir));
    await expect(apply(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow('apply refused: the plan failed for staging01-services; fix it and plan again.');
  });

  it('applies a plan once: a second apply asks for a new plan', async () => {
    await plan(sandbox.context(projectDir));
    expect(await apply(sandbox.context(projectDir), { autoApprove: true })).toBe(true);
    await expect(apply(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow(
      'the saved plan of staging01-network is missing (already applied, or removed); plan again.',
    );
  });

  it('asks for "yes" unless --auto-approve, and applies nothing without it', async () => {
    await plan(sandbox.context(projectDir));
    await expect(apply(sandbox.context(projectDir))).rejects.toThrow('apply cancelled: confirmation was "", not "yes" (use --auto-approve in CI).');
    sandbox.answer = 'y';
    await expect(apply(sandbox.context(projectDir))).rejects.toThrow('confirmation was "y"');
    expect(appliedStacks(sandbox)).toEqual([]);
    sandbox.answer = 'yes';
    expect(await apply(sandbox.context(projectDir))).toBe(true);
    expect(sandbox.printed).toContain('Type "yes" to apply staging01:');
    expect(appliedStacks(sandbox)).toHaveLength(3);
  });

  it('refuses at once without --auto-approve when there is no terminal to ask in', async () => {
    await plan(sandbox.context(projectDir));
    sandbox.interactive = false;
    sandbox.answer = 'yes';
    await expect(apply(sandbox.context(projectDir))).rejects.toThrow(
      'apply needs a "yes" typed in a terminal, and stdin is not one; pass --auto-approve for non-interactive runs (CI).',
    );
    expect(appliedStacks(sandbox)).toEqual([]);
  });

  describe('stateful guard', () => {
    it.each([
      ['delete', ['delete']],
      ['replace (delete-before-create)', ['delete', 'create']],
      ['replace (create-before-delete)', ['create', 'delete']],
    ])('refuses to %s a stateful resource unless its address is allowed', async (description, actions) => {
      sandbox.setScenario({ stacks: { 'staging01-data': { plan: { planJson: databasePlan(actions) } } } });
      await plan(sandbox.context(projectDir));

      expect(await main(['apply', '--auto-approve', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(1);
      expect(sandbox.errors[0]).toBe(
        [
          'apply refused: the plan would delete or replace 1 stateful resource(s), losing their data:',
          `  staging01-data: ${description} aws_db_instance.database (aws_db_instance)  -> --allow-destroy=staging01-data:aws_db_instance.database`,
          'If that is intended, name each address with --allow-destroy (after checking backups); otherwise change the code so it keeps them.',
        ].join('\n'),
      );
      expect(appliedStacks(sandbox)).toEqual([]);

      const allowed = await main(
        ['apply', '--auto-approve', '--allow-destroy', 'aws_db_instance.database', '--project-dir', projectDir],
        sandbox.context(projectDir),
      );
      expect(allowed).toBe(0);
      expect(appliedStacks(sandbox)).toEqual(['staging01-data']);
    });

    it('accepts <stack>:<address>, needs every address named, and ignores updates and creates', async () => {
      sandbox.setScenario({ stacks: { 'staging01-data': { plan: { planJson: 'data-destructive.json' } } } });
      await plan(sandbox.context(projectDir));
      const partly = apply(sandbox.context(projectDir), {
        autoApprove: true,
        allowDestroy: ['staging01-data:aws_db_instance.database', 'aws_kms_key.data', 'staging01-network:aws_s3_bucket.exports'],
      });
      await expect(partly).rejects.toThrow(/1 stateful resource\(s\)[^]*delete aws_s3_bucket\.exports/);

      const all = await apply(sandbox.context(projectDir), {
        autoApprove: true,
        allowDestroy: ['staging01-data:aws_db_instance.database', 'aws_kms_key.data', 'aws_s3_bucket.exports'],
      });
      expect(all).toBe(true);
    });
  });
});
