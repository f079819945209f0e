/** Runs one Terraform command and records what it printed. */
import { spawn } from 'node:child_process';
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

export function runCommand(binary: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const fileStream = options.stdoutFile ? createWriteStream(options.stdoutFile) : undefined;
    if (fileStream) child.stdout.pipe(fileStream);
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    let settled = false;
    const finish = (exitCode: number) => {
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
