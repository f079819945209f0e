/**
 * `destroy`: only for environments whose env.yaml marks their infrastructure
 * disposable (the parallel envs). Plans a destroy of every stack, applies it
 * dependents first, and keeps the stateful guard unless the env's data is
 * disposable too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS_CONFIG_FILE, loadProjectEnvironments, type Environment } from '@lq3/live-shared';
import { applySavedPlans } from './apply-plans';
import { RunnerError } from './binary';
import { DESTROY_SUMMARY_FILE, projectName, type RunnerContext } from './context';
import { DEFAULT_CONCURRENCY, planStacks, writeSummary } from './plan';
import { openSession } from './session';

export interface DestroyOptions {
  /** Skip the interactive "yes". @default false */
  autoApprove?: boolean;
  /** Stateful resources that may go when the env's data is not disposable. @default [] */
  allowDestroy?: readonly string[];
  /** Stacks planned/destroyed at the same time. @default 4 */
  concurrency?: number;
}

export async function destroy(context: RunnerContext, options: DestroyOptions = {}): Promise<boolean> {
  if (existsSync(join(context.projectDir, ACCOUNTS_CONFIG_FILE))) {
    throw new RunnerError(`destroy refused: ${projectName(context)} is the account layer (${ACCOUNTS_CONFIG_FILE}): an account's trail, baseline and budgets are never destroyed by the runner.`);
  }
  const environments = loadProjectEnvironments(context.projectDir);
  const protectedEnvs = environments.filter((environment) => !environment.disposable.infrastructure);
  if (protectedEnvs.length > 0) {
    const names = protectedEnvs.map((environment) => environment.name).join(', ');
    throw new RunnerError(
      `destroy refused: ${names} in ${protectedEnvs[0].sourceFile} is not disposable (disposable.infrastructure is not true); only disposable environments such as the parallel envs can be destroyed.`,
    );
  }
  const byName = new Map<string, Environment>(environments.map((environment) => [environment.name, environment]));
  const { stacks, terraform } = openSession(context);
  const unknown = stacks.find((stack) => !byName.has(stack.environment));
  if (unknown) {
    throw new RunnerError(`stack ${unknown.name} belongs to environment ${unknown.environment}, which ${projectName(context)}'s env.yaml does not define; synth again.`);
  }

  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { summary, ok } = await planStacks(context, terraform, stacks, { concurrency, destroy: true });
  writeSummary(context, DESTROY_SUMMARY_FILE, summary);
  if (!ok) {
    const failed = summary.stacks.filter((stack) => stack.status === 'error').map((stack) => stack.stack);
    context.printError(`destroy stopped: planning the destroy failed for ${failed.join(', ')}; nothing was destroyed.`);
    return false;
  }
  return applySavedPlans(context, terraform, stacks, summary.stacks, {
    verb: 'destroy',
    concurrency,
    autoApprove: options.autoApprove ?? false,
    allowDestroy: options.allowDestroy ?? [],
    guarded: (stack) => !byName.get(stack.environment)?.disposable.data,
  });
}
