/**
 * One view of managed resources for the price rules, from either source:
 *  - synthesized stack JSON (cdktf.out): configuration, where values computed at apply time
 *    are `${...}` references;
 *  - plan JSON (`terraform show -json`): the `before` and `after` values of every resource
 *    change. Values unknown until apply are replaced by a `${...}` reference taken from the
 *    plan's configuration, so both sources link resources the same way.
 * Values stay in memory: plan JSON holds secrets, and no rule copies a value into its output.
 */

export interface Resource {
  /** Stack name, `<env>-<unit>`. */
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>` (index suffix, if any, removed). */
  readonly address: string;
  /** Attribute values; references unresolved. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Instances: `count`, or the size of a literal `for_each`; 1 otherwise. */
  readonly count: number;
}

type Json = Record<string, unknown>;

const META_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'connection', 'provisioner']);

/** Managed resources of one synthesized stack (`cdk.tf.json`). */
export function resourcesOfStack(stack: string, json: { resource?: Record<string, Record<string, Json>> }): Resource[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({
      stack,
      type,
      name,
      address: `${type}.${name}`,
      values: Object.fromEntries(Object.entries(body).filter(([key]) => !META_KEYS.has(key))),
      count: instanceCount(body),
    })),
  );
}

function instanceCount(body: Json): number {
  if (typeof body['count'] === 'number') return body['count'];
  const forEach = body['for_each'];
  if (Array.isArray(forEach)) return forEach.length;
  if (typeof forEach === 'object' && forEach !== null) return Object.keys(forEach).length;
  return 1;
}

export interface PlanResources {
  /** What exists now (the plan's `before` values): empty for a new stack. */
  readonly before: Resource[];
  /** What exists after apply (`after` values, unknowns as references). */
  readonly after: Resource[];
}

/**
 * Managed resources before and after one plan. Instances of one resource (count, for_each)
 * are kept apart and share the resource's address.
 */
export function resourcesOfPlan(stack: string, plan: Json): PlanResources {
  const expressions = configurationExpressions(plan);
  const before: Resource[] = [];
  const after: Resource[] = [];
  const changes = Array.isArray(plan['resource_changes']) ? (plan['resource_changes'] as Json[]) : [];
  for (const entry of changes) {
    if (entry['mode'] !== 'managed' || typeof entry['type'] !== 'string' || typeof entry['name'] !== 'string') continue;
    if (typeof entry['module_address'] === 'string') continue;
    const change = (entry['change'] ?? {}) as Json;
    const base = { stack, type: entry['type'], name: entry['name'], address: `${entry['type']}.${entry['name']}`, count: 1 };
    // A create has no `before`, a delete or forget no `after` (a forgotten object stays, but is no longer this state's).
    if (isObject(change['before'])) before.push({ ...base, values: change['before'] });
    if (isObject(change['after'])) after.push({ ...base, values: withUnknowns(change['after'], change['after_unknown'], expressions.get(base.address)) });
  }
  return { before, after };
}

/** `after` with every unknown top-level attribute replaced by its configuration reference, if any. */
function withUnknowns(after: Json, unknown: unknown, expressions: Json | undefined): Json {
  if (!isObject(unknown)) return after;
  const values: Json = { ...after };
  for (const [key, marker] of Object.entries(unknown)) {
    if (marker !== true) continue;
    const references = isObject(expressions?.[key]) ? (expressions[key] as Json)['references'] : undefined;
    values[key] = Array.isArray(references) && typeof references[0] === 'string' ? `\${${references[0]}}` : undefined;
  }
  return values;
}

function configurationExpressions(plan: Json): Map<string, Json> {
  const root = isObject(plan['configuration']) && isObject(plan['configuration']['root_module']) ? plan['configuration']['root_module'] : {};
  const resources = Array.isArray(root['resources']) ? (root['resources'] as Json[]) : [];
  return new Map(resources.filter((resource) => typeof resource['address'] === 'string').map((resource) => [resource['address'] as string, (resource['expressions'] ?? {}) as Json]));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
