import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envYaml, tempWorkspace } from './helpers';

const SHARED_SRC = resolve(__dirname, '..', 'src');
const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');

/** Runs a project's synth the way the Nx target does: plain node + the sucrase hook. */
function runSynth(projectDir: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(
    join(projectDir, 'main.ts'),
    `import { composeEnvironment, runSynth } from ${JSON.stringify(SHARED_SRC)};\nrunSynth(__dirname, composeEnvironment);\n`,
  );
  return spawnSync(process.execPath, ['--require', 'sucrase/register/ts', 'main.ts'], {
    cwd: projectDir,
    encoding: 'utf8',
    // Resolve sucrase from the workspace, as npm would for a live project.
    env: { ...withoutColourSettings(process.env), NODE_PATH: join(WORKSPACE_ROOT, 'node_modules'), DEBUG: '', ...env },
  });
}

/** CI runners set FORCE_COLOR and NO_COLOR together, and Node warns about it on stderr. */
function withoutColourSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest['FORCE_COLOR'];
  delete rest['NO_COLOR'];
  return rest;
}

function withPreviousOutput(projectDir: string): string {
  const marker = join(projectDir, 'cdktf.out', 'previous.txt');
  mkdirSync(join(projectDir, 'cdktf.out'), { recursive: true });
  writeFileSync(marker, 'from the last good synth');
  return marker;
}

describe('synth of a live project', () => {
  it('writes cdktf.out with one stack per unit and swaps out the previous output', () => {
    const root = tempWorkspace({ a: envYaml('alpha') });
    const project = join(root, 'live', 'a');
    const marker = withPreviousOutput(project);
    const result = runSynth(project);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(marker)).toBe(false);
    const manifest = JSON.parse(readFileSync(join(project, 'cdktf.out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toContain('alpha-network');
    expect(readdirSync(project).filter((name) => name.startsWith('cdktf.out.'))).toEqual([]);
  });

  it.each([
    ['an invalid CIDR', { a: envYaml('alpha', { cidr: '300.0.0.0/16' }) }, 'a', 'live/a/env.yaml: environments.alpha.network.cidr: Invalid IPv4 range (got "300.0.0.0/16")'],
    ['an unknown account', { a: envYaml('alpha', { account: 'dev' }) }, 'a', 'live/a/env.yaml: environments.alpha.account: Invalid option: expected one of "staging"|"production" (got "dev")'],
    [
      'overlapping CIDRs in one account',
      { a: envYaml('alpha'), b: envYaml('beta', { cidr: '10.10.4.0/24' }) },
      'b',
      'live/b/env.yaml: environments.beta.network.cidr: 10.10.4.0/24 overlaps 10.10.0.0/16 of environment alpha (live/a/env.yaml) in the same staging account; pick a disjoint range',
    ],
    ['a missing domain', { a: envYaml('alpha').replace('    dnsZone: example.com\n', '') }, 'a', 'live/a/env.yaml: environments.alpha.dnsZone: Invalid input: expected string, received undefined'],
    [
      'production with one task per service',
      {
        p: envYaml('prod', { account: 'production' })
          .replace('      cidr: 10.10.0.0/16', '      cidr: 10.20.0.0/16\n      nat: perAz')
          .replace('    database:', '    deployment: { strategy: blueGreen }\n    alb: { deletionProtection: true }\n    database:')
          .replace('engineVersion: "8.0.40"', 'engineVersion: "8.0.40"\n      multiAz: true\n      readReplicas: 1\n      backupRetentionDays: 14\n      deletionProtection: true'),
      },
      'p',
      'live/p/env.yaml: environments.prod.apps.web.desiredCount: production needs at least 2 tasks per service across AZs, got 1',
    ],
  ])('fails on %s with one message, exit 1, and keeps the previous output', (_case, files, project, message) => {
    const root = tempWorkspace(files);
    const projectDir = join(root, 'live', project);
    const marker = withPreviousOutput(projectDir);
    const result = runSynth(projectDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`synth failed: ${message}\n`);
    expect(result.stdout).toBe('');
    expect(readFileSync(marker, 'utf8')).toBe('from the last good synth');
    expect(readdirSync(projectDir).sort()).toEqual(['cdktf.out', 'env.yaml', 'main.ts']);
  });

  it('prints the stack trace only when DEBUG is set', () => {
    const root = tempWorkspace({ a: envYaml('alpha', { account: 'dev' }) });
    const result = runSynth(join(root, 'live', 'a'), { DEBUG: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/synth failed: .*\n.*\n\s+at /);
  });
});
