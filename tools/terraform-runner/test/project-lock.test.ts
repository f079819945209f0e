import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { lockProject } from '../src/project-lock';
import { Sandbox } from './helpers';

describe('one run per project', () => {
  let sandbox: Sandbox;
  let projectDir: string;
  beforeEach(() => {
    sandbox = new Sandbox();
    projectDir = sandbox.project('staging01', [{ name: 'staging01-network' }]);
  });
  afterEach(() => sandbox.cleanup());
  jest.setTimeout(60_000);

  it('refuses a second run while the first holds the lock, naming the holder, and leaves its plans alone', async () => {
    const release = lockProject(sandbox.context(projectDir), 'apply');
    writeFileSync(join(projectDir, 'tfplan', 'staging01-network.tfplan'), 'the first run’s plan');
    try {
      expect(await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(1);
      expect(sandbox.errors).toHaveLength(1);
      expect(sandbox.errors[0]).toMatch(
        new RegExp(`^staging01 is busy: terraform-runner apply \\(pid ${process.pid} on ${hostname()}, since [0-9T:.Z-]+\\) holds .*tfplan/\\.lock; wait for it to finish`),
      );
      expect(readFileSync(join(projectDir, 'tfplan', 'staging01-network.tfplan'), 'utf8')).toBe('the first run’s plan');
      expect(sandbox.calls()).toEqual([]);
    } finally {
      release();
    }
  });

  it('runs once the lock is released, and releases its own', async () => {
    lockProject(sandbox.context(projectDir), 'plan')();
    expect(await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(0);
    expect(existsSync(join(projectDir, 'tfplan', '.lock'))).toBe(false);
    expect(existsSync(join(projectDir, 'tfplan', 'summary.json'))).toBe(true);
  });

  it('takes over a lock whose process no longer runs on this machine', async () => {
    const gone = 2 ** 22 + 12345; // above Linux's default pid_max: never a live process
    mkdirSync(join(projectDir, 'tfplan'));
    writeFileSync(join(projectDir, 'tfplan', '.lock'), JSON.stringify({ pid: gone, host: hostname(), command: 'apply', startedAt: '2026-12-01T00:00:00Z' }));
    expect(await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(0);
    expect(sandbox.printed).toContain(`taking over the lock of staging01: terraform-runner apply (pid ${gone}) is no longer running`);
  });

  it('never takes over the lock of another machine', async () => {
    mkdirSync(join(projectDir, 'tfplan'));
    writeFileSync(join(projectDir, 'tfplan', '.lock'), JSON.stringify({ pid: 1, host: 'ci-runner-7', command: 'apply', startedAt: '2026-12-01T00:00:00Z' }));
    expect(await main(['plan', '--project-dir', projectDir], sandbox.context(projectDir))).toBe(1);
    expect(sandbox.errors[0]).toMatch(/^staging01 is busy: terraform-runner apply \(pid 1 on ci-runner-7, since 2026-12-01T00:00:00Z\)/);
  });
});
