/**
 * `modulesBefore` in the plan summary: the versions the project ran at NX_BASE,
 * read from git (its pin then, and the release set that pin named).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunnerContext } from '../src/context';
import { releaseSetAtBase, withModulesBefore } from '../src/modules-before';
import type { StackPlanSummary } from '../src/plan-summary';

let root: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).trim();
const write = (path: string, value: unknown) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), `${JSON.stringify(value, null, 2)}\n`);
};
const context = (env: NodeJS.ProcessEnv) => ({ projectDir: join(root, 'live', 'staging01'), env }) as RunnerContext;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lq3-modules-before-'));
  git('init', '-q');
  write('live/shared/package.json', { name: '@lq3/live-shared', version: '0.1.0', dependencies: { '@lq3/vpc': '0.1.0', zod: '4.6.7' } });
  write('live/staging01/package.json', { name: '@lq3/staging01', version: '0.0.0', dependencies: { '@lq3/live-shared': 'file:../shared' } });
  git('add', '-A');
  git('commit', '-qm', 'base');
  write('live/shared/package.json', { name: '@lq3/live-shared', version: '0.1.1', dependencies: { '@lq3/vpc': '0.2.0', zod: '4.6.7' } });
  git('commit', '-qam', 'release');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

it('reads what the project ran at NX_BASE', () => {
  expect(releaseSetAtBase(context({ NX_BASE: 'HEAD~1' }))).toEqual({ '@lq3/live-shared': '0.1.0', '@lq3/vpc': '0.1.0' });
});

it('knows no "before" without a base, or with one git cannot read', () => {
  expect(releaseSetAtBase(context({}))).toBeUndefined();
  expect(releaseSetAtBase(context({ NX_BASE: 'no-such-commit' }))).toBeUndefined();
});

it('gives each stack the base versions of the packages it uses', () => {
  const stack = { stack: 'staging01-network', modules: { '@lq3/live-shared': '0.1.1', '@lq3/vpc': '0.2.0', '@lq3/new': '0.1.0' } } as unknown as StackPlanSummary;
  const [withBefore] = withModulesBefore([stack], { '@lq3/live-shared': '0.1.0', '@lq3/vpc': '0.1.0', '@lq3/alb': '0.1.0' });
  expect(withBefore.modulesBefore).toEqual({ '@lq3/live-shared': '0.1.0', '@lq3/vpc': '0.1.0' });
  expect(withModulesBefore([stack], undefined)).toEqual([stack]);
});
