/**
 * Runs Terraform commands and stops them safely. A cancelled CI job or a
 * Ctrl-C sends the runner SIGTERM or SIGINT: the runner passes it on once to
 * every Terraform it started (each runs in its own process group, so a
 * terminal's Ctrl-C does not reach it twice — a second interrupt makes
 * Terraform exit without saving state), starts nothing new, keeps reading
 * their output, waits for them to write their state and release their locks,
 * and then exits with the signal's code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface CommandResult {
  /** Exit code; -1 when the process could not start or was killed by a signal. */
  exitCode: number;
  /** Output when not redirected to a file. */
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface CommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Write stdout to this file instead of keeping it in memory (plan JSON can be large). */
  stdoutFile?: string;
}

/** How long Terraform gets to stop after the signal before it is killed: long enough to save state. */
export const STOP_GRACE_MS = 5 * 60_000;
const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

const running = new Set<ChildProcess>();
let stopSignal: NodeJS.Signals | undefined;

/** The signal the run was stopped by, if any: no new command starts after it. */
export function stoppedBy(): NodeJS.Signals | undefined {
  return stopSignal;
}

/** Exit code for a run stopped by `signal`: 128 + its number, as shells report it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 1);
}

/**
 * Installs the SIGINT/SIGTERM handlers (once per process); `print` reports
 * what happens. Returns a function that removes them.
 */
export function forwardStopSignals(print: (line: string) => void, graceMs = STOP_GRACE_MS): () => void {
  let killTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal) {
      print(`${signal} received again: still waiting for ${running.size} terraform process(es) to save state (kill -9 the runner to abandon them).`);
      return;
    }
    stopSignal = signal;
    print(`${signal} received: stopping — passed on to ${running.size} running terraform process(es), starting nothing new, waiting up to ${Math.round(graceMs / 1000)}s for them to save state.`);
    for (const child of running) signalGroup(child, signal);
    killTimer = setTimeout(() => {
      for (const child of running) signalGroup(child, 'SIGKILL');
    }, graceMs);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (killTimer) clearTimeout(killTimer);
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function runCommand(binary: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  if (stopSignal) return Promise.resolve({ exitCode: -1, stdout: '', stderr: `not started: the run was stopped by ${stopSignal}\n`, durationMs: 0 });
  return new Promise((resolve) => {
    // Its own process group: only the runner decides what reaches Terraform.
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let stdout = '';
    let stderr = '';
    const fileStream = options.stdoutFile ? createWriteStream(options.stdoutFile) : undefined;
    if (fileStream) child.stdout.pipe(fileStream);
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    let settled = false;
    const finish = (exitCode: number) => {
      running.delete(child);
      if (settled) return;
      settled = true;
      const done = () => resolve({ exitCode, stdout, stderr, durationMs: Date.now() - started });
      if (fileStream) fileStream.end(done);
      else done();
    };
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      finish(-1);
    });
    child.on('close', (code) => finish(code ?? -1));
  });
}
