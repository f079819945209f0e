/**
 * One run per live project at a time: plan empties and refills tfplan/, apply
 * reads it, so two runs side by side would destroy each other's plans. The
 * lock is a file created exclusively in tfplan/, naming its holder; a lock
 * left by a process that no longer runs on this machine is taken over.
 */
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RunnerError } from './binary';
import { planDir, projectName, type RunnerContext } from './context';
import { describeHolder, holder, tryLock } from './file-lock';

export const LOCK_FILE = '.lock';

/** Takes the project's lock for `command`; returns its release. Throws naming the holder when taken. */
export function lockProject(context: RunnerContext, command: string): () => void {
  const file = join(planDir(context), LOCK_FILE);
  // A run that fails before writing anything leaves no empty tfplan/ behind.
  const createdDir = mkdirSync(planDir(context), { recursive: true }) !== undefined;
  const attempt = tryLock(file, holder(command, context.now()));
  if ('heldBy' in attempt) {
    throw new RunnerError(
      `${projectName(context)} is busy: ${describeHolder(attempt.heldBy)} holds ${relative(process.cwd(), file) || file}; wait for it to finish, or delete that file if the run is gone.`,
    );
  }
  if (attempt.tookOverFrom) {
    context.print(`taking over the lock of ${projectName(context)}: terraform-runner ${attempt.tookOverFrom.command} (pid ${attempt.tookOverFrom.pid}) is no longer running`);
  }
  return () => {
    attempt.release();
    if (createdDir && readdirSync(planDir(context)).length === 0) rmdirSync(planDir(context));
  };
}
