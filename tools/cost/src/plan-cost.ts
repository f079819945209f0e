/**
 * Monthly cost before and after a plan, per env: the price rules over the plan JSON's
 * `before` values (what exists) and `after` values (what exists once applied). Stacks without
 * a plan (deferred, failed) are counted as configured on both sides, so the change comes from
 * planned stacks only and says which stacks it leaves out. The result carries figures and
 * driver names, never a value from the plan (plan JSON holds secrets).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS_CONFIG_FILE, loadProjectEnvironments, ORGANISATION } from '@lq3/live-shared';
import type { Amounts, EnvironmentFacts } from './context';
import { estimateEnvironment, type EnvEstimate } from './estimate';
import { loadPriceBook, type PriceBook } from './prices';
import { factsOf, usageOf } from './project';
import { resourcesOfPlan, resourcesOfStack, type Resource } from './resources';
import { loadUsageFile, resolveUsage, type Usage, type UsageFile } from './usage';

export interface PlannedStack {
  readonly stack: string;
  readonly environment: string;
  /**
   * AWS account of the stack (`staging` | `production`): the usage profile of a project
   * without env.yaml (the account layer). @default the synthesized JSON's `//.lq3.account`
   */
  readonly account?: string;
  /** `terraform show -json` of the stack's plan; absent for a stack that was not planned. */
  readonly planJson?: Record<string, unknown>;
  /** The stack's synthesized JSON, counted on both sides when there is no plan. */
  readonly synthJson?: { '//'?: unknown; resource?: Record<string, Record<string, Record<string, unknown>>> };
}

/** One env's estimate before and after a plan (USD a month, as scheduled). */
export interface PlanCost {
  readonly environment: string;
  readonly currency: 'USD';
  readonly before: number;
  readonly after: number;
  /** Per cost driver, both sides, largest change first (drivers that do not change are left out). */
  readonly drivers: { readonly driver: string; readonly before: number; readonly after: number }[];
  /** For envs with office hours: the after side running all month and idle all month. */
  readonly afterRunning?: number;
  readonly afterIdle?: number;
  /** Stacks without a plan, counted as configured on both sides. */
  readonly unplanned?: string[];
  /** Why there is no estimate (a resource the rules cannot price, an env file that does not load). */
  readonly error?: string;
}

export interface PlanCostOptions {
  readonly prices?: PriceBook;
  readonly usageFile?: UsageFile;
  readonly workspaceRoot?: string;
}

/** Estimates every env of a live project from its stacks' plans; an env that cannot be estimated gets `error` instead of figures. */
export function planCosts(projectDir: string, stacks: readonly PlannedStack[], options: PlanCostOptions = {}): PlanCost[] {
  const environments = [...new Set(stacks.map((stack) => stack.environment))];
  const workspaceRoot = options.workspaceRoot ?? join(projectDir, '..', '..');
  let subjectOf: (name: string) => { usage: Usage; facts?: EnvironmentFacts };
  let prices: PriceBook;
  try {
    const usageFile = options.usageFile ?? loadUsageFile();
    if (existsSync(join(projectDir, ACCOUNTS_CONFIG_FILE))) {
      // The account layer (accounts.yaml, no env.yaml): its stacks priced with the default usage of their account, as `estimateProject` does.
      prices = options.prices ?? loadPriceBook(ORGANISATION.defaultRegion);
      subjectOf = (name) => ({ usage: resolveUsage(usageFile, { account: accountOf(stacks.filter((stack) => stack.environment === name)), role: 'base' }, undefined) });
    } else {
      const loaded = loadProjectEnvironments(projectDir, workspaceRoot);
      prices = options.prices ?? loadPriceBook(loaded[0]?.region);
      subjectOf = (name) => {
        const environment = loaded.find((candidate) => candidate.name === name);
        if (!environment) throw new Error(`the env file defines no environment ${name}`);
        return { usage: usageOf(usageFile, environment), facts: factsOf(environment, workspaceRoot) };
      };
    }
  } catch (error) {
    return environments.map((environment) => failed(environment, error));
  }
  return environments.map((name) => {
    try {
      const subject = subjectOf(name);
      const envStacks = stacks.filter((stack) => stack.environment === name);
      const before: Resource[] = [];
      const after: Resource[] = [];
      const unplanned: string[] = [];
      for (const stack of envStacks) {
        if (stack.planJson) {
          const planned = resourcesOfPlan(stack.stack, stack.planJson);
          before.push(...planned.before);
          after.push(...planned.after);
        } else {
          unplanned.push(stack.stack);
          const configured = stack.synthJson ? resourcesOfStack(stack.stack, stack.synthJson) : [];
          before.push(...configured);
          after.push(...configured);
        }
      }
      const input = { env: name, prices, usage: subject.usage, ...(subject.facts ? { facts: subject.facts } : {}) };
      const was = estimateEnvironment({ ...input, resources: before });
      const will = estimateEnvironment({ ...input, resources: after });
      const scheduled = Math.abs(will.total.running - will.total.monthly) > 0.005 || Math.abs(will.total.idle - will.total.monthly) > 0.005;
      return {
        environment: name,
        currency: 'USD' as const,
        before: cents(was.total.monthly),
        after: cents(will.total.monthly),
        drivers: driverChanges(was, will),
        ...(scheduled ? { afterRunning: cents(will.total.running), afterIdle: cents(will.total.idle) } : {}),
        ...(unplanned.length > 0 ? { unplanned } : {}),
      };
    } catch (error) {
      return failed(name, error);
    }
  });
}

/** The one AWS account a group of stacks names (PlannedStack.account or their `//.lq3.account`). */
function accountOf(stacks: readonly PlannedStack[]): string {
  const accounts = [...new Set(stacks.map((stack) => stack.account ?? ((stack.synthJson?.['//'] as { lq3?: { account?: string } } | undefined)?.lq3?.account)))];
  if (accounts.length !== 1 || accounts[0] === undefined) throw new Error(`cannot tell the account of ${stacks.map((stack) => stack.stack).join(', ')}: ${accounts.length > 1 ? `they name ${accounts.join(', ')}` : 'no //.lq3.account in the synthesized JSON'}`);
  return accounts[0];
}

function driverChanges(before: EnvEstimate, after: EnvEstimate): PlanCost['drivers'] {
  const monthly = (subtotals: { key: string; cost: Amounts }[]) => new Map(subtotals.map((subtotal) => [subtotal.key, subtotal.cost.monthly]));
  const was = monthly(before.byDriver);
  const will = monthly(after.byDriver);
  return [...new Set([...was.keys(), ...will.keys()])]
    .map((driver) => ({ driver, before: cents(was.get(driver) ?? 0), after: cents(will.get(driver) ?? 0) }))
    .filter((change) => change.before !== change.after)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.driver.localeCompare(b.driver));
}

function failed(environment: string, error: unknown): PlanCost {
  return { environment, currency: 'USD', before: 0, after: 0, drivers: [], error: error instanceof Error ? error.message : String(error) };
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
