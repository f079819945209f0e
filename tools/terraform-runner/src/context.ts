/** What every command needs from its surroundings; tests pass their own. */
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import type { EmulatorEndpoints } from './emulator';

export const PLAN_DIR = 'tfplan';
export const SUMMARY_FILE = 'summary.json';
export const DESTROY_SUMMARY_FILE = 'destroy-summary.json';

export interface RunnerContext {
  /** Absolute path of the live project (live/<name>). */
  projectDir: string;
  env: NodeJS.ProcessEnv;
  /** Progress lines (stdout). */
  print: (line: string) => void;
  /** Errors and refusals (stderr). */
  printError: (line: string) => void;
  /** Where the confirmation answer is read from. */
  input: NodeJS.ReadableStream;
  /**
   * Whether a person can answer on `input` (a terminal). Without one, a run
   * that needs confirmation is refused at once instead of waiting forever on
   * a pipe nobody writes to (Nx and CI runners keep stdin open).
   */
  interactive: boolean;
  now: () => Date;
  /** Only the stacks of this AWS account (`--account`); all stacks when undefined. */
  account?: string;
  /** Run against the AWS emulator and the Cloudflare stand-in (`--emulator-aws`, `--emulator-cloudflare`). */
  emulator?: EmulatorEndpoints;
}

export function projectName(context: RunnerContext): string {
  return basename(context.projectDir);
}

export function planDir(context: RunnerContext): string {
  return join(context.projectDir, PLAN_DIR);
}

/** CI's own variable first (a detached or merge checkout may differ from HEAD's meaning), then git. */
export function currentCommit(context: RunnerContext): string {
  const fromCi = context.env['GITHUB_SHA'] || context.env['BITBUCKET_COMMIT'];
  if (fromCi) return fromCi;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: context.projectDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Terraform's error text, indented under the stack's progress line. */
export function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
