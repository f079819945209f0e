/**
 * Renders every planned environment into ONE pull-request comment.
 *
 * Order is by importance and never changes: header + verdict, the stateful
 * deletes/replacements (never collapsed; cut only if they alone pass the
 * limit, with a note), failed stacks, the env x stack count table, then
 * per-stack details and module versions. When
 * the body would pass the platform's size limit, details go first, always as
 * whole Markdown structures (a code block or `<details>` is closed before the
 * cut), and a visible note says what was left out.
 */
import {
  destroysStatefulResource,
  type ChangeAction,
  type EnvPlanSummary,
  type ResourceChangeSummary,
  type StackPlanSummary,
} from '@lq3/terraform-runner/src/plan-summary';
import { signedUsd, usd } from '@lq3/cost/src/report';
import { cellText, codeBlock, inlineCode, plural, table } from './markdown';

export type Flavour = 'github' | 'bitbucket';
export const FLAVOURS: readonly Flavour[] = ['github', 'bitbucket'];

/** The hidden marker that makes the comment sticky: found on the next push and updated in place. */
export const COMMENT_MARKERS: Readonly<Record<Flavour, string>> = {
  github: '<!-- lq3-plan-comment -->',
  // Bitbucket Cloud escapes raw HTML, so an HTML comment would show as text;
  // a link reference definition that nothing uses renders as nothing.
  bitbucket: '[//]: # (lq3-plan-comment)',
};

/** GitHub rejects issue/PR comment bodies longer than this. */
export const GITHUB_MAX_LENGTH = 65_536;
/** Bitbucket Server / Data Center's comment limit; Bitbucket Cloud documents none, so the tighter one is the safe default. */
export const BITBUCKET_SERVER_MAX_LENGTH = 32_768;
export const DEFAULT_MAX_LENGTH: Readonly<Record<Flavour, number>> = {
  github: GITHUB_MAX_LENGTH,
  bitbucket: BITBUCKET_SERVER_MAX_LENGTH,
};

/** Below this the essential part (header, danger list, table) may not fit at all. */
export const MIN_MAX_LENGTH = 2_000;
/** Keeps one failing stack's Terraform output from crowding out everything else. */
const MAX_ERROR_LINES = 30;
const MAX_ERROR_CHARS = 3_000;

export interface RenderOptions {
  flavour: Flavour;
  /**
   * Longest body allowed, in UTF-16 code units (at least the character count the platforms check).
   * @default DEFAULT_MAX_LENGTH[flavour]
   */
  maxLength?: number;
  /**
   * Leave out every per-stack detail: the fallback after the platform rejected a body as too long.
   * @default false
   */
  compact?: boolean;
  /**
   * Commit shown in the header.
   * @default the distinct `commit` values of the summaries
   */
  commit?: string;
}

export interface RenderedComment {
  body: string;
  /** True when details were left out to respect the size limit (or `compact` was asked for). */
  trimmed: boolean;
}

interface EnvView {
  name: string;
  stacks: StackPlanSummary[];
}

interface DangerRow {
  environment: string;
  stack: string;
  change: ResourceChangeSummary;
}

export function renderComment(summaries: readonly EnvPlanSummary[], options: RenderOptions): RenderedComment {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH[options.flavour];
  if (!Number.isInteger(maxLength) || maxLength < MIN_MAX_LENGTH) {
    throw new Error(`maxLength must be an integer of at least ${MIN_MAX_LENGTH}, got ${maxLength}`);
  }
  const envs = groupByEnvironment(summaries);
  const flavour = options.flavour;
  const commit = options.commit ?? describeCommits(summaries);

  const essentialWith = (cap: number) =>
    [COMMENT_MARKERS[flavour], header(commit, envs), dangerSection(envs, cap), errorSection(envs, cap), deferredSection(envs, cap), countsSection(envs, cap), costSection(summaries, cap)].filter(
      (part): part is string => part !== undefined,
    );
  const modules = modulesSection(envs, flavour);
  const detailStacks = envs.flatMap((env) => env.stacks.filter(hasDetails));

  const join = (parts: readonly string[]) => `${parts.join('\n\n')}\n`;
  if (!options.compact) {
    const full = join([...essentialWith(Number.POSITIVE_INFINITY), ...detailStacks.map((stack) => stackDetails(stack, flavour)), ...(modules ? [modules] : [])]);
    if (full.length <= maxLength) return { body: full, trimmed: false };
  }

  // Fit what we can: reserve the note (worst case) and, if they fit, the module versions.
  const noteReserve = trimNote(detailStacks.length, detailStacks.length, maxLength, options.compact ?? false).length + 2;
  const essential = fitEssential(essentialWith, join, maxLength - noteReserve);
  let budget = maxLength - join(essential).length - noteReserve;
  const tail: string[] = [];
  if (modules !== undefined && modules.length + 2 <= budget) {
    tail.push(modules);
    budget -= modules.length + 2;
  }
  const details: string[] = [];
  let complete = 0;
  if (!options.compact) {
    for (const stack of detailStacks) {
      const block = stackDetails(stack, flavour, budget - 2);
      if (block === undefined) break;
      details.push(block.text);
      budget -= block.text.length + 2;
      if (!block.complete) break;
      complete += 1;
    }
  }
  const note = trimNote(detailStacks.length - complete, detailStacks.length, maxLength, options.compact ?? false);
  return { body: join([...essential, ...details, note, ...tail]), trimmed: true };
}

/**
 * The essential part, whole when it fits (the normal case). A pathological plan
 * (hundreds of stateful deletes or failed stacks) gets the largest row cap that
 * fits, with a line saying how many rows are left out, rather than no comment.
 */
function fitEssential(build: (cap: number) => string[], join: (parts: readonly string[]) => string, maxLength: number): string[] {
  const whole = build(Number.POSITIVE_INFINITY);
  if (join(whole).length <= maxLength) return whole;
  let low = 0;
  let high = join(whole).length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (join(build(mid)).length <= maxLength) low = mid;
    else high = mid - 1;
  }
  const capped = build(low);
  if (join(capped).length > maxLength) {
    throw new Error(`the comment header alone is longer than the ${maxLength}-character limit; raise --max-length`);
  }
  return capped;
}

function capRows<T>(rows: readonly T[], cap: number): { shown: readonly T[]; note: string | undefined } {
  if (rows.length <= cap) return { shown: rows, note: undefined };
  return { shown: rows.slice(0, cap), note: `_… ${plural(rows.length - cap, 'more row')} left out (size limit); see the plan step's log._` };
}

function groupByEnvironment(summaries: readonly EnvPlanSummary[]): EnvView[] {
  const byEnv = new Map<string, StackPlanSummary[]>();
  for (const summary of summaries) {
    for (const stack of summary.stacks) {
      const stacks = byEnv.get(stack.environment) ?? [];
      stacks.push(stack);
      byEnv.set(stack.environment, stacks);
    }
  }
  return [...byEnv.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, stacks]) => ({ name, stacks }));
}

function describeCommits(summaries: readonly EnvPlanSummary[]): string {
  // Only SHAs: a summary made outside git carries a placeholder such as "unknown".
  return [...new Set(summaries.map((summary) => summary.commit).filter((commit) => /^[0-9a-f]{7,64}$/i.test(commit)))].join(', ');
}

function hasDetails(stack: StackPlanSummary): boolean {
  return stack.changes.length > 0 || stack.drift.length > 0 || (stack.outputChanges?.length ?? 0) > 0;
}

/** Nothing to show: no changes by Terraform's exit code, and nothing itemised either (drift, outputs, …). */
function stackIsQuiet(stack: StackPlanSummary): boolean {
  return stack.status === 'no-changes' && !hasDetails(stack);
}

function envIsQuiet(env: EnvView): boolean {
  return env.stacks.every(stackIsQuiet);
}

// ---- header -------------------------------------------------------------

function header(commit: string, envs: readonly EnvView[]): string {
  const commits = commit.split(',').map((sha) => inlineCode(sha.trim().slice(0, 12))).filter((code) => code.length > 2);
  const title = commits.length > 0 ? `### Terraform plan for ${commits.join(', ')}` : '### Terraform plan';
  const mixed = commits.length > 1 ? '\n\n> ⚠️ These plans come from different commits; re-run the pipeline so they match.' : '';
  return `${title}\n\n**${verdict(envs)}**${mixed}`;
}

function verdict(envs: readonly EnvView[]): string {
  if (envs.length === 0) return 'No live environment is affected by this change.';
  const stacks = envs.flatMap((env) => env.stacks);
  const failed = stacks.filter((stack) => stack.status === 'error').length;
  const dangerous = dangerRows(envs).length;
  const changed = envs.filter((env) => !envIsQuiet(env)).length;
  const parts: string[] = [];
  if (failed > 0) parts.push(`❌ ${plural(failed, 'stack')} failed to plan`);
  const deferred = stacks.filter((stack) => stack.status === 'deferred').length;
  if (deferred > 0) parts.push(`⏳ ${plural(deferred, 'stack')} planned after the others are applied`);
  if (dangerous > 0) parts.push(`⚠️ ${plural(dangerous, 'stateful resource')} deleted or replaced`);
  const totals = totalCounts(stacks);
  if (totals.length > 0) parts.push(`${totals} in ${changed} of ${plural(envs.length, 'environment')}`);
  // Terraform said "changes" (exit code 2) but the summary itemises none: never call that "no changes".
  const unitemised = stacks.filter((stack) => stack.status === 'changes' && COUNT_KEYS.every((key) => stackCounts(stack)[key] === 0)).length;
  if (unitemised > 0) parts.push(`${plural(unitemised, 'stack')} with changes the summary does not itemise (see the plan log)`);
  if (parts.length === 0) return `✅ No changes in ${plural(envs.length, 'environment')}.`;
  return parts.join(' · ');
}

/** What the table, the verdict and each stack's title count, in this order. */
const COUNT_KEYS = ['create', 'update', 'delete', 'replace', 'import', 'move', 'forget', 'outputs'] as const;
type CountKey = (typeof COUNT_KEYS)[number];
const COUNT_COLUMNS: Record<CountKey, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  replace: 'Replace',
  import: 'Import',
  move: 'Move',
  forget: 'Forget',
  outputs: 'Outputs',
};

/** `forget` and `outputs` are absent from summaries written before the runner recorded them. */
function stackCounts(stack: StackPlanSummary): Record<CountKey, number> {
  return { ...stack.counts, forget: stack.counts.forget ?? 0, outputs: stack.outputChanges?.length ?? 0 };
}

/** `2 to create`, `1 to forget`, `3 outputs to change`. */
function countWords(key: CountKey, count: number): string {
  return key === 'outputs' ? `${plural(count, 'output')} to change` : `${count} to ${key}`;
}

function totalCounts(stacks: readonly StackPlanSummary[]): string {
  return COUNT_KEYS.map((key) => [key, stacks.reduce((sum, stack) => sum + stackCounts(stack)[key], 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => countWords(key, count))
    .join(', ');
}

// ---- danger list --------------------------------------------------------

function dangerRows(envs: readonly EnvView[]): DangerRow[] {
  return envs.flatMap((env) =>
    env.stacks.flatMap((stack) =>
      stack.changes.filter(destroysStatefulResource).map((change) => ({ environment: env.name, stack: stack.stack, change })),
    ),
  );
}

function dangerSection(envs: readonly EnvView[], cap: number): string | undefined {
  const rows = dangerRows(envs);
  if (rows.length === 0) return undefined;
  const { shown, note } = capRows(rows, cap);
  return [
    `#### ⚠️ Stateful resources deleted or replaced (${rows.length})`,
    'Data or identity is lost when these apply. Make sure each one is intended.',
    '',
    table(
      ['Env', 'Stack', 'Address', 'Action', 'Reason'],
      shown.map(({ environment, stack, change }) => [
        cellText(environment),
        cellText(stack),
        inlineCode(change.address),
        `${inlineCode(symbol(change))} ${actionLabel(change)}`,
        reasonText(change),
      ]),
    ),
    ...(note ? ['', note] : []),
  ].join('\n');
}

/** Terraform's documented `action_reason` values; anything newer is shown as given. */
const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'a changed attribute forces replacement',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'its configuration was removed',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count/for_each was added or removed',
  delete_because_count_index: 'its count index no longer exists',
  delete_because_each_key: 'its for_each key no longer exists',
  delete_because_no_move_target: 'its moved target does not exist',
  read_because_config_unknown: 'its configuration is known only at apply',
  read_because_dependency_pending: 'a dependency has pending changes',
  read_because_check_nested: 'a check block reads it',
};

function reasonText(change: ResourceChangeSummary): string {
  const attributes = change.action === 'replace' && change.changedAttributes.length > 0 ? ` (changed: ${cellText(change.changedAttributes.join(', '))})` : '';
  if (change.actionReason === undefined) return `not given by this Terraform version${attributes}`;
  const known = ACTION_REASONS[change.actionReason];
  return `${known ?? 'unrecognised reason'} ${inlineCode(change.actionReason)}${attributes}`;
}

function symbol(change: ResourceChangeSummary): string {
  switch (change.action) {
    case 'create':
      return '+';
    case 'update':
      return '~';
    case 'delete':
      return '-';
    case 'replace':
      return change.replaceOrder === 'create-before-delete' ? '+/-' : '-/+';
    case 'read':
      return '<=';
    case 'forget':
      // Terraform's own plan output marks a forget with a dot.
      return '.';
    case 'no-op':
      return ' ';
  }
}

function actionLabel(change: ResourceChangeSummary): string {
  if (change.action === 'replace') {
    return change.replaceOrder === 'create-before-delete' ? 'replace, create before delete' : 'replace, delete before create';
  }
  if (change.action === 'no-op') return change.importing ? 'import' : 'move';
  if (change.action === 'forget') return 'forget: stays in place, no longer managed by Terraform';
  return change.action;
}

// ---- errors -------------------------------------------------------------

function errorSection(envs: readonly EnvView[], cap: number): string | undefined {
  const failed = envs.flatMap((env) => env.stacks.filter((stack) => stack.status === 'error').map((stack) => ({ env: env.name, stack })));
  if (failed.length === 0) return undefined;
  const { shown: shownFailures, note } = capRows(failed, cap);
  const blocks = shownFailures.map(({ env, stack }) => {
    const lines = (stack.error ?? 'no error message recorded; see the pipeline log').split(/\r?\n/);
    let shown = lines.slice(0, MAX_ERROR_LINES).map((line) => line.slice(0, 300));
    while (shown.join('\n').length > MAX_ERROR_CHARS) shown = shown.slice(0, -1);
    const cut = shown.length < lines.length ? [`… ${plural(lines.length - shown.length, 'more line')} in the pipeline log`] : [];
    return `**${cellText(env)}** · stack ${inlineCode(stack.stack)}\n\n${codeBlock([...shown, ...cut], 'text')}`;
  });
  return [`#### ❌ Plan failed (${failed.length})`, ...blocks, ...(note ? [note] : [])].join('\n\n');
}

/**
 * Stacks the runner did not plan because a stack they read outputs from changes
 * them (a new environment, a replaced load balancer): planned once that is applied.
 */
function deferredSection(envs: readonly EnvView[], cap: number): string | undefined {
  const deferred = envs.flatMap((env) => env.stacks.filter((stack) => stack.status === 'deferred').map((stack) => ({ env: env.name, stack })));
  if (deferred.length === 0) return undefined;
  const { shown, note } = capRows(deferred, cap);
  const lines = shown.map(({ env, stack }) => `- **${cellText(env)}** · ${inlineCode(stack.stack)} waits for ${(stack.deferredBy ?? []).map((reason) => inlineCode(reason)).join(', ')}`);
  return [
    `#### ⏳ Deferred (${deferred.length})`,
    'These stacks read outputs that the plans above create or change, so they are planned after those are applied: by `nx run <project>:up`, or by the next plan and apply.',
    lines.join('\n'),
    ...(note ? [note] : []),
  ].join('\n\n');
}

// ---- counts table -------------------------------------------------------

function countsSection(envs: readonly EnvView[], cap: number): string | undefined {
  const busy = envs.filter((env) => !envIsQuiet(env));
  const quiet = envs.filter(envIsQuiet);
  const parts: string[] = [];
  if (busy.length > 0) {
    const rows = busy.flatMap((env) =>
      env.stacks.filter((stack) => !stackIsQuiet(stack)).map((stack) => {
        if (stack.status === 'error') return [cellText(env.name), cellText(stack.stack), '❌ failed', ...COUNT_KEYS.map(() => '')];
        if (stack.status === 'deferred') return [cellText(env.name), cellText(stack.stack), '⏳ deferred', ...COUNT_KEYS.map(() => '')];
        const counts = stackCounts(stack);
        return [cellText(env.name), cellText(stack.stack), ...COUNT_KEYS.map((key) => count(counts[key])), count(stack.drift.length)];
      }),
    );
    const { shown, note } = capRows(rows, cap);
    parts.push(
      [
        '#### Changes by environment and stack',
        table(['Env', 'Stack', ...COUNT_KEYS.map((key) => COUNT_COLUMNS[key]), 'Drift'], shown),
        ...(note ? ['', note] : []),
      ].join('\n'),
    );
  }
  // Unchanged stacks stay out of the table: whole envs, then the rest of the busy ones, on one line.
  const unchanged = [
    ...quiet.map((env) => `${cellText(env.name)} (${plural(env.stacks.length, 'stack')})`),
    ...busy
      .map((env) => ({ env, count: env.stacks.filter(stackIsQuiet).length }))
      .filter(({ count: quietStacks }) => quietStacks > 0)
      .map(({ env, count: quietStacks }) => `${plural(quietStacks, 'other stack')} of ${cellText(env.name)}`),
  ];
  if (unchanged.length > 0) parts.push(`**No changes:** ${unchanged.join(', ')}`);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

function count(value: number): string {
  return value === 0 ? '·' : String(value);
}

// ---- monthly cost -------------------------------------------------------

/** How many cost drivers a row names. */
const COST_DRIVERS_SHOWN = 3;

/**
 * Per env, the monthly estimate before and after the plan and the change, with the drivers
 * that move most; for envs with office hours, what the env costs running and idle all month.
 * Only from summaries that carry costs (the runner adds them; older summaries do not).
 */
function costSection(summaries: readonly EnvPlanSummary[], cap: number): string | undefined {
  const costs = summaries.flatMap((summary) => summary.costs ?? []).sort((a, b) => a.environment.localeCompare(b.environment));
  if (costs.length === 0) return undefined;
  const rows = costs.map((cost) => {
    if (cost.error !== undefined) return [cellText(cost.environment), '—', '—', '—', `⚠️ no estimate: ${cellText(cost.error)}`];
    const drivers = cost.drivers.slice(0, COST_DRIVERS_SHOWN).map((driver) => `${cellText(driver.driver)} ${signedUsd(driver.after - driver.before)}`);
    const more = cost.drivers.length > COST_DRIVERS_SHOWN ? [`${cost.drivers.length - COST_DRIVERS_SHOWN} more`] : [];
    const unplanned = cost.unplanned ? [`${plural(cost.unplanned.length, 'stack')} not planned, counted as configured`] : [];
    return [cellText(cost.environment), usd(cost.before), usd(cost.after), signedUsd(cost.after - cost.before), [...drivers, ...more, ...unplanned].join(', ') || '·'];
  });
  const { shown, note } = capRows(rows, cap);
  const idle = costs.filter((cost) => cost.error === undefined && cost.afterRunning !== undefined && cost.afterIdle !== undefined);
  const idleLine =
    idle.length > 0
      ? `Office hours, after the change — running all month / idle all month: ${idle
          .map((cost) => `${cellText(cost.environment)} ${usd(cost.afterRunning!)} / ${usd(cost.afterIdle!)} (${Math.round((cost.afterIdle! / Math.max(cost.afterRunning!, 0.01)) * 100)} %)`)
          .join(', ')}.`
      : undefined;
  return [
    '#### Monthly cost (estimate)',
    table(['Env', 'Before', 'After', 'Change', 'Largest changes'], shown),
    ...(note ? ['', note] : []),
    '',
    ...(idleLine ? [idleLine, ''] : []),
    '_USD a month at AWS list prices (tools/cost/prices), without tax, free tiers or discounts; traffic and log volumes are the assumptions in tools/cost/usage.yaml and env.yaml `usage:`. `npx nx run <project>:cost` shows every line._',
  ].join('\n');
}

// ---- per-stack details --------------------------------------------------

function changeLine(change: ResourceChangeSummary): string {
  const notes: string[] = [];
  if (change.action === 'replace' || change.action === 'forget') notes.push(actionLabel(change));
  // `["create","forget"]`: a new object replaces one that Terraform lets go of without destroying it.
  else if (change.actions.includes('forget')) notes.push('the old object is forgotten, not destroyed');
  if (change.importing) notes.push('import');
  if (change.moved && change.previousAddress !== undefined) notes.push(`moved from ${change.previousAddress}`);
  if (destroysStatefulResource(change)) notes.push('STATEFUL');
  // Attribute NAMES only: values (sensitive or not) never reach the summary.
  if (change.changedAttributes.length > 0) notes.push(`changed: ${change.changedAttributes.join(', ')}`);
  const line = `${symbol(change).padEnd(3)} ${change.address}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`;
  return line.replace(/[\r\n]+/g, ' ');
}

/** Output names only: values (sensitive or not) never reach the summary. */
function outputLine(output: { name: string; action: ChangeAction }): string {
  const sign = output.action === 'create' ? '+' : output.action === 'delete' ? '-' : '~';
  return `${sign.padEnd(3)} ${output.name}`.replace(/[\r\n]+/g, ' ');
}

function stackTitle(stack: StackPlanSummary): string {
  const all = stackCounts(stack);
  const counts = COUNT_KEYS.filter((key) => all[key] > 0).map((key) => (key === 'outputs' ? plural(all[key], 'output') : `${all[key]} ${key}`));
  if (stack.drift.length > 0) counts.push(`${stack.drift.length} drifted`);
  return `${cellText(stack.stack)} · ${counts.join(', ')}`;
}

/**
 * The stack's section; with a budget, as many change lines as fit, closed
 * properly, with a count of the lines left out. Undefined when not even the
 * frame and one line fit.
 */
function stackDetails(stack: StackPlanSummary, flavour: Flavour): string;
function stackDetails(stack: StackPlanSummary, flavour: Flavour, budget: number): { text: string; complete: boolean } | undefined;
function stackDetails(stack: StackPlanSummary, flavour: Flavour, budget?: number): string | { text: string; complete: boolean } | undefined {
  // Planned resource changes, then outputs, then drift; the first group is shown without a caption.
  const groups = [
    { caption: undefined, lines: stack.changes.map(changeLine) },
    { caption: 'Changes to outputs (names only):', lines: (stack.outputChanges ?? []).map(outputLine) },
    { caption: 'Changed outside Terraform since the last apply (drift):', lines: stack.drift.map(changeLine) },
  ].filter((group) => group.lines.length > 0);
  const total = groups.reduce((sum, group) => sum + group.lines.length, 0);
  /** The section with the first `shown` lines across the groups, the cut noted after the last one shown. */
  const build = (shown: number) => {
    let remaining = shown;
    const sections: string[] = [];
    for (const group of groups) {
      const take = Math.min(remaining, group.lines.length);
      remaining -= take;
      const block = codeBlock(withCut(group.lines.slice(0, take), remaining === 0 ? total - shown : 0), 'diff');
      sections.push(group.caption ? `${group.caption}\n\n${block}` : block);
      if (remaining === 0) break;
    }
    const inner = sections.join('\n\n');
    return flavour === 'github'
      ? `<details><summary><b>${stackTitle(stack)}</b></summary>\n\n${inner}\n\n</details>`
      : `##### ${stackTitle(stack)}\n\n${inner}`;
  };
  const full = build(total);
  if (budget === undefined) return full;
  if (full.length <= budget) return { text: full, complete: true };
  // Largest prefix of lines (changes, then outputs, then drift) that fits.
  let low = 0;
  let high = total - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (build(mid).length <= budget) low = mid;
    else high = mid - 1;
  }
  if (low === 0 || build(low).length > budget) return undefined;
  return { text: build(low), complete: false };
}

function withCut(lines: string[], left: number): string[] {
  return left > 0 ? [...lines, `# … ${plural(left, 'more change')} not shown (size limit)`] : lines;
}

function trimNote(omitted: number, total: number, maxLength: number, compact: boolean): string {
  const reason = compact
    ? 'The platform rejected the full comment as too long, so per-stack details are left out.'
    : `Trimmed to stay under the ${maxLength.toLocaleString('en-US')}-character comment limit: details of ${omitted} of ${plural(total, 'stack')} are shortened or left out.`;
  return `> ✂️ ${reason} The full plan is in the log of the pipeline's plan step.`;
}

// ---- module versions ----------------------------------------------------

function modulesSection(envs: readonly EnvView[], flavour: Flavour): string | undefined {
  let changed = 0;
  const rows = envs.map((env) => {
    const versions = new Map<string, Set<string>>();
    // Versions at the comparison base (modulesBefore), when the runner knew one.
    const before = new Map<string, Set<string>>();
    for (const stack of env.stacks) {
      for (const [name, version] of Object.entries(stack.modules)) {
        versions.set(name, (versions.get(name) ?? new Set()).add(version));
        const previous = stack.modulesBefore?.[name];
        if (previous !== undefined) before.set(name, (before.get(name) ?? new Set()).add(previous));
      }
    }
    const joined = (set: Set<string> | undefined) => [...(set ?? [])].sort().join(' / ');
    const list = [...versions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, set]) => {
        const previous = joined(before.get(name));
        if (previous === '' || previous === joined(set)) return inlineCode(`${name}@${joined(set)}`);
        changed += 1;
        return `${inlineCode(name)} ${previous} → **${joined(set)}**`;
      });
    return [cellText(env.name), list.length > 0 ? list.join(' ') : '—'];
  });
  if (rows.length === 0) return undefined;
  const body = table(['Env', 'Modules'], rows);
  const title = changed > 0 ? `Module versions (${plural(changed, 'change')})` : 'Module versions';
  return flavour === 'github'
    ? `<details><summary>${title}</summary>\n\n${body}\n\n</details>`
    : `##### ${title}\n\n${body}`;
}
