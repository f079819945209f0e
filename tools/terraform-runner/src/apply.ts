/**
 * `apply`: applies the saved plans of the last `plan`, and only if they still
 * describe what is synthesized now and are recent enough.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySavedPlans } from './apply-plans';
import { RunnerError } from './binary';
import { formatDuration, planDir, projectName, SUMMARY_FILE, type RunnerContext } from './context';
import { DEFAULT_CONCURRENCY } from './plan';
import type { EnvPlanSummary } from './plan-summary';
import { openSession } from './session';
import type { SynthesizedStack } from './stacks';

/** Older plans are refused: the world they were made against has likely moved on. */
export const DEFAULT_MAX_PLAN_AGE_MS = 2 * 60 * 60 * 1000;

export interface ApplyOptions {
  /** Skip the interactive "yes" (CI). @default false */
  autoApprove?: boolean;
  /** Stateful resources that may be deleted or replaced: `<address>` or `<stack>:<address>`. @default [] */
  allowDestroy?: readonly string[];
  /** Refuse plans older than this. @default 2 hours */
  maxPlanAgeMs?: number;
  /** Stacks applied at the same time (independent stacks only). @default 4 */
  concurrency?: number;
}

export async function apply(context: RunnerContext, options: ApplyOptions = {}): Promise<boolean> {
  const summary = readSummary(context);
  const { stacks, terraform } = openSession(context);
  checkFresh(context, summary, stacks, options.maxPlanAgeMs ?? DEFAULT_MAX_PLAN_AGE_MS);
  const failed = summary.stacks.filter((stack) => stack.status === 'error');
  if (failed.length > 0) {
    throw new RunnerError(`apply refused: the plan failed for ${failed.map((stack) => stack.stack).join(', ')}; fix it and plan again.`);
  }
  const applied = await applySavedPlans(context, terraform, stacks, summary.stacks, {
    verb: 'apply',
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    autoApprove: options.autoApprove ?? false,
    allowDestroy: options.allowDestroy ?? [],
    guarded: () => true,
  });
  const deferred = summary.stacks.filter((stack) => stack.status === 'deferred').map((stack) => stack.stack);
  if (applied && deferred.length > 0) {
    context.print(
      `apply: ${deferred.join(', ')} deferred (they read outputs this apply created or changed); plan and apply again for them, or run nx run ${projectName(context)}:up`,
    );
  }
  return applied;
}

function readSummary(context: RunnerContext): EnvPlanSummary {
  const file = join(planDir(context), SUMMARY_FILE);
  if (!existsSync(file)) throw new RunnerError(`no saved plan in ${planDir(context)}; run nx run ${projectName(context)}:plan first.`);
  let summary: EnvPlanSummary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as EnvPlanSummary;
  } catch (error) {
    throw new RunnerError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); plan again.`);
  }
  if (summary.schemaVersion !== 1 || !Array.isArray(summary.stacks)) throw new RunnerError(`${file} is not a plan summary this runner wrote; plan again.`);
  if (summary.project !== projectName(context)) {
    throw new RunnerError(`${file} was planned for ${summary.project}, not ${projectName(context)}; plan again.`);
  }
  return summary;
}

/** Same synth (every stack's JSON hash, no stack added or removed) and not too old. */
function checkFresh(context: RunnerContext, summary: EnvPlanSummary, stacks: SynthesizedStack[], maxAgeMs: number): void {
  const ageMs = context.now().getTime() - Date.parse(summary.generatedAt);
  if (!Number.isFinite(ageMs)) throw new RunnerError(`the saved plan has no valid generatedAt time; plan again.`);
  if (ageMs > maxAgeMs) {
    throw new RunnerError(
      `apply refused: the saved plan is ${formatDuration(ageMs)} old, more than the ${formatDuration(maxAgeMs)} allowed (--max-plan-age); plan again.`,
    );
  }
  const planned = new Map(summary.stacks.map((stack) => [stack.stack, stack]));
  const changed = stacks.filter((stack) => planned.get(stack.name)?.synthHash !== stack.synthHash).map((stack) => stack.name);
  const removed = summary.stacks.filter((stack) => !stacks.some((current) => current.name === stack.stack)).map((stack) => stack.stack);
  if (changed.length > 0 || removed.length > 0) {
    throw new RunnerError(
      `apply refused: the synthesized stacks changed since the plan (${[...changed, ...removed].join(', ')}); plan again so you apply what you reviewed.`,
    );
  }
}
