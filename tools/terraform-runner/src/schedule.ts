/**
 * Runs one task per stack in dependency order with at most `concurrency`
 * stacks at a time: a stack starts once every stack it depends on has finished
 * (or, in reverse order for destroy, once every stack depending on it has).
 */
import { stoppedBy } from './process';

export type Outcome = 'ok' | 'failed' | 'skipped';

export interface ScheduleOptions {
  concurrency: number;
  /** Destroy order: dependents first. */
  reverse?: boolean;
  /** Start nothing new after the first failure (apply, destroy); the rest are `skipped`. */
  stopOnFailure?: boolean;
}

export async function runInDependencyOrder<T extends { name: string; dependencies: string[] }>(
  stacks: T[],
  options: ScheduleOptions,
  task: (stack: T) => Promise<boolean>,
): Promise<Map<string, Outcome>> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  }
  // Only stacks of this run count: one outside it (another account, an earlier `up` round) is settled.
  const inRun = new Set(stacks.map((stack) => stack.name));
  const waitsFor = new Map<string, string[]>(
    stacks.map((stack) => [
      stack.name,
      options.reverse
        ? stacks.filter((other) => other.dependencies.includes(stack.name)).map((other) => other.name)
        : stack.dependencies.filter((name) => inRun.has(name)),
    ]),
  );
  const outcomes = new Map<string, Outcome>();
  const pending = [...stacks];
  const running = new Set<Promise<void>>();
  let failed = false;

  while (pending.length > 0 || running.size > 0) {
    // After a stop signal nothing new starts; running tasks finish (process.ts).
    const canStart = !(failed && options.stopOnFailure) && !stoppedBy();
    while (canStart && running.size < options.concurrency) {
      const index = pending.findIndex((stack) => (waitsFor.get(stack.name) ?? []).every((name) => outcomes.has(name)));
      if (index === -1) break;
      const [stack] = pending.splice(index, 1);
      // Tasks report their own failures as `false`; a throw is a bug and rejects the whole run.
      const run: Promise<void> = task(stack).then((ok) => {
        outcomes.set(stack.name, ok ? 'ok' : 'failed');
        if (!ok) failed = true;
        running.delete(run);
      });
      running.add(run);
    }
    if (running.size === 0) break; // nothing can start: stopped after a failure
    await Promise.race(running);
  }
  for (const stack of pending) outcomes.set(stack.name, 'skipped');
  return outcomes;
}
