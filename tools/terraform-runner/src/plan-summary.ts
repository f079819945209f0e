/**
 * The plan summary: what `plan` writes to `live/<project>/tfplan/summary.json`
 * and what the PR-comment tool and the apply guard read. It is derived from
 * `terraform show -json <planfile>` (Terraform's documented JSON output,
 * format_version 0.x and 1.x) and carries attribute NAMES only: plan JSON holds
 * real values, sensitive ones included, and none of them may leave the runner.
 */
import type { PlanCost } from '@lq3/cost';

/**
 * Resource types whose deletion or replacement loses data or breaks what
 * depends on their identity (keys, secrets, registries). The one place this
 * list lives: the apply/destroy guard and the PR comment both read it.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = Object.freeze([
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_s3_bucket',
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_efs_file_system',
  'aws_dynamodb_table',
  'aws_ecr_repository',
  'aws_cloudwatch_log_group',
]);

/**
 * One word per change; `replace` covers both replacement orders. `forget`
 * (Terraform >= 1.7, a `removed` block with `destroy = false`) drops the
 * object from state and leaves it in place.
 */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'forget' | 'no-op';

export interface ResourceChangeSummary {
  address: string;
  /** Set when the resource moved (a `moved` block or `terraform state mv`-like refactor). */
  previousAddress?: string;
  type: string;
  /** Terraform's raw `change.actions`, e.g. `["delete","create"]`. */
  actions: string[];
  action: ChangeAction;
  replaceOrder?: 'delete-before-create' | 'create-before-delete';
  /** Terraform's `action_reason`, passed through (new reasons appear over versions). */
  actionReason?: string;
  /** Top-level attribute names whose value changes or becomes unknown; never values. */
  changedAttributes: string[];
  importing: boolean;
  moved: boolean;
  /** A managed resource of a type in STATEFUL_RESOURCE_TYPES. */
  stateful: boolean;
}

/** A root module output whose value changes (`output_changes`); its name only, never the value. */
export interface OutputChangeSummary {
  name: string;
  /** Terraform's raw `actions`, e.g. `["update"]`. */
  actions: string[];
  /** `create`, `update` or `delete`. */
  action: ChangeAction;
}

export interface StackPlanSummary {
  stack: string;
  environment: string;
  unit: string;
  /**
   * `deferred`: not planned, because a stack it reads outputs from has a plan
   * that changes them (a new env's upstream stacks, for example); it is planned
   * once that plan is applied (`up`, or the next plan).
   */
  status: 'changes' | 'no-changes' | 'error' | 'deferred';
  /** For `deferred`: why, one entry per upstream stack (`<stack>: outputs a, b`). */
  deferredBy?: string[];
  counts: {
    create: number;
    update: number;
    delete: number;
    replace: number;
    import: number;
    move: number;
    /** Objects dropped from state but kept (`forget`). Present only when non-zero (and absent in older summaries). */
    forget?: number;
  };
  changes: ResourceChangeSummary[];
  /** Changes made outside Terraform since the last apply (`resource_drift`). */
  drift: ResourceChangeSummary[];
  /**
   * Root outputs that change. A plan can consist of these alone (exit code 2,
   * apply runs). Present only when non-empty (and absent in older summaries).
   */
  outputChanges?: OutputChangeSummary[];
  error?: string;
  /** @lq3 module package name -> version, from the stack JSON's `//.lq3.modules`. */
  modules: Record<string, string>;
  /**
   * The same packages' versions at the comparison base (`NX_BASE`, the merge
   * base in CI): what the env ran before the change, so the PR comment can show
   * `vpc 0.2.0 → 0.3.0` (ADR 0011). A package new to the stack has no entry.
   * Absent when no base was known (and in older summaries).
   */
  modulesBefore?: Record<string, string>;
  durationMs: number;
  /** sha256 of the synthesized stack JSON the plan was made from. */
  synthHash: string;
  /** Paths relative to the summary's directory. */
  planFile?: string;
  planJsonFile?: string;
}

export interface EnvPlanSummary {
  schemaVersion: 1;
  /** The Nx/live project, e.g. `staging01`. */
  project: string;
  commit: string;
  /** ISO 8601 timestamp. */
  generatedAt: string;
  terraform: { binary: string; version: string };
  stacks: StackPlanSummary[];
  /**
   * Monthly cost estimate of each env before and after this plan (tools/cost, list prices):
   * totals and cost driver names, never a value from the plan. Absent in older summaries.
   */
  costs?: PlanCost[];
}

type Counts = StackPlanSummary['counts'];

const SUPPORTED_FORMAT_MAJORS = new Set(['0', '1']);

/**
 * Summarizes one `terraform show -json` plan. Throws when the input is not a
 * plan JSON or uses a format major version this code does not know (the format
 * promises only additions within a major version).
 */
export function summarizePlan(planJson: unknown): Pick<StackPlanSummary, 'counts' | 'changes' | 'drift' | 'outputChanges'> {
  if (!isRecord(planJson)) throw new Error('plan JSON must be an object (the output of `terraform show -json <planfile>`)');
  const formatVersion = planJson['format_version'];
  if (typeof formatVersion !== 'string') {
    throw new Error('plan JSON has no format_version; expected the output of `terraform show -json <planfile>`');
  }
  const major = formatVersion.split('.')[0];
  if (!SUPPORTED_FORMAT_MAJORS.has(major)) {
    throw new Error(`plan JSON format_version ${formatVersion} is not supported; expected 0.x or 1.x`);
  }

  const changes = entries(planJson['resource_changes'], 'resource_changes')
    .map(summarizeResourceChange)
    .filter((change) => change.action !== 'no-op' || change.importing || change.moved);
  const drift = entries(planJson['resource_drift'], 'resource_drift')
    .map(summarizeResourceChange)
    .filter((change) => change.action !== 'no-op');
  const outputChanges = outputChangeSummaries(planJson['output_changes']);
  return { counts: countChanges(changes), changes, drift, ...(outputChanges.length > 0 ? { outputChanges } : {}) };
}

/** True when applying this change would lose a stateful resource (delete or either replace order). */
export function destroysStatefulResource(change: ResourceChangeSummary): boolean {
  return change.stateful && (change.action === 'delete' || change.action === 'replace');
}

function countChanges(changes: ResourceChangeSummary[]): Counts {
  const counts: Counts = { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0 };
  for (const change of changes) {
    if (change.action === 'create' || change.action === 'update' || change.action === 'delete' || change.action === 'replace') {
      counts[change.action] += 1;
    }
    if (change.importing) counts.import += 1;
    if (change.moved) counts.move += 1;
    // `["forget"]`, and the old object of a `["create","forget"]` replacement.
    if (change.actions.includes('forget')) counts.forget = (counts.forget ?? 0) + 1;
  }
  return counts;
}

/** `output_changes` is an object keyed by output name; unchanged outputs (`no-op`) are left out. */
function outputChangeSummaries(value: unknown): OutputChangeSummary[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) throw new Error('plan JSON field output_changes must be an object');
  return Object.entries(value)
    .map(([name, change]) => {
      const actions = isRecord(change) && Array.isArray(change['actions']) ? change['actions'].filter((a): a is string => typeof a === 'string') : [];
      return { name, actions, action: toChangeAction(actions) };
    })
    .filter((change) => change.action !== 'no-op')
    .sort((a, b) => a.name.localeCompare(b.name));
}

function entries(value: unknown, field: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`plan JSON field ${field} must be an array`);
  return value.filter(isRecord);
}

function summarizeResourceChange(resource: Record<string, unknown>): ResourceChangeSummary {
  const address = typeof resource['address'] === 'string' ? resource['address'] : '(unknown address)';
  const type = typeof resource['type'] === 'string' ? resource['type'] : '';
  const change = isRecord(resource['change']) ? resource['change'] : {};
  const actions = Array.isArray(change['actions']) ? change['actions'].filter((a): a is string => typeof a === 'string') : [];
  const action = toChangeAction(actions);
  const previousAddress = typeof resource['previous_address'] === 'string' ? resource['previous_address'] : undefined;
  const moved = previousAddress !== undefined && previousAddress !== address;

  const summary: ResourceChangeSummary = {
    address,
    type,
    actions,
    action,
    // A delete or forget has no new values: every attribute would count as changed.
    changedAttributes: action === 'delete' || action === 'forget' ? [] : changedAttributeNames(change),
    // `importing` is an object ({ id } or { identity }) when present; its content is not needed.
    importing: change['importing'] !== undefined && change['importing'] !== null && change['importing'] !== false,
    moved,
    // Data sources of a stateful type (e.g. data.aws_kms_key) own nothing.
    stateful: resource['mode'] !== 'data' && STATEFUL_RESOURCE_TYPES.includes(type),
  };
  if (moved) summary.previousAddress = previousAddress;
  if (action === 'replace') summary.replaceOrder = actions[0] === 'delete' ? 'delete-before-create' : 'create-before-delete';
  if (typeof resource['action_reason'] === 'string') summary.actionReason = resource['action_reason'];
  return summary;
}

function toChangeAction(actions: string[]): ChangeAction {
  const has = (action: string) => actions.includes(action);
  if (has('delete') && has('create')) return 'replace';
  if (has('delete')) return 'delete';
  if (has('create')) return 'create';
  if (has('update')) return 'update';
  if (has('read')) return 'read';
  // A `removed` block with `destroy = false`: leaves state, keeps the object.
  if (has('forget')) return 'forget';
  // "no-op" and an empty list.
  if (actions.every((action) => action === 'no-op')) return 'no-op';
  // An action a newer Terraform added: show it as a change rather than hide it.
  return 'update';
}

/**
 * Top-level attribute names that differ between `before` and `after`, plus
 * those whose new value is unknown until apply. Values are compared in place
 * and never copied.
 */
function changedAttributeNames(change: Record<string, unknown>): string[] {
  const before = isRecord(change['before']) ? change['before'] : {};
  const after = isRecord(change['after']) ? change['after'] : {};
  const afterUnknown = isRecord(change['after_unknown']) ? change['after_unknown'] : {};
  const names = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(afterUnknown)]);
  return [...names]
    .filter((name) => isUnknown(afterUnknown[name]) || !deepEqual(before[name] ?? null, after[name] ?? null))
    .sort();
}

/** after_unknown marks unknown values with `true`, also nested inside lists and objects. */
function isUnknown(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(isUnknown);
  if (isRecord(marker)) return Object.values(marker).some(isUnknown);
  return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => deepEqual(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
