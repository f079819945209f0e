/**
 * Runs Nx targets in the workspace copy the way a person would
 * (`npx nx run <project>:<target> --flag`), timing each and keeping the output.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface NxResult {
  exitCode: number;
  output: string;
  durationMs: number;
}

export interface NxRunner {
  run(target: string, args?: string[]): Promise<NxResult>;
}

/** `env` is the whole environment of each run (the emulator run refuses real credentials in it). */
export function nxRunner(workspaceRoot: string, env: NodeJS.ProcessEnv): NxRunner {
  const nx = join(workspaceRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  return {
    run: (target, args = []) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, [nx, 'run', target, '--output-style=stream', ...args], { cwd: workspaceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('close', (code) => resolve({ exitCode: code ?? -1, output, durationMs: Date.now() - started }));
      }),
  };
}

/** The environment for Nx and the runner in emulator mode: no cloud credentials, no daemon, no colour. */
export function emulatorRunEnvironment(base: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...extra, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) {
    if (/^AWS_|^CLOUDFLARE_/.test(name)) delete env[name];
  }
  return env;
}
