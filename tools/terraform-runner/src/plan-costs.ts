/**
 * The monthly cost estimate of each env before and after a plan run (tools/cost), for the
 * summary and the PR comment. Estimating never fails a plan: an env the rules cannot price
 * carries its reason instead of figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planCosts, type PlanCost, type PlannedStack } from '@lq3/cost';
import type { RunnerContext } from './context';
import type { StackPlanSummary } from './plan-summary';
import type { SynthesizedStack } from './stacks';

export function costsOfPlans(context: RunnerContext, stacks: SynthesizedStack[], results: ReadonlyMap<string, StackPlanSummary>, outDir: string): PlanCost[] {
  const planned: PlannedStack[] = stacks.map((stack) => {
    const result = results.get(stack.name);
    const planJson = result?.planJsonFile && result.status !== 'error' ? readJson(join(outDir, result.planJsonFile)) : undefined;
    return { stack: stack.name, environment: stack.environment, account: stack.account, planJson, synthJson: readJson(stack.jsonFile) };
  });
  return planCosts(context.projectDir, planned);
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
