/**
 * Reads what the plan runner left behind: env summaries
 * (`live/<project>/tfplan/summary.json`) and/or raw `terraform show -json`
 * files (`live/<project>/tfplan/<stack>.plan.json`), from files, directories
 * (searched recursively) or glob patterns. A raw plan is summarized with the
 * runner's own `summarizePlan`, so both inputs give the same comment.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { summarizePlan, type EnvPlanSummary, type StackPlanSummary } from '@lq3/terraform-runner/src/plan-summary';

export const SUMMARY_FILE = 'summary.json';
export const PLAN_JSON_SUFFIX = '.plan.json';
/** Where `plan` writes, relative to the workspace root. */
export const DEFAULT_INPUT = 'live/*/tfplan';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.nx', '.terraform', 'cdktf.out']);

export class InputError extends Error {}

/**
 * Loads every summary and raw plan the inputs name. A stack present in a
 * summary and as a raw plan is taken from the summary (it carries errors and
 * module versions). Patterns and directories that match nothing add nothing
 * (no affected env is a valid outcome); a named file that does not exist is an error.
 */
export function loadPlans(inputs: readonly string[], cwd = process.cwd()): EnvPlanSummary[] {
  const files = [...new Set(inputs.flatMap((input) => expandInput(input, cwd)))].sort();
  const summaries = files.filter((file) => basename(file) === SUMMARY_FILE).map(readSummary);
  const summarized = new Set(summaries.flatMap((summary) => summary.stacks.map((stack) => stack.stack)));
  const rawPlans = files.filter((file) => basename(file) !== SUMMARY_FILE).map(readRawPlan).filter((plan) => !summarized.has(plan.stack.stack));

  const byProject = new Map<string, EnvPlanSummary>();
  for (const { project, terraformVersion, stack } of rawPlans) {
    const summary = byProject.get(project) ?? {
      schemaVersion: 1,
      project,
      commit: '',
      generatedAt: '',
      terraform: { binary: 'terraform', version: terraformVersion },
      stacks: [],
    };
    summary.stacks.push(stack);
    byProject.set(project, summary);
  }
  return [...summaries, ...byProject.values()];
}

function expandInput(input: string, cwd: string): string[] {
  if (/[*?[]/.test(input)) return expandGlob(input, cwd).flatMap((path) => (statSync(path).isDirectory() ? walk(path) : [path]));
  const path = resolve(cwd, input);
  if (!existsSync(path)) throw new InputError(`${input} does not exist; pass summary.json or *.plan.json files, directories or globs`);
  return statSync(path).isDirectory() ? walk(path) : [path];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(path);
    return entry.name === SUMMARY_FILE || entry.name.endsWith(PLAN_JSON_SUFFIX) ? [path] : [];
  });
}

/** `*` and `?` within one path segment, `**` across segments; enough for `live/*\/tfplan/*.plan.json`. */
function expandGlob(pattern: string, cwd: string): string[] {
  const absolute = resolve(cwd, pattern);
  const segments = absolute.split(sep);
  const firstWild = segments.findIndex((segment) => /[*?[]/.test(segment));
  const root = segments.slice(0, firstWild).join(sep) || sep;
  if (!existsSync(root)) return [];
  const matcher = globToRegExp(segments.slice(firstWild).join('/'));
  const matches: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (matcher.test(relative(root, path).split(sep).join('/'))) matches.push(path);
      if (entry.isDirectory()) visit(path);
    }
  };
  visit(root);
  return matches;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function readSummary(file: string): EnvPlanSummary {
  const json = readJson(file) as Partial<EnvPlanSummary> | null;
  if (json === null || typeof json !== 'object' || json.schemaVersion !== 1 || typeof json.project !== 'string' || !Array.isArray(json.stacks)) {
    throw new InputError(`${file} is not a plan summary (expected schemaVersion 1 with "project" and "stacks", as written by the plan runner)`);
  }
  json.stacks.forEach((stack, index) => {
    const missing = ['stack', 'environment', 'status', 'counts', 'changes', 'drift'].filter((key) => !(key in (stack ?? {})));
    if (missing.length > 0) throw new InputError(`${file}: stacks[${index}] lacks ${missing.join(', ')}`);
  });
  return { ...json, commit: json.commit ?? '', stacks: json.stacks.map((stack) => ({ ...stack, modules: stack.modules ?? {} })) } as EnvPlanSummary;
}

interface RawPlan {
  project: string;
  terraformVersion: string;
  stack: StackPlanSummary;
}

/** Fields only a plan has (`terraform show -json <planfile>`); a state (`terraform show -json`) has `values` instead. */
const PLAN_FIELDS = ['planned_values', 'resource_changes', 'resource_drift', 'output_changes', 'prior_state', 'configuration'];

function readRawPlan(file: string): RawPlan {
  const json = readJson(file) as Record<string, unknown>;
  let summary: ReturnType<typeof summarizePlan>;
  try {
    summary = summarizePlan(json);
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  // Summarizing a state or a bare {"format_version": …} finds nothing and would read as "no changes".
  if (!PLAN_FIELDS.some((field) => field in json)) {
    const what = 'values' in json ? 'is Terraform state (`terraform show -json` without a plan file)' : `has none of the fields of a plan (${PLAN_FIELDS.join(', ')})`;
    throw new InputError(`${file} ${what}, not a plan; pass the output of \`terraform show -json <planfile>\``);
  }
  const stackName = basename(file).endsWith(PLAN_JSON_SUFFIX) ? basename(file).slice(0, -PLAN_JSON_SUFFIX.length) : basename(file, '.json');
  // live/<project>/tfplan/<stack>.plan.json: the project is the folder above tfplan.
  const planDir = dirname(file);
  const projectDir = basename(planDir) === 'tfplan' ? dirname(planDir) : planDir;
  const identity = stackIdentity(projectDir, stackName);
  const errored = json['errored'] === true;
  // Output changes alone make a plan with changes (exit code 2): apply runs and writes them to state.
  const hasChanges = summary.changes.length > 0 || (summary.outputChanges?.length ?? 0) > 0;
  return {
    project: basename(projectDir),
    terraformVersion: typeof json['terraform_version'] === 'string' ? json['terraform_version'] : 'unknown',
    stack: {
      stack: stackName,
      ...identity,
      status: errored ? 'error' : hasChanges ? 'changes' : 'no-changes',
      ...summary,
      ...(errored ? { error: 'Terraform marked this plan as errored (incomplete); see the pipeline log for the diagnostics.' } : {}),
      durationMs: 0,
      synthHash: '',
      planJsonFile: basename(file),
    },
  };
}

/** Environment, unit and module versions from the synthesized stack's `//.lq3` block, else from the `<env>-<unit>` name. */
function stackIdentity(projectDir: string, stackName: string): Pick<StackPlanSummary, 'environment' | 'unit' | 'modules'> {
  const stackJson = join(projectDir, 'cdktf.out', 'stacks', stackName, 'cdk.tf.json');
  if (existsSync(stackJson)) {
    const lq3 = (readJson(stackJson) as { '//'?: { lq3?: { environment?: unknown; unit?: unknown; modules?: unknown } } })['//']?.lq3;
    if (lq3 && typeof lq3.environment === 'string' && typeof lq3.unit === 'string') {
      return { environment: lq3.environment, unit: lq3.unit, modules: (lq3.modules ?? {}) as Record<string, string> };
    }
  }
  const dash = stackName.lastIndexOf('-');
  return dash > 0 ? { environment: stackName.slice(0, dash), unit: stackName.slice(dash + 1), modules: {} } : { environment: stackName, unit: stackName, modules: {} };
}
