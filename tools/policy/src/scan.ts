/**
 * Turns one checkov run over a project's stacks into per-stack results, applies
 * the `.checkov.yaml` skips, and proves the scan covered every resource.
 */
import { checkovInputPath } from './checkov-input';
import { PARSED_DATA_SENTINEL_ID, PARSED_SENTINEL_ID, type CheckovRecord, type CheckovReport } from './checkov';
import type { LabelledViolation } from './invariants';
import type { Skips } from './skips';
import { dataSourcesOf, isObject, resourcesOf, type SynthesizedStack } from './terraform-json';

export interface CheckResult {
  readonly checkId: string;
  readonly checkName: string;
  /** `<type>.<name>` or `provider.<name>` */
  readonly resource: string;
}

export interface SkippedResult extends CheckResult {
  readonly reason: string;
}

export interface StackScan {
  readonly stack: string;
  /** The environment the stack belongs to (`//.lq3.environment`), or the project for foreign stacks. */
  readonly environment: string;
  /** Resources and data sources in the synthesized JSON. */
  readonly resources: number;
  /** Resources and data sources checkov reported through the sentinel checks (must equal `resources`). */
  readonly parsedResources: number;
  readonly passed: readonly CheckResult[];
  readonly failed: readonly CheckResult[];
  readonly skipped: readonly SkippedResult[];
  /** Why this stack's scan cannot be trusted (parse errors, resources checkov missed). */
  readonly problems: readonly string[];
  /** Violated LQ3 invariants (tools/policy/src/invariants.ts), as `<invariant>: <where>: <problem>`. */
  readonly invariantViolations: readonly string[];
}

export interface ProjectScan {
  readonly project: string;
  readonly checkovVersion: string;
  readonly stacks: readonly StackScan[];
}

export function evaluateScan(
  project: string,
  stacks: readonly SynthesizedStack[],
  report: CheckovReport,
  skips: Skips,
  violations: readonly LabelledViolation[] = [],
): ProjectScan {
  const byStack = (records: readonly CheckovRecord[], stack: string) =>
    records.filter((record) => normalisePath(record.file_path) === checkovInputPath(stack));
  const scans = stacks.map((stack): StackScan => {
    const toResult = (record: CheckovRecord): CheckResult => ({ checkId: record.check_id, checkName: record.check_name, resource: fullAddress(record.resource, stack) });
    const all = [...byStack(report.passed, stack.name), ...byStack(report.failed, stack.name), ...byStack(report.skipped, stack.name)];
    const sentinel = all.filter(isSentinel);
    const policy = (records: readonly CheckovRecord[]) => byStack(records, stack.name).filter((record) => !isSentinel(record));

    const failed = policy(report.failed);
    const skippedByConfig = failed.filter((record) => skips.has(record.check_id));
    const skipped: SkippedResult[] = [
      ...skippedByConfig.map((record) => ({ ...toResult(record), reason: skips.get(record.check_id) ?? '' })),
      ...policy(report.skipped).map((record) => ({ ...toResult(record), reason: record.check_result?.suppress_comment ?? 'suppressed inline' })),
    ];
    return {
      stack: stack.name,
      environment: environmentOf(stack) ?? project,
      resources: expectedBlocks(stack).length,
      parsedResources: sentinel.length,
      passed: sorted(policy(report.passed).map(toResult)),
      failed: sorted(failed.filter((record) => !skips.has(record.check_id)).map(toResult)),
      skipped: sorted(skipped),
      problems: coverageProblems(stack, report, sentinel, all.length),
      invariantViolations: violations
        .filter((violation) => violation.stack === stack.name)
        .map((violation) => `${violation.invariant}: ${violation.where}: ${violation.problem}`),
    };
  });
  return { project, checkovVersion: report.checkovVersion, stacks: scans };
}

const isSentinel = (record: CheckovRecord) => record.check_id === PARSED_SENTINEL_ID || record.check_id === PARSED_DATA_SENTINEL_ID;

/** `resource.<name>` / `data.<name>` for every block the sentinels must report. */
function expectedBlocks(stack: SynthesizedStack): string[] {
  return [...resourcesOf(stack.json).map((r) => `resource.${r.name}`), ...dataSourcesOf(stack.json).map((d) => `data.${d.name}`)].sort();
}

/**
 * A scan is trusted only if checkov parsed the file and reported a sentinel
 * once for every resource and data source in the JSON, by name. A stack without resources must
 * still yield a result (the provider credentials check), which proves the file
 * was read at all.
 */
function coverageProblems(stack: SynthesizedStack, report: CheckovReport, sentinel: readonly CheckovRecord[], results: number): string[] {
  const problems: string[] = [];
  const file = checkovInputPath(stack.name);
  if (report.parsingErrors.some((error) => normalisePath(error).endsWith(file))) {
    problems.push('checkov could not parse this stack');
  }
  if (results === 0) problems.push('checkov reported no result at all for this stack');
  const expected = expectedBlocks(stack);
  // Compared by name: checkov reports `resource.<name>` / `data.<name>`, dropping the type (see fullAddress).
  const seen = sentinel
    .map((record) => `${record.check_id === PARSED_DATA_SENTINEL_ID ? 'data' : 'resource'}.${record.resource.split('.').pop() ?? record.resource}`)
    .sort();
  if (expected.join('\n') !== seen.join('\n')) {
    const missing = difference(expected, seen);
    const extra = difference(seen, expected);
    problems.push(
      `checkov parsed ${seen.length} of ${expected.length} resources and data sources` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; unexpected: ${extra.join(', ')}` : ''),
    );
  }
  return problems;
}

/** checkov runs checks in parallel; a fixed order keeps reports and docs/security.md stable. */
function sorted<T extends CheckResult>(results: T[]): T[] {
  return results.sort((a, b) => a.resource.localeCompare(b.resource) || a.checkId.localeCompare(b.checkId));
}

function environmentOf(stack: SynthesizedStack): string | undefined {
  const comment = stack.json['//'];
  const lq3 = isObject(comment) ? comment['lq3'] : undefined;
  return isObject(lq3) && typeof lq3['environment'] === 'string' ? lq3['environment'] : undefined;
}

/**
 * checkov's terraform_json runner reports resource checks as `resource.<name>`;
 * the type comes back from the stack JSON when the name is unambiguous.
 */
function fullAddress(resource: string, stack: SynthesizedStack): string {
  if (!resource.startsWith('resource.')) return resource;
  const name = resource.slice('resource.'.length);
  const matches = resourcesOf(stack.json).filter((candidate) => candidate.name === name);
  return matches.length === 1 ? matches[0].address : resource;
}

/** Multiset difference a - b. */
function difference(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((item) => {
    const index = rest.indexOf(item);
    if (index === -1) return true;
    rest.splice(index, 1);
    return false;
  });
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** Why the project fails the gate: untrusted scans, failures .checkov.yaml does not skip, violated invariants. */
export function projectProblems(scan: ProjectScan): string[] {
  const problems = scan.stacks.flatMap((stack) => [
    ...stack.problems.map((problem) => `${stack.stack}: ${problem}`),
    ...stack.failed.map((result) => `${stack.stack}: ${result.checkId} failed on ${result.resource}: ${result.checkName}`),
    ...stack.invariantViolations.map((violation) => `${stack.stack}: invariant ${violation}`),
  ]);
  if (scan.stacks.length === 0) problems.push('no stacks in the synth output');
  return problems;
}
