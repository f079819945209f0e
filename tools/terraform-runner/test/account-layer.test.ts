/**
 * The account layer (live/accounts) goes through the same runner as the envs:
 * its real synthesized stacks, planned with the fake Terraform in dependency
 * order, split by account, and never destroyed.
 */
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS_CONFIG_FILE, synthAccountProject } from '@lq3/live-shared';
import { main } from '../src/cli';
import { destroy } from '../src/destroy';
import { plan } from '../src/plan';
import type { EnvPlanSummary } from '../src/plan-summary';
import { Sandbox } from './helpers';

const REAL_ACCOUNTS = join(__dirname, '..', '..', '..', 'live', 'accounts', ACCOUNTS_CONFIG_FILE);

function accountProject(sandbox: Sandbox): string {
  sandbox.copyRealEnvFiles();
  const projectDir = join(sandbox.liveDir, 'accounts');
  mkdirSync(projectDir, { recursive: true });
  cpSync(REAL_ACCOUNTS, join(projectDir, ACCOUNTS_CONFIG_FILE));
  synthAccountProject(projectDir);
  return projectDir;
}

describe('the account layer through the runner', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.cleanup());

  it('plans every account unit after the baseline it reads, and summarizes them per account scope', async () => {
    sandbox = new Sandbox();
    const projectDir = accountProject(sandbox);
    const run = await plan(sandbox.context(projectDir));

    expect(run.ok).toBe(true);
    const summary = JSON.parse(readFileSync(join(projectDir, 'tfplan', 'summary.json'), 'utf8')) as EnvPlanSummary;
    expect(summary.project).toBe('accounts');
    const stacks = summary.stacks.map((stack) => `${stack.environment}:${stack.unit}`);
    expect([...stacks].sort()).toEqual(['production-global', 'staging-global'].flatMap((scope) => ['audit', 'baseline', 'chat', 'cost'].map((unit) => `${scope}:${unit}`)).sort());
    for (const scope of ['production-global', 'staging-global']) {
      const order = stacks.filter((stack) => stack.startsWith(scope));
      expect(order[0]).toBe(`${scope}:baseline`);
    }
    expect(summary.stacks.find((stack) => stack.stack === 'production-global-audit')?.modules).toMatchObject({ '@lq3/cloudtrail': expect.any(String), '@lq3/live-shared': expect.any(String) });
    const inits = sandbox.calls().filter((call) => call.command === 'init').map((call) => call.stack);
    expect(inits).toHaveLength(8);
  });

  it('--account production plans the production account only, as CI does after its approval', async () => {
    sandbox = new Sandbox();
    const projectDir = accountProject(sandbox);
    expect(await main(['plan', '--project-dir', projectDir, '--account', 'production'], sandbox.context(projectDir))).toBe(0);
    const planned = [...new Set(sandbox.calls().filter((call) => call.command === 'plan').map((call) => call.stack))].sort();
    expect(planned).toEqual(['production-global-audit', 'production-global-baseline', 'production-global-chat', 'production-global-cost']);
  });

  it('never destroys the account layer', async () => {
    sandbox = new Sandbox();
    const projectDir = accountProject(sandbox);
    await expect(destroy(sandbox.context(projectDir), { autoApprove: true })).rejects.toThrow(
      'destroy refused: accounts is the account layer (accounts.yaml): an account\'s trail, baseline and budgets are never destroyed by the runner.',
    );
    expect(sandbox.calls()).toEqual([]);
  });
});
