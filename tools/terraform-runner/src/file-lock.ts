/**
 * Exclusive lock files that name their holder: created with O_EXCL, released
 * by deleting them, taken over when the holder was a process of this machine
 * that no longer runs (a runner killed with SIGKILL leaves its lock behind).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export type LockAttempt = { release: () => void; tookOverFrom?: LockHolder } | { heldBy: LockHolder | undefined };

export function holder(command: string, now: Date = new Date()): LockHolder {
  return { pid: process.pid, host: hostname(), command, startedAt: now.toISOString() };
}

/** One attempt (plus one takeover of a stale lock); never waits. */
export function tryLock(file: string, mine: LockHolder): LockAttempt {
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${JSON.stringify(mine)}\n`);
      closeSync(fd);
      const release = () => {
        if (readHolder(file)?.pid === mine.pid) rmSync(file, { force: true });
      };
      return tookOverFrom ? { release, tookOverFrom } : { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(file);
    if (attempt > 0 || !current || current.host !== mine.host || isRunning(current.pid)) return { heldBy: current };
    tookOverFrom = current;
    rmSync(file, { force: true });
  }
  return { heldBy: readHolder(file) };
}

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** @default 200 */
  pollMs?: number;
  /** Called once, when the lock is found taken. */
  onWait?: (heldBy: LockHolder | undefined) => void;
}

/** Polls until the lock is free (or stale); throws after `timeoutMs`, naming the holder. */
export async function waitForLock(file: string, mine: LockHolder, options: WaitOptions): Promise<() => void> {
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const attempt = tryLock(file, mine);
    if ('release' in attempt) return attempt.release;
    if (!told) options.onWait?.(attempt.heldBy);
    told = true;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${file}, held by ${describeHolder(attempt.heldBy)}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

export function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `terraform-runner ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : 'another run';
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
