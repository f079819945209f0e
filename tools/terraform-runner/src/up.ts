/**
 * `up`: converges an environment in one command. Plans every stack, applies
 * what the plan holds, then plans and applies the stacks that were deferred
 * (they read outputs the applied plans created or changed), round after round,
 * until none is left. This is how a new environment comes up and a disabled one
 * comes back; the reviewed flow (PR plan, apply on merge) stays plan → apply.
 * Every round goes through the same stateful guard and confirmation as apply.
 */
import { applySavedPlans } from './apply-plans';
import { RunnerError } from './binary';
import { projectName, SUMMARY_FILE, type RunnerContext } from './context';
import { DEFAULT_CONCURRENCY, planStacks, writeSummary } from './plan';
import { openSession } from './session';

export interface UpOptions {
  /** Skip the interactive "yes" of each round. @default false */
  autoApprove?: boolean;
  /** Stateful resources that may be deleted or replaced: `<address>` or `<stack>:<address>`. @default [] */
  allowDestroy?: readonly string[];
  /** Stacks planned/applied at the same time. @default 4 */
  concurrency?: number;
}

export async function up(context: RunnerContext, options: UpOptions = {}): Promise<boolean> {
  const { stacks, terraform } = openSession(context);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  let round = stacks;
  for (let number = 1; round.length > 0; number++) {
    context.print(`up ${projectName(context)}, round ${number}: ${round.map((stack) => stack.name).join(', ')}`);
    const { summary, ok } = await planStacks(context, terraform, round, { concurrency, destroy: false });
    writeSummary(context, SUMMARY_FILE, summary);
    if (!ok) {
      const failed = summary.stacks.filter((stack) => stack.status === 'error').map((stack) => stack.stack);
      context.printError(`up stopped in round ${number}: the plan failed for ${failed.join(', ')}; nothing more was applied.`);
      return false;
    }
    const applied = await applySavedPlans(context, terraform, stacks, summary.stacks, {
      verb: 'apply',
      concurrency,
      autoApprove: options.autoApprove ?? false,
      allowDestroy: options.allowDestroy ?? [],
      guarded: () => true,
    });
    if (!applied) return false;
    const deferred = new Set(summary.stacks.filter((stack) => stack.status === 'deferred').map((stack) => stack.stack));
    // A stack is deferred only behind a stack of its round with changes, which was just applied.
    if (deferred.size === round.length) throw new RunnerError(`up made no progress in round ${number}: every stack was deferred; plan to see why.`);
    round = stacks.filter((stack) => deferred.has(stack.name));
  }
  context.print(`up ${projectName(context)}: done, every stack applied`);
  return true;
}
