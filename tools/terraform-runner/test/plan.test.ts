import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { plan } from '../src/plan';
import type { EnvPlanSummary } from '../src/plan-summary';
import { hashSynthesizedJson } from '../src/stacks';
import { planExit } from '../src/terraform';
import { maxOverlap, Sandbox, stackSpans, type StackSpec } from './helpers';

/** The shape a real environment synthesizes: network first, dns last. */
const ENV_STACKS: StackSpec[] = [
  { name: 'staging01-network', modules: { '@lq3/vpc': '1.2.0' } },
  { name: 'staging01-data', dependencies: ['staging01-network'], modules: { '@lq3/rds-replica-pair': '0.3.1' } },
  { name: 'staging01-edge', dependencies: ['staging01-network'] },
  { name: 'staging01-services', dependencies: ['staging01-data', 'staging01-edge'] },
  { name: 'staging01-jobs', dependencies: ['staging01-data'] },
  { name: 'staging01-dns', dependencies: ['staging01-edge'] },
];

describe('plan', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.cleanup());

  it('plans each stack only after the stacks it depends on, with init, plan and show -json', async () => {
    sandbox = new Sandbox({ default: { plan: { delayMs: 30 } } });
    const projectDir = sandbox.project('staging01', ENV_STACKS);
    const run = await plan(sandbox.context(projectDir), { concurrency: 3 });

    expect(run.ok).toBe(true);
    const calls = sandbox.calls().filter((call) => call.stack.startsWith('staging01-'));
    const spans = stackSpans(calls, ['init', 'plan', 'show']);
    for (const stack of ENV_STACKS) {
      const commands = calls.filter((call) => call.stack === stack.name).map((call) => call.command);
      expect(commands).toEqual(['init', 'plan', 'show']);
      for (const dependency of stack.dependencies ?? []) {
        expect(spans.get(stack.name)!.start).toBeGreaterThanOrEqual(spans.get(dependency)!.end);
      }
    }
    const planCall = calls.find((call) => call.command === 'plan')!;
    expect(planCall.args).toEqual(
      expect.arrayContaining(['plan', '-input=false', '-lock-timeout=5m', '-detailed-exitcode', `-out=${join(projectDir, 'tfplan', `${planCall.stack}.tfplan`)}`]),
    );
    expect(planCall.cwd).toBe(join(projectDir, 'cdktf.out', 'stacks', planCall.stack));
  });

  it('runs at most --concurrency stacks at a time, and more than one when it can', async () => {
    sandbox = new Sandbox({ default: { plan: { delayMs: 150 } } });
    const independent = ['a', 'b', 'c', 'd', 'e', 'f'].map((suffix) => ({ name: `parallel-back-${suffix}`, environment: 'staging-back' }));
    const projectDir = sandbox.project('parallel-back', independent);
    await plan(sandbox.context(projectDir), { concurrency: 2 });

    const overlap = maxOverlap(stackSpans(sandbox.calls(), ['init', 'plan', 'show']).values());
    expect(overlap).toBeLessThanOrEqual(2);
    expect(overlap).toBeGreaterThan(1);
  });

  it('maps plan exit codes: 0 no changes and 2 changes succeed, 1 fails', async () => {
    sandbox = new Sandbox({
      stacks: {
        'staging01-network': { plan: { planJson: 'network-changes.json' } },
        'staging01-data': { plan: { exitCode: 0 } },
        'staging01-edge': { plan: { exitCode: 1, stderr: 'Error: Invalid provider configuration\n' } },
      },
    });
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 3));
    const run = await plan(sandbox.context(projectDir));

    expect(run.summary.stacks.map((stack) => [stack.stack, stack.status])).toEqual([
      ['staging01-network', 'changes'],
      ['staging01-data', 'no-changes'],
      ['staging01-edge', 'error'],
    ]);
    expect(run.ok).toBe(false);
    expect([0, 1, 2, 3].map(planExit)).toEqual(['no-changes', 'error', 'changes', 'error']);
  });

  it('lets the other stacks finish when one fails, prints its Terraform error, and fails at the end', async () => {
    sandbox = new Sandbox({ stacks: { 'staging01-data': { plan: { exitCode: 1, stderr: 'Error: error configuring S3 Backend: no valid credential sources\n' } } } });
    const projectDir = sandbox.project('staging01', ENV_STACKS);
    const exitCode = await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir));

    expect(exitCode).toBe(1);
    const planned = sandbox.calls().filter((call) => call.command === 'show').map((call) => call.stack);
    // Every other stack, dependents of the failed one included, still planned.
    expect(planned.sort()).toEqual(ENV_STACKS.map((stack) => stack.name).filter((name) => name !== 'staging01-data').sort());
    expect(sandbox.errors.join('\n')).toContain('[staging01-data] plan failed');
    expect(sandbox.errors.join('\n')).toContain('Error: error configuring S3 Backend: no valid credential sources');
    expect(sandbox.errors.at(-1)).toBe('plan failed for staging01-data');
    expect(sandbox.printed.filter((line) => line.includes('plan finished'))).toHaveLength(5);
  });

  it('keeps terminal colour codes out of the summary and the PR comment', async () => {
    sandbox = new Sandbox({ stacks: { 'staging01-data': { show: { exitCode: 1, stderr: '\u001b[31m╷\u001b[0m\n\u001b[31m│\u001b[0m \u001b[1m\u001b[31mError: \u001b[0m\u001b[1mplan file is stale\u001b[0m\n' } } } });
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 2));
    const run = await plan(sandbox.context(projectDir));
    const data = run.summary.stacks.find((stack) => stack.stack === 'staging01-data')!;
    expect(data.status).toBe('error');
    expect(data.error).toBe('terraform show -json failed (exit 1):\n╷\n│ Error: plan file is stale');
    expect(readFileSync(run.summaryFile, 'utf8')).not.toContain('\\u001b');
    const show = sandbox.calls().find((call) => call.command === 'show')!;
    expect(show.args).toContain('-no-color');
  });

  it('exits 0 when every stack planned, with or without changes', async () => {
    sandbox = new Sandbox({ stacks: { 'staging01-network': { plan: { planJson: 'network-changes.json' } } } });
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 2));
    expect(await main(['plan', '--project-dir', projectDir, '--concurrency=1'], sandbox.context(projectDir))).toBe(0);
    expect(sandbox.printed).toContain(
      'plan: 2 stack(s), 1 with changes, 0 failed; summary in ' + join(projectDir, 'tfplan', 'summary.json'),
    );
  });

  it('gives Terraform a shared plugin cache and no prompts', async () => {
    sandbox = new Sandbox();
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 2));
    await plan(sandbox.context(projectDir));
    const calls = sandbox.calls().filter((entry) => entry.command !== 'version');
    expect(calls).toHaveLength(6);
    for (const call of calls) {
      expect(call.env).toEqual({
        TF_PLUGIN_CACHE_DIR: sandbox.pluginCache,
        TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
      });
    }
    expect(existsSync(sandbox.pluginCache)).toBe(true);
  });

  it('never runs two inits into one plugin cache at once, even from two runs side by side', async () => {
    sandbox = new Sandbox({ default: { init: { delayMs: 80 }, plan: { delayMs: 80 } } });
    const staging = sandbox.project('staging01', ENV_STACKS.slice(0, 3));
    const production = sandbox.project('production01', [
      { name: 'production01-network' },
      { name: 'production01-data', dependencies: ['production01-network'] },
      { name: 'production01-edge', dependencies: ['production01-network'] },
    ]);
    // Two Terraform instances, as two runner processes have: only the file lock in the cache can serialize them.
    const runs = await Promise.all([plan(sandbox.context(staging)), plan(sandbox.context(production))]);
    expect(runs.map((run) => run.ok)).toEqual([true, true]);
    const calls = sandbox.calls();
    expect(maxOverlap(stackSpans(calls, ['init']).values())).toBe(1);
    expect(maxOverlap(stackSpans(calls, ['init', 'plan', 'show']).values())).toBeGreaterThan(1);
    expect(existsSync(join(sandbox.pluginCache, '.lq3-init.lock'))).toBe(false);
  });

  it('defaults TF_PLUGIN_CACHE_DIR to ~/.terraform.d/plugin-cache', async () => {
    sandbox = new Sandbox();
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 1));
    await plan(sandbox.context(projectDir, { TF_PLUGIN_CACHE_DIR: undefined }));
    const init = sandbox.calls().find((call) => call.command === 'init')!;
    expect(init.env['TF_PLUGIN_CACHE_DIR']).toBe(join(sandbox.root, '.terraform.d', 'plugin-cache'));
  });

  it('writes tfplan/summary.json with counts, changes, module versions, hashes and the commit', async () => {
    sandbox = new Sandbox({
      stacks: {
        'staging01-network': { plan: { planJson: 'network-changes.json' } },
        'staging01-data': { plan: { planJson: 'data-destructive.json' } },
        'staging01-edge': { plan: { exitCode: 1, stderr: 'Error: Unsupported argument\n' } },
      },
    });
    sandbox.now = new Date('2026-11-22T02:00:00Z');
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 3));
    await plan(sandbox.context(projectDir));

    const summary = JSON.parse(readFileSync(join(projectDir, 'tfplan', 'summary.json'), 'utf8')) as EnvPlanSummary;
    expect(summary).toMatchObject({
      schemaVersion: 1,
      project: 'staging01',
      commit: '0123456789abcdef0123456789abcdef01234567',
      generatedAt: '2026-11-22T02:00:00.000Z',
      terraform: { version: '1.10.3' },
    });
    const [network, data, edge] = summary.stacks;
    const networkJson = readFileSync(join(projectDir, 'cdktf.out', 'stacks', 'staging01-network', 'cdk.tf.json'));
    expect(network).toMatchObject({
      stack: 'staging01-network',
      environment: 'staging01',
      unit: 'network',
      status: 'changes',
      counts: { create: 1, update: 1, delete: 0, replace: 0, import: 1, move: 1 },
      modules: { '@lq3/vpc': '1.2.0' },
      synthHash: hashSynthesizedJson(networkJson),
      planFile: 'staging01-network.tfplan',
      planJsonFile: 'staging01-network.plan.json',
    });
    expect(network.drift.map((change) => change.address)).toEqual(['aws_vpc.vpc']);
    expect(data.changes.find((change) => change.address === 'aws_kms_key.data')).toMatchObject({ action: 'replace', stateful: true });
    expect(edge).toMatchObject({ status: 'error', error: expect.stringContaining('Error: Unsupported argument') });
    expect(edge.planFile).toBeUndefined();
    expect(existsSync(join(projectDir, 'tfplan', 'staging01-network.plan.json'))).toBe(true);
    expect(readFileSync(join(projectDir, 'tfplan', 'summary.json'), 'utf8')).not.toContain('do-not-leak');
  });

  it('fails with one sentence, before touching tfplan/, when the binary is missing or too old', async () => {
    sandbox = new Sandbox({ version: '1.9.0' });
    const projectDir = sandbox.project('staging01', ENV_STACKS.slice(0, 1));
    expect(await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(1);
    expect(sandbox.errors).toEqual([expect.stringMatching(/is version 1\.9\.0, but LQ3 needs Terraform or OpenTofu 1\.10 or newer/)]);

    const missing = await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir, { TF_BINARY: undefined, PATH: join(sandbox.root, 'empty') }));
    expect(missing).toBe(1);
    expect(sandbox.errors[1]).toMatch(/^Neither tofu nor terraform was found on PATH/);
    expect(existsSync(join(projectDir, 'tfplan'))).toBe(false);
    expect(sandbox.calls().filter((call) => call.command !== 'version')).toEqual([]);
  });

  it('--account plans only the stacks of that account, so CI can gate production separately', async () => {
    sandbox = new Sandbox();
    const projectDir = sandbox.project('parallel-front', [
      { name: 'staging-front-network', environment: 'staging-front' },
      { name: 'staging-front-dns', environment: 'staging-front', dependencies: ['staging-front-network'] },
      { name: 'production-front-network', environment: 'production-front' },
    ]);
    const context = sandbox.context(projectDir);
    expect(await main(['plan', '--account', 'staging', '--project-dir', projectDir], context)).toBe(0);
    const planned = sandbox.calls().filter((call) => call.command === 'plan');
    expect(planned.map((call) => call.stack).sort()).toEqual(['staging-front-dns', 'staging-front-network']);
    const summary = JSON.parse(readFileSync(join(projectDir, 'tfplan', 'summary.json'), 'utf8')) as EnvPlanSummary;
    expect(summary.stacks.map((stack) => stack.stack).sort()).toEqual(['staging-front-dns', 'staging-front-network']);

    expect(await main(['plan', '--account', 'sandbox', '--project-dir', projectDir], context)).toBe(1);
    expect(sandbox.errors.at(-1)).toBe('--account must be one of staging, production, got "sandbox"');
  });

  it('rejects an unknown command, flag or --concurrency value', async () => {
    sandbox = new Sandbox();
    const context = sandbox.context(sandbox.liveDir);
    expect(await main(['deploy'], context)).toBe(1);
    expect(await main(['plan', '--paralel=2'], context)).toBe(1);
    expect(await main(['plan', '--concurrency=0'], context)).toBe(1);
    expect(sandbox.errors[0]).toMatch(/^expected one command, validate, plan, apply, up or destroy, got "deploy"\nusage: terraform-runner/);
    expect(sandbox.errors[1]).toMatch(/Unknown option '--paralel'/);
    expect(sandbox.errors[2]).toBe('--concurrency must be a whole number of at least 1, got "0"');
  });

  it('fails with one sentence when the project was not synthesized', async () => {
    sandbox = new Sandbox();
    const projectDir = join(sandbox.liveDir, 'staging01');
    expect(await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(1);
    expect(sandbox.errors).toEqual([`${join(projectDir, 'cdktf.out', 'manifest.json')} does not exist; run synth first (nx run <project>:synth).`]);
  });
});
