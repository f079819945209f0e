/**
 * The stateful guard: a plan that deletes or replaces (in either order) a
 * resource of a STATEFUL_RESOURCE_TYPES type is applied only when the operator
 * named that address with `--allow-destroy`.
 */
import { destroysStatefulResource, type StackPlanSummary } from './plan-summary';

export interface StatefulDestroy {
  stack: string;
  address: string;
  type: string;
  /** `delete`, or `replace (delete-before-create)` / `replace (create-before-delete)`. */
  description: string;
}

export function statefulDestroys(stacks: StackPlanSummary[]): StatefulDestroy[] {
  return stacks.flatMap((stack) =>
    stack.changes.filter(destroysStatefulResource).map((change) => ({
      stack: stack.stack,
      address: change.address,
      type: change.type,
      description: change.action === 'replace' ? `replace (${change.replaceOrder})` : change.action,
    })),
  );
}

/**
 * `--allow-destroy` takes a resource address (`aws_db_instance.database`,
 * allowed in every stack of the run) or `<stack>:<address>` (one stack only).
 */
export function notAllowed(destroys: StatefulDestroy[], allowDestroy: readonly string[]): StatefulDestroy[] {
  const allowed = new Set(allowDestroy);
  return destroys.filter((item) => !allowed.has(item.address) && !allowed.has(`${item.stack}:${item.address}`));
}

/** The refusal, naming every blocked address and the flag that would allow it. */
export function guardRefusal(verb: string, blocked: StatefulDestroy[]): string {
  const lines = blocked.map((item) => `  ${item.stack}: ${item.description} ${item.address} (${item.type})  -> --allow-destroy=${item.stack}:${item.address}`);
  return [
    `${verb} refused: the plan would delete or replace ${blocked.length} stateful resource(s), losing their data:`,
    ...lines,
    'If that is intended, name each address with --allow-destroy (after checking backups); otherwise change the code so it keeps them.',
  ].join('\n');
}
