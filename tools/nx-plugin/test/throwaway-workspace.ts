/**
 * A throwaway git copy of this workspace for tests that change files, commit,
 * tag or run Nx on history: the files git would commit (tracked, and untracked
 * but not ignored), in a temporary folder, committed as `base` on `main`.
 * node_modules is either a symlink to this workspace's (read-only use) or a
 * fresh `npm ci` (tests that install).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const WORKSPACE = resolve(__dirname, '..', '..', '..');

/** Nx in a test: no daemon, no cloud, no TUI, no cache shared with the developer's runs. */
export const NX_TEST_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };

export interface ThrowawayWorkspace {
  readonly root: string;
  /** Runs a command in the copy; throws with its output on a non-zero exit. */
  run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): string;
  git(...args: string[]): string;
  nx(...args: string[]): string;
  remove(): void;
}

export function throwawayWorkspace(prefix: string, options: { nodeModules: 'symlink' | 'npm ci'; prepare?: (root: string) => void }): ThrowawayWorkspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: WORKSPACE, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    try {
      cpSync(join(WORKSPACE, file), join(root, file));
    } catch (error) {
      // A file deleted in the working tree but still in the index is simply not copied.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...NX_TEST_ENV, ...env } });
  const workspace: ThrowawayWorkspace = {
    root,
    run,
    git: (...args) => run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args]),
    nx: (...args) => run(join(root, 'node_modules', '.bin', 'nx'), args),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  try {
    if (options.nodeModules === 'symlink') symlinkSync(join(WORKSPACE, 'node_modules'), join(root, 'node_modules'));
    else run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    options.prepare?.(root);
    workspace.git('init', '-q', '-b', 'main');
    workspace.git('config', 'user.email', 'test@example.com');
    workspace.git('config', 'user.name', 'test');
    workspace.git('add', '-A');
    workspace.git('commit', '-qm', 'base');
  } catch (error) {
    workspace.remove();
    throw error;
  }
  return workspace;
}
