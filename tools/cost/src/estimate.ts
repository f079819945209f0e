/**
 * A monthly estimate of one environment from its resources (all of its stacks): one cost
 * line per priced resource and driver, totals per stack and per driver, in the three
 * scenarios of EstimateContext (as scheduled, running, idle).
 */
import { add, type Amounts, EstimateContext, type EnvironmentFacts, ZERO } from './context';
import type { PriceBook } from './prices';
import type { Resource } from './resources';
import { type CostLine, ruleFor, UnpricedTypeError } from './rules';
import type { Usage } from './usage';

export interface Subtotal {
  readonly key: string;
  readonly cost: Amounts;
}

export interface EnvEstimate {
  readonly env: string;
  /** Cost lines, largest monthly cost first. */
  readonly lines: CostLine[];
  readonly total: Amounts;
  /** Per driver (`Fargate tasks`, `RDS instance`, ...), largest first. */
  readonly byDriver: Subtotal[];
  /** Per stack, in the order the stacks came. */
  readonly byStack: Subtotal[];
}

export interface EstimateInput {
  readonly env: string;
  readonly resources: readonly Resource[];
  readonly prices: PriceBook;
  readonly usage: Usage;
  readonly facts?: EnvironmentFacts;
  /** Stack names to report even when they hold nothing priced. */
  readonly stacks?: readonly string[];
}

/** Estimates one environment. Throws on a resource type without a price rule (UnpricedTypeError) or a value a rule cannot price. */
export function estimateEnvironment(input: EstimateInput): EnvEstimate {
  const context = new EstimateContext(input.env, input.resources, input.prices, input.usage, input.facts);
  const unpriced = new Set<string>();
  const lines: CostLine[] = [];
  for (const resource of input.resources) {
    let rule;
    try {
      rule = ruleFor(resource.type);
    } catch (error) {
      if (error instanceof UnpricedTypeError) {
        unpriced.add(error.type);
        continue;
      }
      throw error;
    }
    if (rule) lines.push(...rule(resource, context).filter((line) => line.cost.monthly > 0 || line.cost.running > 0 || line.cost.idle > 0));
  }
  if (unpriced.size > 0) throw new UnpricedTypeError([...unpriced].sort().join(', '));
  lines.sort((a, b) => b.cost.monthly - a.cost.monthly || b.cost.running - a.cost.running || a.address.localeCompare(b.address));
  const stacks = [...new Set([...(input.stacks ?? []), ...input.resources.map((resource) => resource.stack)])];
  return {
    env: input.env,
    lines,
    total: add(...lines.map((line) => line.cost), ZERO),
    byDriver: subtotals(lines, (line) => line.driver).sort((a, b) => b.cost.monthly - a.cost.monthly || b.cost.running - a.cost.running),
    byStack: stacks.map((stack) => ({ key: stack, cost: add(...lines.filter((line) => line.stack === stack).map((line) => line.cost), ZERO) })),
  };
}

function subtotals(lines: CostLine[], key: (line: CostLine) => string): Subtotal[] {
  const sums = new Map<string, Amounts>();
  for (const line of lines) sums.set(key(line), add(sums.get(key(line)) ?? ZERO, line.cost));
  return [...sums].map(([name, cost]) => ({ key: name, cost }));
}
