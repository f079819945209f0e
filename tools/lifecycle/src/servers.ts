/**
 * The two emulators as real processes on 127.0.0.1: started on a free port,
 * ready when they print `listening on <url>`, stopped with SIGTERM and, after a
 * grace period, SIGKILL. Their output goes to a log file for post-mortems.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface RunningServer {
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  /** Start-up is slow on a busy machine (moto imports take seconds). @default 120 s */
  readyTimeoutMs?: number;
}

const READY = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/m;
const STOP_GRACE_MS = 20_000;

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(`did not print "listening on …" within ${(options.readyTimeoutMs ?? 120_000) / 1000}s`), options.readyTimeoutMs ?? 120_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopProcess(child, exited).then(() => reject(new Error(`${options.name} ${why}; its log: ${options.logFile}`)));
    };
    let ready = false;
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('close', (code) => {
      if (!ready) fail(`exited with ${code} before it was ready`);
    });
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      stdout += chunk.toString();
      const match = READY.exec(stdout);
      if (!match) return;
      ready = true;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.pipe(log);
      resolve({
        name: options.name,
        url: match[1],
        stop: async () => {
          await stopProcess(child, exited);
          log.end();
        },
      });
    };
    child.stdout.on('data', onData);
  });
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, STOP_GRACE_MS);
  });
  await Promise.race([exited, killed]);
  clearTimeout(timer);
  await exited;
}
