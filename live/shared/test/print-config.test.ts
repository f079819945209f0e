import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { printConfig } from '../src/print-config';
import { baseEnv, copyEnv, envFile, productionEnv, tempWorkspace, type Config } from './helpers';
import { SHARED_SRC, SUBPROCESS_TIMEOUT_MS, WORKSPACE_ROOT } from './refusals';

function captured(projectDir: string): { stdout: string; stderr: string; exitCode: number } {
  const out: string[] = [];
  const err: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const error = jest.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')));
  const exitCode = process.exitCode;
  process.exitCode = 0;
  try {
    printConfig(projectDir);
    return { stdout: out.join(''), stderr: err.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = exitCode;
    write.mockRestore();
    error.mockRestore();
  }
}

describe('config (resolved configuration of a project)', () => {
  it('prints every env with defaults, account values, role and state filled in', () => {
    const root = tempWorkspace({ s: envFile({ stage: baseEnv('stage') }), c: envFile({ copy: copyEnv('copy', 'stage') }) });
    const { stdout, exitCode } = captured(join(root, 'live', 'c'));
    expect(exitCode).toBe(0);
    const copy = (parse(stdout) as { environments: Record<string, Config> }).environments.copy;
    expect(copy).toMatchObject({
      file: 'live/c/env.yaml',
      role: 'copy of stage',
      account: { name: 'staging', id: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/lq3-terraform', stateBucket: 'lq3-terraform-state-111111111111', stateRegion: 'eu-central-1' },
      resourcePrefix: 'lq3-copy',
      state: { network: 's3://lq3-terraform-state-111111111111/copy/network.tfstate', dns: 's3://lq3-terraform-state-111111111111/copy/dns.tfstate' },
      region: 'eu-central-1',
      deployment: { strategy: 'rolling', bakeTimeMinutes: 10 },
      officeHours: { timezone: 'Europe/Berlin', days: 'MON-FRI', start: '07:00', end: '20:00' },
      apps: { web: { port: 8080, healthCheckPath: '/health', cpu: 256, memory: 512, desiredCount: 1, origin: 'alb', environment: {} } },
      jobs: { nightly: { timezone: 'Europe/Berlin', app: 'api', enabled: true } },
    });
  });

  it('prints the resolved production base env with its protections', () => {
    // A temp workspace: the real production01 pins a release whose env.yaml schema may differ (ADR 0011).
    const { stdout } = captured(join(tempWorkspace({ p: envFile({ production01: productionEnv('production01') }) }), 'live', 'p'));
    const production = (parse(stdout) as { environments: Record<string, Config> }).environments.production01;
    expect(production).toMatchObject({ role: 'base', disposable: { infrastructure: false, data: false }, database: { multiAz: true, deletionProtection: true } });
  });

  it(
    'fails like synth on a bad config: one line, exit 1 (subprocess)',
    () => {
      const root = tempWorkspace({ a: envFile({ alpha: baseEnv('alpha', (env) => (env.region = 'eu-central-9')) }) });
      const result = spawnSync(process.execPath, ['--require', 'sucrase/register/ts', join(SHARED_SRC, 'print-config.ts'), 'live/a'], {
        cwd: root,
        encoding: 'utf8',
        timeout: SUBPROCESS_TIMEOUT_MS - 10_000,
        env: { ...process.env, NODE_PATH: join(WORKSPACE_ROOT, 'node_modules'), FORCE_COLOR: undefined, NO_COLOR: undefined },
      });
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'config failed: live/a/env.yaml: environments.alpha.region: must be an AWS region of the aws partition like eu-central-1 (list: live/shared/src/aws-regions.ts) (got "eu-central-9")\n',
      );
      expect(result.status).toBe(1);
    },
    SUBPROCESS_TIMEOUT_MS,
  );
});
