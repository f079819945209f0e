/**
 * The part apply and destroy share: check the stateful guard, show what will
 * happen, ask for confirmation, then apply saved plans — stacks that only
 * remove things dependents first, then the others dependencies first —
 * stopping at the first failure.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RunnerError } from './binary';
import { formatDuration, indent, planDir, projectName, type RunnerContext } from './context';
import { guardRefusal, notAllowed, statefulDestroys } from './guard';
import { describeCounts } from './plan';
import type { StackPlanSummary } from './plan-summary';
import { runInDependencyOrder, type Outcome } from './schedule';
import type { SynthesizedStack } from './stacks';

/** A plan that only deletes (or forgets): applied before the rest, dependents first. */
export function removesOnly(stackPlan: StackPlanSummary): boolean {
  const { create, update, replace, delete: deletes, forget = 0 } = stackPlan.counts;
  return create === 0 && update === 0 && replace === 0 && deletes + forget > 0;
}
import type { Terraform } from './terraform';

export interface ApplyPlansOptions {
  verb: 'apply' | 'destroy';
  concurrency: number;
  autoApprove: boolean;
  allowDestroy: readonly string[];
  /** Whether the stateful guard covers this stack (destroy skips it for envs whose data is disposable). */
  guarded: (stack: StackPlanSummary) => boolean;
}

export async function applySavedPlans(
  context: RunnerContext,
  terraform: Terraform,
  stacks: SynthesizedStack[],
  plans: StackPlanSummary[],
  options: ApplyPlansOptions,
): Promise<boolean> {
  const planFor = new Map(plans.map((stackPlan) => [stackPlan.stack, stackPlan]));
  const toApply = plans.filter((stackPlan) => stackPlan.status === 'changes');
  const blocked = notAllowed(statefulDestroys(plans.filter(options.guarded)), options.allowDestroy);
  if (blocked.length > 0) throw new RunnerError(guardRefusal(options.verb, blocked));
  if (toApply.length === 0) {
    context.print(`${options.verb}: nothing to do, no stack has changes`);
    return true;
  }
  for (const stackPlan of toApply) {
    if (!stackPlan.planFile || !existsSync(join(planDir(context), stackPlan.planFile))) {
      throw new RunnerError(`the saved plan of ${stackPlan.stack} is missing (already applied, or removed); plan again.`);
    }
  }

  context.print(`${options.verb} ${projectName(context)}: ${toApply.length} stack(s) with changes`);
  for (const stackPlan of toApply) context.print(`  ${stackPlan.stack}: ${describeCounts(stackPlan)}`);
  if (!options.autoApprove) {
    if (!context.interactive) {
      throw new RunnerError(`${options.verb} needs a "yes" typed in a terminal, and stdin is not one; pass --auto-approve for non-interactive runs (CI).`);
    }
    context.print(`Type "yes" to ${options.verb} ${projectName(context)}:`);
    const answer = await readAnswer(context.input);
    if (answer !== 'yes') {
      throw new RunnerError(`${options.verb} cancelled: confirmation was "${answer}", not "yes" (use --auto-approve in CI).`);
    }
  }

  const applyOne = async (stack: SynthesizedStack): Promise<boolean> => {
    const stackPlan = planFor.get(stack.name);
    if (stackPlan?.status !== 'changes' || !stackPlan.planFile) return true;
    const planFile = join(planDir(context), stackPlan.planFile);
    context.print(`[${stack.name}] ${options.verb} started`);
    const started = Date.now();
    // cdktf.out may have been rebuilt (same content) since the plan, dropping .terraform/.
    const init = await terraform.init(stack.workingDirectory);
    const result = init.exitCode === 0 ? await terraform.apply(stack.workingDirectory, planFile) : init;
    const took = formatDuration(Date.now() - started);
    if (result.exitCode !== 0) {
      context.printError(`[${stack.name}] ${options.verb} failed after ${took}:\n${indent(result.stderr || result.stdout)}`);
      return false;
    }
    // A saved plan applies once; removing it makes a second apply ask for a new plan.
    rmSync(planFile, { force: true });
    context.print(`[${stack.name}] ${options.verb} finished in ${took}`);
    return true;
  };

  // Removals first, dependents before what they depend on (a security group cannot go while
  // a dependent stack's rules still reference it); then everything else, dependencies first
  // (a dependent's new resources need theirs). See ADR 0008.
  const removing = new Set(toApply.filter(removesOnly).map((stackPlan) => stackPlan.stack));
  const phases = [
    { reverse: true, applies: (stack: SynthesizedStack) => removing.has(stack.name) },
    { reverse: false, applies: (stack: SynthesizedStack) => !removing.has(stack.name) },
  ];
  const outcomes = new Map<string, Outcome>();
  for (const phase of phases) {
    const phaseOutcomes = await runInDependencyOrder(stacks, { concurrency: options.concurrency, reverse: phase.reverse, stopOnFailure: true }, (stack) =>
      phase.applies(stack) ? applyOne(stack) : Promise.resolve(true),
    );
    for (const stack of stacks.filter(phase.applies)) outcomes.set(stack.name, phaseOutcomes.get(stack.name) ?? 'skipped');
    if ([...outcomes.values()].includes('failed')) break;
  }

  const failed = toApply.filter((stackPlan) => outcomes.get(stackPlan.stack) === 'failed').map((stackPlan) => stackPlan.stack);
  const skipped = toApply.filter((stackPlan) => !['ok', 'failed'].includes(outcomes.get(stackPlan.stack) ?? 'skipped')).map((stackPlan) => stackPlan.stack);
  if (failed.length > 0) {
    context.printError(`${options.verb} failed for ${failed.join(', ')}${skipped.length > 0 ? `; not started: ${skipped.join(', ')}` : ''}`);
    return false;
  }
  context.print(`${options.verb}: ${toApply.length} stack(s) done`);
  return true;
}

/** First line of input; end of input (CI without a terminal) is an empty answer. */
function readAnswer(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    const finish = (answer: string) => {
      if (answered) return;
      answered = true;
      lines.close();
      resolve(answer.trim());
    };
    lines.once('line', finish);
    lines.once('close', () => finish(''));
  });
}
