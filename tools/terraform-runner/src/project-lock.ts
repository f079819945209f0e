/**
 * One run per live project at a time: plan empties and refills tfplan/, apply
 * reads it, so two runs side by side would destroy each other's plans. The
 * lock is a file created exclusively in tfplan/, naming its holder; a lock
 * left by a process that no longer runs on this machine is taken over.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { RunnerError } from './binary';
import { planDir, projectName, type RunnerContext } from './context';

export const LOCK_FILE = '.lock';

interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

/** Takes the project's lock for `command`; returns its release. Throws naming the holder when taken. */
export function lockProject(context: RunnerContext, command: string): () => void {
  const file = join(planDir(context), LOCK_FILE);
  // A run that fails before writing anything leaves no empty tfplan/ behind.
  const createdDir = mkdirSync(planDir(context), { recursive: true }) !== undefined;
  const mine: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: context.now().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${JSON.stringify(mine)}\n`);
      closeSync(fd);
      return () => {
        if (readHolder(file)?.pid === mine.pid) rmSync(file, { force: true });
        if (createdDir && readdirSync(planDir(context)).length === 0) rmdirSync(planDir(context));
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (attempt === 0 && holder && holder.host === mine.host && !isRunning(holder.pid)) {
      context.print(`taking over the lock of ${projectName(context)}: terraform-runner ${holder.command} (pid ${holder.pid}) is no longer running`);
      rmSync(file, { force: true });
      continue;
    }
    const who = holder ? `terraform-runner ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : 'another run';
    throw new RunnerError(
      `${projectName(context)} is busy: ${who} holds ${relative(process.cwd(), file) || file}; wait for it to finish, or delete that file if the run is gone.`,
    );
  }
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
