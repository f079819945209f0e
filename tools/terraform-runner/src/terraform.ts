/**
 * The Terraform commands the runner issues, each in a stack's synthesized
 * directory, non-interactive, with one shared provider cache.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TerraformBinary } from './binary';
import { holder, waitForLock } from './file-lock';
import { runCommand, type CommandResult } from './process';

/** Wait this long for another run's state lock before failing (the issue's `-lock-timeout`). */
const LOCK_TIMEOUT = '5m';
/** Serializes inits into the shared plugin cache across runner processes. */
const CACHE_LOCK_FILE = '.lq3-init.lock';
/** A cold init of every provider takes well under this, even on a busy machine. */
const CACHE_LOCK_TIMEOUT_MS = 15 * 60_000;

export type PlanExit = 'no-changes' | 'changes' | 'error';

export class Terraform {
  readonly binary: TerraformBinary;
  private readonly env: NodeJS.ProcessEnv;
  private initQueue: Promise<unknown> = Promise.resolve();

  constructor(binary: TerraformBinary, baseEnv: NodeJS.ProcessEnv) {
    this.binary = binary;
    this.env = terraformEnvironment(baseEnv);
  }

  /**
   * One init at a time, in this run and across runs on this machine: inits fill
   * the shared plugin cache, and Terraform does not lock it against concurrent
   * writers (two envs planned side by side fail with "mkdir …: file exists").
   */
  init(workingDirectory: string, options: { backend?: boolean } = {}): Promise<CommandResult> {
    const args = ['init', '-input=false', '-no-color', ...(options.backend === false ? ['-backend=false'] : [])];
    const run = this.initQueue.then(async (): Promise<CommandResult> => {
      let release: () => void;
      try {
        release = await waitForLock(join(this.pluginCacheDir, CACHE_LOCK_FILE), holder('init'), { timeoutMs: CACHE_LOCK_TIMEOUT_MS });
      } catch (error) {
        return { exitCode: -1, stdout: '', stderr: `${error instanceof Error ? error.message : String(error)}\n`, durationMs: CACHE_LOCK_TIMEOUT_MS };
      }
      try {
        return await this.run(workingDirectory, args);
      } finally {
        release();
      }
    });
    this.initQueue = run.catch(() => undefined);
    return run;
  }

  private get pluginCacheDir(): string {
    return this.env['TF_PLUGIN_CACHE_DIR'] as string;
  }

  async plan(workingDirectory: string, planFile: string, destroy: boolean): Promise<CommandResult & { outcome: PlanExit }> {
    const args = ['plan', '-input=false', `-lock-timeout=${LOCK_TIMEOUT}`, '-detailed-exitcode', '-no-color', `-out=${planFile}`];
    if (destroy) args.push('-destroy');
    const result = await this.run(workingDirectory, args);
    return { ...result, outcome: planExit(result.exitCode) };
  }

  showJson(workingDirectory: string, planFile: string, jsonFile: string): Promise<CommandResult> {
    // -no-color: errors of `show` end up in the summary and the PR comment.
    return this.run(workingDirectory, ['show', '-json', '-no-color', planFile], jsonFile);
  }

  /** `validate -json`: needs an init (without backend), no credentials. */
  validateJson(workingDirectory: string): Promise<CommandResult> {
    return this.run(workingDirectory, ['validate', '-json', '-no-color']);
  }

  apply(workingDirectory: string, planFile: string): Promise<CommandResult> {
    return this.run(workingDirectory, ['apply', '-input=false', `-lock-timeout=${LOCK_TIMEOUT}`, '-no-color', planFile]);
  }

  private run(cwd: string, args: string[], stdoutFile?: string): Promise<CommandResult> {
    return runCommand(this.binary.path, args, { cwd, env: this.env, stdoutFile });
  }
}

/** `-detailed-exitcode`: 0 = no changes, 2 = changes present (success), anything else = error. */
export function planExit(exitCode: number): PlanExit {
  if (exitCode === 0) return 'no-changes';
  if (exitCode === 2) return 'changes';
  return 'error';
}

/**
 * TF_IN_AUTOMATION/TF_INPUT keep Terraform from prompting or suggesting next
 * commands. TF_PLUGIN_CACHE_DIR (default ~/.terraform.d/plugin-cache) makes
 * providers download once for every stack and env. Synthesized stacks carry no
 * .terraform.lock.hcl (cdktf.out is rebuilt on every synth), and without one
 * Terraform >= 1.4 refuses to use the cache unless
 * TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE is set; both respect values
 * the caller already set.
 */
export function terraformEnvironment(baseEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const pluginCacheDir = baseEnv['TF_PLUGIN_CACHE_DIR'] || join(baseEnv['HOME'] || homedir(), '.terraform.d', 'plugin-cache');
  mkdirSync(pluginCacheDir, { recursive: true });
  return {
    ...baseEnv,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_PLUGIN_CACHE_DIR: pluginCacheDir,
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: baseEnv['TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE'] || 'true',
    // No version check calls to checkpoint-api.hashicorp.com from CI.
    CHECKPOINT_DISABLE: baseEnv['CHECKPOINT_DISABLE'] || '1',
  };
}
